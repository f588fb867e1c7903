/**
 * The bytes of the copy workers' WebAssembly module, written here instruction by instruction
 * (no toolchain, no committed binary). Why WebAssembly at all: V8 copies between
 * SharedArrayBuffers with relaxed atomic word moves (TypedArray.prototype.set), while plain
 * v128 loads and stores inside one shared WebAssembly.Memory are ordinary 16-byte moves; and a
 * v128 compare reads 16 bytes a step where JavaScript reads 4. Node 20 has no multi-memory, so
 * a batch's sources and destinations live in the one memory the module imports (batch.ts,
 * wasmBatch).
 *
 * Exports (addresses and lengths are byte offsets in that memory, treated as unsigned):
 *   copy(dst, src, len)                     a v128 load/store loop (no overlap)
 *   equal(a, b, len) -> 1 | 0               every byte of a[0, len) equals b[0, len)
 *   copyCompare(dst, src, len, tile, flip)  per tile: copy it, flip byte `flip` of the span
 *     -> 1 | 0                              (xor 0x5a: injected corruption; -1 for none) when
 *                                           it lies in that tile, then compare the tile while
 *                                           both copies are in cache. 1 when all were equal.
 *   sampleSpan(shift, table, count, seed)   the sampled check of `count` ranges (sampling.ts,
 *     -> ranges that differed               sampleSpan, bit for bit): table holds [start,
 *                                           length] i32 pairs; each becomes [checksum, differed].
 *                                           One call per span, not per folio (16,384 calls per
 *                                           64 MiB of 4 KiB folios would cost what the lines do).
 */

// Opcodes used below (WebAssembly 2.0: fixed-width SIMD is part of it).
const OP = {
  block: 0x02, loop: 0x03, if: 0x04, end: 0x0b, br: 0x0c, brIf: 0x0d, call: 0x10,
  localGet: 0x20, localSet: 0x21,
  i32Load8u: 0x2d, i32Store8: 0x3a,
  i32Const: 0x41, i32Eqz: 0x45, i32LtU: 0x49, i32GeU: 0x4f,
  i32Add: 0x6a, i32Sub: 0x6b, i32Mul: 0x6c, i32And: 0x71, i32Or: 0x72, i32Xor: 0x73, i32Shl: 0x74, i32ShrU: 0x76,
  i32Load: 0x28, i32Store: 0x36, i32Eq: 0x46, i32Ne: 0x47, else: 0x05, i32GtS: 0x4a, i32LeU: 0x4d,
  f64Const: 0x44, f64Floor: 0x9c, f64Add: 0xa0, f64Mul: 0xa2, f64Div: 0xa3, i32TruncF64U: 0xab, f64ConvertI32U: 0xb8, f64: 0x7c,
  select: 0x1b,
  void: 0x40, i32: 0x7f, v128: 0x7b,
  prefixSIMD: 0xfd,
} as const;
/** SIMD sub-opcodes (LEB128 after 0xfd). */
const SIMD = { load: 0x00, store: 0x0b, const: 0x0c, i32x4Splat: 0x11, i32x4ExtractLane: 0x1b, or: 0x50, xor: 0x51, anyTrue: 0x53, i32x4Add: 0xae, i32x4Mul: 0xb5 } as const;

function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v !== 0 ? byte | 0x80 : byte);
  } while (v !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const name = (text: string) => [...uleb(text.length), ...[...text].map((c) => c.charCodeAt(0))];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const get = (local: number) => [OP.localGet, ...uleb(local)];
const set = (local: number) => [OP.localSet, ...uleb(local)];
const i32 = (value: number) => [OP.i32Const, ...sleb(value)];
const simd = (op: number) => [OP.prefixSIMD, ...uleb(op)];
/** v128.load with an alignment hint of 1 byte (no alignment is assumed) and a constant offset. */
const loadV128 = (offset: number) => [...simd(SIMD.load), 0, ...uleb(offset)];

/** A function body: its extra locals as (count, type) runs, then the code. */
function body(locals: [number, number][], code: number[]): number[] {
  const content = [...vec(locals.map(([count, type]) => [...uleb(count), type])), ...code, OP.end];
  return [...uleb(content.length), ...content];
}

const FUNC_COPY = 0;
const FUNC_EQUAL = 1;
const FUNC_COPY_COMPARE = 2;
const FUNC_SAMPLE_SPAN = 3;

/** while (len - i >=u step) { code; i += step }, over the locals `len` and `i`. */
function stridedLoop(len: number, i: number, step: number, code: number[]): number[] {
  return [
    OP.block, OP.void, OP.loop, OP.void,
    ...get(len), ...get(i), OP.i32Sub, ...i32(step), OP.i32LtU, OP.brIf, 1,
    ...code,
    ...get(i), ...i32(step), OP.i32Add, ...set(i),
    OP.br, 0, OP.end, OP.end,
  ];
}

/**
 * copy(dst, src, len): 64 bytes a step with v128 loads and stores, then 16, then bytes. Not
 * memory.copy, which was slower over this shared memory (one thread, 64 MiB, fastest of 40,
 * three runs: memory.copy 7.4–8.3 ms, this loop 6.6–7.3; fused with the compare, 9.2–9.8
 * against 7.8–8.8 ms). Sources and destinations never overlap.
 * Locals: 3 = i.
 */
function copyBody(): number[] {
  const [DST, SRC, LEN, I] = [0, 1, 2, 3];
  const strided = (step: number, code: number[]) => stridedLoop(LEN, I, step, code);
  const mov = (offset: number) => [...get(DST), ...get(I), OP.i32Add, ...get(SRC), ...get(I), OP.i32Add, ...loadV128(offset), ...simd(SIMD.store), 0, ...uleb(offset)];
  return body([[1, OP.i32]], [
    ...strided(64, [...mov(0), ...mov(16), ...mov(32), ...mov(48)]),
    ...strided(16, mov(0)),
    ...strided(1, [...get(DST), ...get(I), OP.i32Add, ...get(SRC), ...get(I), OP.i32Add, OP.i32Load8u, 0, 0, OP.i32Store8, 0, 0]),
  ]);
}

/**
 * equal(a, b, len): 64 bytes a step (four v128 xors OR-ed into one accumulator, no branch per
 * vector), then 16 bytes a step, then bytes; one any_true at the end. Locals: 3 = i, 4 = acc
 * (v128), 5 = tail (i32 or of byte xors).
 */
function equalBody(): number[] {
  const [A, B, LEN, I, ACC, TAIL] = [0, 1, 2, 3, 4, 5];
  const xorAt = (offset: number) => [...get(A), ...get(I), OP.i32Add, ...loadV128(offset), ...get(B), ...get(I), OP.i32Add, ...loadV128(offset), ...simd(SIMD.xor)];
  const strided = (step: number, code: number[]) => stridedLoop(LEN, I, step, code);
  const fold = (offset: number) => [...get(ACC), ...xorAt(offset), ...simd(SIMD.or), ...set(ACC)];
  const byte = (base: number) => [...get(base), ...get(I), OP.i32Add, OP.i32Load8u, 0, 0];
  return body([[1, OP.i32], [1, OP.v128], [1, OP.i32]], [
    // The four xors are OR-ed as a tree, so the accumulator waits on one OR per 64 bytes, not four.
    ...strided(64, [...get(ACC), ...xorAt(0), ...xorAt(16), ...simd(SIMD.or), ...xorAt(32), ...xorAt(48), ...simd(SIMD.or), ...simd(SIMD.or), ...simd(SIMD.or), ...set(ACC)]),
    ...strided(16, fold(0)),
    ...strided(1, [...get(TAIL), ...byte(A), ...byte(B), OP.i32Xor, OP.i32Or, ...set(TAIL)]),
    // Equal when no vector lane and no tail byte differed.
    ...get(ACC), ...simd(SIMD.anyTrue), ...get(TAIL), OP.i32Or, OP.i32Eqz,
  ]);
}

/**
 * copyCompare(dst, src, len, tile, flip): for each tile [at, at + n): copy, the injected
 * flip when it falls in the tile (flip - at <u n, so -1 never does), equal(src + at, dst + at, n).
 * Locals: 5 = at, 6 = n, 7 = ok.
 */
function copyCompareBody(): number[] {
  const [DST, SRC, LEN, TILE, FLIP, AT, N, OK] = [0, 1, 2, 3, 4, 5, 6, 7];
  const plus = (base: number, offset: number) => [...get(base), ...get(offset), OP.i32Add];
  return body([[3, OP.i32]], [
    ...i32(1), ...set(OK),
    OP.block, OP.void, OP.loop, OP.void,
    ...get(AT), ...get(LEN), OP.i32GeU, OP.brIf, 1,
    // n = min(tile, len - at)
    ...get(TILE), ...get(LEN), ...get(AT), OP.i32Sub, ...get(TILE), ...get(LEN), ...get(AT), OP.i32Sub, OP.i32LtU, OP.select, ...set(N),
    ...plus(DST, AT), ...plus(SRC, AT), ...get(N), OP.call, FUNC_COPY,
    ...get(FLIP), ...get(AT), OP.i32Sub, ...get(N), OP.i32LtU, OP.if, OP.void,
    ...plus(DST, FLIP), ...plus(DST, FLIP), OP.i32Load8u, 0, 0, ...i32(0x5a), OP.i32Xor, OP.i32Store8, 0, 0,
    OP.end,
    ...get(OK), ...plus(SRC, AT), ...plus(DST, AT), ...get(N), OP.call, FUNC_EQUAL, OP.i32And, ...set(OK),
    ...get(AT), ...get(N), OP.i32Add, ...set(AT),
    OP.br, 0, OP.end, OP.end,
    ...get(OK),
  ]);
}

const f64 = (value: number) => [OP.f64Const, ...new Uint8Array(new Float64Array([value]).buffer)];
/** i32.load / i32.store with a 4-byte alignment hint and no offset (words at multiples of 4). */
const loadI32 = [OP.i32Load, 2, 0];
const storeI32 = (offset: number) => [OP.i32Store, 2, ...uleb(offset)];
/** a < b ? a : b (signed operands that are never negative here). */
const minOf = (a: number[], b: number[]) => [...b, ...a, ...a, ...b, OP.i32GtS, OP.select];

/**
 * sampleSpan(shift, table, count, seed): for each table entry [start, length] (16 <= length,
 * fewer than 1024 lines), exactly sampling.ts's sampleSpan: `runs` lines at seeded positions
 * (the same f64 arithmetic as JavaScript's, so the same lines), each line's source words w
 * folded into c += x * (2w + 1) and xor-ed with the destination word at shift + 4w. The entry
 * becomes [c, diff != 0]. Returns how many entries differed.
 * Locals: 4 r, 5 start, 6 len, 7 lines, 8 runs, 9 i, 10 w, 11 last, 12 lastWord, 13 c, 14 diff,
 * 15 h, 16 x, 17 bad, 18 entry; 19 stride, 20 phase (f64); 21 vc, 22 vdiff, 23 weights, 24 xv (v128).
 * A whole 16-word line goes four words a lane (the sum mod 2^32 in another order is the same
 * sum); a line cut short by the range's end goes word by word.
 */
function sampleSpanBody(): number[] {
  const [SHIFT, TABLE, COUNT, SEED, R, START, LEN, LINES, RUNS, I, W, LAST, LASTWORD, C, DIFF, H, X, BAD, ENTRY, STRIDE, PHASE, VC, VDIFF, WEIGHTS, XV] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24];
  const v128Const = (lanes: number[]) => [...simd(SIMD.const), ...new Uint8Array(new Int32Array(lanes).buffer)];
  /** Words 4j..4j+3 of a whole line at byte x: xor with the destination into vdiff, x * (2w + 1) into vc. */
  const quad = (j: number) => [
    ...get(X), ...loadV128(16 * j), ...set(XV),
    ...get(VDIFF), ...get(XV), ...get(X), ...get(SHIFT), OP.i32Add, ...loadV128(16 * j), ...simd(SIMD.xor), ...simd(SIMD.or), ...set(VDIFF),
    ...get(VC), ...get(XV), ...get(WEIGHTS), ...v128Const([8 * j, 8 * j + 2, 8 * j + 4, 8 * j + 6]), ...simd(SIMD.i32x4Add), ...simd(SIMD.i32x4Mul), ...simd(SIMD.i32x4Add), ...set(VC),
  ];
  const wholeLine = [
    ...get(W), ...i32(1), OP.i32Shl, ...i32(1), OP.i32Or, ...simd(SIMD.i32x4Splat), ...set(WEIGHTS),
    ...get(W), ...i32(2), OP.i32Shl, ...set(X),
    ...quad(0), ...quad(1), ...quad(2), ...quad(3),
  ];
  /** while (!(stop)) { code } */
  const loop = (stop: number[], code: number[]) => [OP.block, OP.void, OP.loop, OP.void, ...stop, OP.brIf, 1, ...code, OP.br, 0, OP.end, OP.end];
  const inc = (local: number, by: number) => [...get(local), ...i32(by), OP.i32Add, ...set(local)];
  const word = [
    // x = mem[4w]; diff |= x ^ mem[shift + 4w]; c += x * (2w + 1)
    ...get(W), ...i32(2), OP.i32Shl, ...loadI32, ...set(X),
    ...get(DIFF), ...get(X), ...get(SHIFT), ...get(W), ...i32(2), OP.i32Shl, OP.i32Add, ...loadI32, OP.i32Xor, OP.i32Or, ...set(DIFF),
    ...get(C), ...get(X), ...get(W), ...i32(1), OP.i32Shl, ...i32(1), OP.i32Or, OP.i32Mul, OP.i32Add, ...set(C),
    ...inc(W, 1),
  ];
  const run = [
    // w = (start + min(lines - 1, floor((i + phase) * stride)) * 64 + 3) >>> 2
    ...get(I), OP.f64ConvertI32U, ...get(PHASE), OP.f64Add, ...get(STRIDE), OP.f64Mul, OP.f64Floor, OP.i32TruncF64U, ...set(X),
    ...get(START),
    ...minOf([...get(LINES), ...i32(1), OP.i32Sub], get(X)),
    ...i32(6), OP.i32Shl, OP.i32Add, ...i32(3), OP.i32Add, ...i32(2), OP.i32ShrU, ...set(W),
    ...minOf([...get(W), ...i32(15), OP.i32Add], get(LASTWORD)), ...set(LAST),
    ...get(LAST), ...get(W), OP.i32Sub, ...i32(15), OP.i32Eq, OP.if, OP.void,
    ...wholeLine,
    OP.else,
    ...loop([...get(W), ...get(LAST), OP.i32GtS], word),
    OP.end,
    ...inc(I, 1),
  ];
  const range = [
    ...get(TABLE), ...get(R), ...i32(3), OP.i32Shl, OP.i32Add, ...set(ENTRY),
    ...get(ENTRY), ...loadI32, ...set(START),
    ...get(ENTRY), ...i32(4), OP.i32Add, ...set(ENTRY), ...get(ENTRY), ...loadI32, ...set(LEN),
    // lines = ceil(len / 64); runs = lines <= 2 ? lines : max(1, lines >>> 6)
    ...get(LEN), ...i32(63), OP.i32Add, ...i32(6), OP.i32ShrU, ...set(LINES),
    ...get(LINES), ...get(LINES), ...i32(6), OP.i32ShrU, ...set(RUNS), ...get(RUNS), ...i32(1), ...get(RUNS), OP.select, ...get(LINES), ...i32(2), OP.i32LeU, OP.select, ...set(RUNS),
    ...get(LINES), OP.f64ConvertI32U, ...get(RUNS), OP.f64ConvertI32U, OP.f64Div, ...set(STRIDE),
    // phase = phaseOf(seed, start)
    ...get(SEED), ...get(START), OP.i32Xor, ...i32(0x9e3779b1 | 0), OP.i32Mul, ...set(H),
    ...get(H), ...get(H), ...i32(15), OP.i32ShrU, OP.i32Xor, ...i32(0x85ebca6b | 0), OP.i32Mul, ...set(H),
    ...get(H), ...get(H), ...i32(13), OP.i32ShrU, OP.i32Xor, OP.f64ConvertI32U, ...f64(4294967296), OP.f64Div, ...set(PHASE),
    ...get(START), ...get(LEN), OP.i32Add, ...i32(2), OP.i32ShrU, ...i32(1), OP.i32Sub, ...set(LASTWORD),
    ...i32(0x811c9dc5 | 0), ...set(C), ...i32(0), ...set(DIFF), ...i32(0), ...set(I),
    ...v128Const([0, 0, 0, 0]), ...set(VC), ...v128Const([0, 0, 0, 0]), ...set(VDIFF),
    ...loop([...get(I), ...get(RUNS), OP.i32GeU], run),
    // c += the four lanes; diff |= any lane differed.
    ...get(C), ...[0, 1, 2, 3].flatMap((lane) => [...get(VC), ...simd(SIMD.i32x4ExtractLane), lane, OP.i32Add]), ...set(C),
    ...get(DIFF), ...get(VDIFF), ...simd(SIMD.anyTrue), OP.i32Or, ...set(DIFF),
    // entry = [c, diff != 0]
    ...get(ENTRY), ...i32(4), OP.i32Sub, ...get(C), ...storeI32(0),
    ...get(ENTRY), ...get(DIFF), ...i32(0), OP.i32Ne, ...storeI32(0),
    ...get(BAD), ...get(DIFF), ...i32(0), OP.i32Ne, OP.i32Add, ...set(BAD),
    ...inc(R, 1),
  ];
  return body([[15, OP.i32], [2, OP.f64], [4, OP.v128]], [
    ...loop([...get(R), ...get(COUNT), OP.i32GeU], range),
    ...get(BAD),
  ]);
}

/** The module's import: where it finds the batch's memory. */
export const KERNEL_IMPORT = { module: 'copy', field: 'memory' } as const;

/** The whole module, ready for `new WebAssembly.Module(bytes)`. */
export function kernelModuleBytes(): Uint8Array {
  const types = section(1, vec([
    [0x60, ...vec([[OP.i32], [OP.i32], [OP.i32]]), ...vec([])],
    [0x60, ...vec([[OP.i32], [OP.i32], [OP.i32]]), ...vec([[OP.i32]])],
    [0x60, ...vec([[OP.i32], [OP.i32], [OP.i32], [OP.i32], [OP.i32]]), ...vec([[OP.i32]])],
    [0x60, ...vec([[OP.i32], [OP.i32], [OP.i32], [OP.i32]]), ...vec([[OP.i32]])],
  ]));
  // A shared memory import must declare a maximum: 0 pages at least, 65,536 (4 GiB) at most, so
  // any batch's memory fits (flags 3 = has maximum + shared).
  const imports = section(2, vec([[...name(KERNEL_IMPORT.module), ...name(KERNEL_IMPORT.field), 0x02, 0x03, ...uleb(0), ...uleb(65536)]]));
  const functions = section(3, vec([[0], [1], [2], [3]]));
  const exports = section(7, vec([
    [...name('copy'), 0x00, FUNC_COPY],
    [...name('equal'), 0x00, FUNC_EQUAL],
    [...name('copyCompare'), 0x00, FUNC_COPY_COMPARE],
    [...name('sampleSpan'), 0x00, FUNC_SAMPLE_SPAN],
  ]));
  const code = section(10, vec([copyBody(), equalBody(), copyCompareBody(), sampleSpanBody()]));
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...functions, ...exports, ...code]);
}
