/**
 * Cuts `length` bytes into `parts` nearly equal chunks that cover every byte.
 * mtcopy V3 cuts `length / parts` bytes per chunk and drops the remainder; here the
 * remainder is spread over the first chunks instead. Chunks stay multiples of 64 bytes
 * (a cache line) whenever the folio is large enough, so workers never share a line.
 * Returns chunk lengths in order; some may be 0 when length < parts.
 */
export function chunkLengths(length: number, parts: number): number[] {
  const unit = length >= 64 * parts ? 64 : 1;
  const units = Math.floor(length / unit);
  const tail = length - units * unit;
  const base = Math.floor(units / parts);
  const extra = units % parts;
  const lengths: number[] = [];
  for (let i = 0; i < parts; i++) lengths.push((base + (i < extra ? 1 : 0)) * unit);
  lengths[parts - 1] += tail;
  return lengths;
}

/** Splits `count` items into `runs` contiguous runs; the first `count % runs` runs get one extra (mtcopy's rule). */
export function contiguousRuns(count: number, runs: number): { first: number; count: number }[] {
  const base = Math.floor(count / runs);
  const extra = count % runs;
  const result: { first: number; count: number }[] = [];
  let next = 0;
  for (let i = 0; i < runs; i++) {
    const size = base + (i < extra ? 1 : 0);
    result.push({ first: next, count: size });
    next += size;
  }
  return result;
}
