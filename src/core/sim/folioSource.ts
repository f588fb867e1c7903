import type { Rng } from './rng';
import type { FolioSizeShare } from './types';
import { PAGE_SIZE, PMD_SIZE } from './costModel';

/** Sizes of the folios to migrate, in list order: one size, or a weighted mix drawn from the run's seed. */
export class FolioSource {
  private readonly sizes: number[];
  private readonly cumulative: number[];
  readonly uniform: number | undefined;

  constructor(
    shares: FolioSizeShare[],
    private readonly rng: Rng,
  ) {
    const valid = shares.filter((s) => s.weight > 0);
    if (valid.length === 0) throw new Error('folio size mix is empty');
    for (const s of valid) {
      if (!isFolioSize(s.bytes)) throw new Error(`folio size ${s.bytes} is not a power of two between 4K and 2M`);
    }
    this.sizes = valid.map((s) => s.bytes);
    const total = valid.reduce((sum, s) => sum + s.weight, 0);
    let run = 0;
    this.cumulative = valid.map((s) => (run += s.weight / total));
    this.uniform = this.sizes.length === 1 ? this.sizes[0] : undefined;
  }

  next(): number {
    if (this.uniform !== undefined) return this.uniform;
    const u = this.rng.next();
    const at = this.cumulative.findIndex((c) => u < c);
    return this.sizes[at < 0 ? this.sizes.length - 1 : at]!;
  }

  /** Mean folio size, to turn a byte total into a folio count. */
  meanBytes(): number {
    let previous = 0;
    return this.sizes.reduce((sum, size, i) => {
      const share = this.cumulative[i]! - previous;
      previous = this.cumulative[i]!;
      return sum + size * share;
    }, 0);
  }
}

export function isFolioSize(bytes: number): boolean {
  return Number.isInteger(bytes) && bytes >= PAGE_SIZE && bytes <= PMD_SIZE && (bytes & (bytes - 1)) === 0;
}
