import type { BenchSection } from './section';

export async function benchCopy(): Promise<BenchSection> {
  return { title: 'copy (not measured yet)', table: '', json: {} };
}
