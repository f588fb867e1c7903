// Builds and runs the native memcpy reference (bench/native/memcpy_bench.c) with the machine's cc.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export interface NativeResult {
  /** GB/s per folio size, then per thread count ("1", "2"). */
  byFolio: Record<string, Record<'1' | '2', number>>;
  /** Why native figures are missing, when they are. */
  note?: string;
}

const SOURCE = fileURLToPath(new URL('../bench/native/memcpy_bench.c', import.meta.url));
const BUILD_DIR = fileURLToPath(new URL('../.tmp/native/', import.meta.url));

export function measureNative(folioSizes: number[], batchBytes: number, rounds: number): NativeResult {
  mkdirSync(BUILD_DIR, { recursive: true });
  const binary = join(BUILD_DIR, 'memcpy_bench');
  const cc = process.env.CC ?? 'cc';
  const build = spawnSync(cc, ['-O2', '-pthread', '-o', binary, SOURCE], { encoding: 'utf8' });
  if (build.error || build.status !== 0) {
    const why = build.error ? `${cc} not found` : build.stderr.split('\n')[0];
    return { byFolio: {}, note: `native memcpy skipped: could not build ${SOURCE} (${why})` };
  }
  const byFolio: NativeResult['byFolio'] = {};
  for (const folioBytes of folioSizes) {
    const single = runNative(binary, folioBytes, batchBytes, 1, rounds);
    const dual = runNative(binary, folioBytes, batchBytes, 2, rounds);
    if (single === undefined || dual === undefined) return { byFolio, note: `native memcpy failed for ${folioBytes}-byte folios` };
    byFolio[folioBytes] = { '1': single, '2': dual };
  }
  return { byFolio };
}

function runNative(binary: string, folioBytes: number, batchBytes: number, threads: number, rounds: number): number | undefined {
  const run = spawnSync(binary, [String(folioBytes), String(batchBytes), String(threads), String(rounds)], { encoding: 'utf8' });
  const match = /GBps ([\d.]+)/.exec(run.stdout ?? '');
  return run.status === 0 && match ? Math.round(Number(match[1]) * 100) / 100 : undefined;
}
