// Builds and drives the native reference (bench/native/memcpy_bench.c, compiled with the machine's cc):
// one long-lived process whose passes interleave with the engine's rounds.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SOURCE = fileURLToPath(new URL('../bench/native/memcpy_bench.c', import.meta.url));
const BUILD_DIR = fileURLToPath(new URL('../.tmp/native/', import.meta.url));

export interface NativeCopier {
  /** One pass over the batch: memcpy per folio ('copy') or memcpy then memcmp per folio ('verify'); GB/s. */
  pass(kind: 'copy' | 'verify', folioBytes: number, threads: number): Promise<number>;
  close(): void;
}

/** Returns the running reference, or a note saying why there is none. */
export function startNative(batchBytes: number): NativeCopier | { note: string } {
  mkdirSync(BUILD_DIR, { recursive: true });
  const binary = join(BUILD_DIR, 'memcpy_bench');
  const cc = process.env.CC ?? 'cc';
  const build = spawnSync(cc, ['-O2', '-pthread', '-o', binary, SOURCE], { encoding: 'utf8' });
  if (build.error || build.status !== 0) {
    const why = build.error ? `${cc} not found` : build.stderr.split('\n')[0];
    return { note: `native memcpy skipped: could not build ${SOURCE} (${why})` };
  }
  const child: ChildProcessWithoutNullStreams = spawn(binary, [String(batchBytes)]);
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.(line));
  child.on('exit', () => {
    for (const resolve of waiting.splice(0)) resolve('error native reference exited');
  });
  return {
    pass(kind, folioBytes, threads) {
      return new Promise((resolve, reject) => {
        waiting.push((line) => {
          const match = /^GBps ([\d.]+)$/.exec(line);
          if (match) resolve(Number(match[1]));
          else reject(new Error(`native ${kind} ${folioBytes} x ${threads}: ${line}`));
        });
        child.stdin.write(`${kind} ${folioBytes} ${threads}\n`);
      });
    },
    close() {
      child.stdin.end();
    },
  };
}
