import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runReview } from '../../src/cli/commands/review';
import type { CliIo } from '../../src/cli/io';
import { isSkip, obtainKernelSource } from '../kernel/kernelTree';

const kernel = existsSync('dist/cli.cjs') ? obtainKernelSource() : { skip: 'run npm run build first' };

/** Whole mm/ files of the kernel, in name order, until there are enough bytes for the CLI to start its workers. */
function mmFiles(root: string, bytes: number): string[] {
  const files: string[] = [];
  let size = 0;
  for (const name of readdirSync(join(root, 'mm')).filter((entry) => entry.endsWith('.c')).sort()) {
    if (size >= bytes) break;
    const path = join(root, 'mm', name);
    files.push(path);
    size += statSync(path).size;
  }
  return files;
}

async function inProcess(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (text) => (out += text), err: (text) => (err += text), readStdin: async () => Buffer.alloc(0) };
  return { code: await runReview(args, io), out, err };
}

test('many files in one built CLI call (reviewed by worker threads) give what one thread gives, in the order named',
  { skip: isSkip(kernel) && kernel.skip }, async () => {
    if (isSkip(kernel)) return;
    // 600 KB of real kernel C, an unreadable name in the middle: the order of output and of messages is the user's.
    const files = mmFiles(kernel.root, 600 * 1024);
    const named = [...files.slice(0, 3), join(kernel.root, 'mm', 'no-such-file.c'), ...files.slice(3)];
    for (const format of ['text', 'sarif']) {
      // Two workers whatever the machine's load (left alone, a loaded machine reviews on one thread).
      const built = spawnSync(process.execPath, ['dist/cli.cjs', '--format', format, ...named], {
        encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, OFFLOAD_REVIEW_WORKERS: '2' },
      });
      const alone = await inProcess(['--format', format, ...named]);
      assert.equal(built.status, alone.code, format);
      assert.equal(built.stdout, alone.out, format);
      assert.equal(built.stderr, alone.err, format);
    }
  });
