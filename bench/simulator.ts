import type { BenchSection } from './section';

export async function benchSimulator(): Promise<BenchSection> {
  return { title: 'simulator (not measured yet)', table: '', json: {} };
}
