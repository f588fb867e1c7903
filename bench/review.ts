import type { BenchSection } from './section';

export async function benchReview(): Promise<BenchSection> {
  return { title: 'review (not measured yet)', table: '', json: {} };
}
