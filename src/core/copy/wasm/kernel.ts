import { KERNEL_IMPORT, kernelModuleBytes } from './kernelModule';

/**
 * The WebAssembly copy and compare functions bound to one batch's memory (kernelModule.ts).
 * Addresses are byte offsets in that memory; the batch keeps its sources at 0 and its
 * destinations `destinationOffset` bytes further (batch.ts).
 */
export interface CopyKernel {
  copy(destination: number, source: number, length: number): void;
  /** 1 when a[0, length) equals b[0, length). */
  equal(a: number, b: number, length: number): number;
  /** Tile by tile: copy, flip byte `flip` of the span (xor 0x5a; -1 for none), compare while in cache. 1 when every tile compared equal. */
  copyCompare(destination: number, source: number, length: number, tile: number, flip: number): number;
  /**
   * The sampled check of `count` ranges (sampling.ts's sampleSpan, bit for bit): `table` holds
   * [start, length] i32 pairs (16 <= length, under 1024 lines); each becomes [checksum, 1 when
   * the sample differed]. Destinations at `shift` past their sources. Returns how many differed.
   */
  sampleSpan(shift: number, table: number, count: number, seed: number): number;
}

let compiled: WebAssembly.Module | null | undefined;

/** The module, compiled once per thread; null where WebAssembly (with SIMD and bulk memory) is unavailable or refused (a CSP without 'wasm-unsafe-eval'). */
function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    compiled = typeof WebAssembly === 'object' ? new WebAssembly.Module(kernelModuleBytes() as Uint8Array<ArrayBuffer>) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

/** The kernel over `memory`, or undefined when this thread cannot run it (the caller then copies with typed arrays). */
export function instantiateKernel(memory: WebAssembly.Memory): CopyKernel | undefined {
  const module = kernelModule();
  if (!module) return undefined;
  try {
    const instance = new WebAssembly.Instance(module, { [KERNEL_IMPORT.module]: { [KERNEL_IMPORT.field]: memory } });
    return instance.exports as unknown as CopyKernel;
  } catch {
    return undefined;
  }
}

/** Kernels by batch memory id, a few kept per thread: a worker sees the same batches run after run, and each message carries a fresh Memory object for the same memory. */
export class KernelCache {
  private readonly kernels = new Map<number, CopyKernel | undefined>();

  constructor(private readonly keep = 4) {}

  kernelFor(memory: WebAssembly.Memory, id: number): CopyKernel | undefined {
    if (this.kernels.has(id)) {
      const kernel = this.kernels.get(id);
      // Most recently used last.
      this.kernels.delete(id);
      this.kernels.set(id, kernel);
      return kernel;
    }
    if (this.kernels.size >= this.keep) this.kernels.delete(this.kernels.keys().next().value!);
    const kernel = instantiateKernel(memory);
    this.kernels.set(id, kernel);
    return kernel;
  }
}
