/**
 * Where the kernel's sampled check (kernelModule.ts, sampleSpan) reads its range table and
 * writes its answers: a few slots past a one-memory batch's destinations (batch.ts sizes the
 * memory for them). The kernel only sees its one memory, so a span's [start, length] pairs
 * must be written there; one call per span then samples all its folios (a call per 4 KiB
 * folio would cost what its line does). Workers share the memory, so a thread claims a slot
 * for a task with one compare-exchange and gives it back after; a worker terminated while
 * holding one leaks it, and once none is free the check runs in JavaScript (same results).
 */
export const SCRATCH_SLOTS = 8;
/** 8,192 entries of 8 bytes: a 128 KiB tile of 16-byte ranges. */
export const SCRATCH_SLOT_BYTES = 64 * 1024;
/** The slots' claim words, then the slots. */
const SLOTS_AT = 64;
/** Bytes the scratch takes past the destinations. */
export const SCRATCH_BYTES = SLOTS_AT + SCRATCH_SLOTS * SCRATCH_SLOT_BYTES;

/** The scratch starts where a one-memory batch's destinations end: they are as long as the sources, and start `shift` in. */
export function scratchBase(shift: number): number {
  return 2 * shift;
}

/** A slot's byte address, claimed for this thread; undefined when the memory has no scratch or every slot is taken. */
export function claimSlot(buffer: ArrayBufferLike, shift: number): number | undefined {
  const base = scratchBase(shift);
  if (shift <= 0 || !(buffer instanceof SharedArrayBuffer) || buffer.byteLength < base + SCRATCH_BYTES) return undefined;
  const claims = new Int32Array(buffer, base, SCRATCH_SLOTS);
  for (let slot = 0; slot < SCRATCH_SLOTS; slot++) {
    if (Atomics.compareExchange(claims, slot, 0, 1) === 0) return base + SLOTS_AT + slot * SCRATCH_SLOT_BYTES;
  }
  return undefined;
}

/** Gives a slot from claimSlot back. */
export function releaseSlot(buffer: ArrayBufferLike, shift: number, address: number): void {
  const base = scratchBase(shift);
  Atomics.store(new Int32Array(buffer, base, SCRATCH_SLOTS), (address - base - SLOTS_AT) / SCRATCH_SLOT_BYTES, 0);
}
