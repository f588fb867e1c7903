// Runs the real checkpatch.pl, obtained at test time from Debian's linux-source package (never committed),
// on our example patch and on the seed, and checks what the editor would show: its findings merged with ours.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpatchDocument, dedupeCheckpatch } from '../../src/core/checkpatch';
import { nodeReviewEngine } from '../../src/node/reviewEngine';
import { checkpatchRunner } from '../../src/node/checkpatchRunner';
import { fixture, lineOf } from '../reply/helpers';
import { obtainCheckpatch } from './obtainCheckpatch';

const obtained = obtainCheckpatch();
const scriptPath = 'path' in obtained ? obtained.path : '';

/** Skips (with the reason) when no checkpatch.pl could be had on this machine. */
function unavailable(t: TestContext): boolean {
  if ('path' in obtained) return false;
  t.skip(`checkpatch.pl unavailable: ${obtained.skip}`);
  return true;
}

/** The content of a file the patch creates: its added lines, without the '+'. */
function createdFile(patch: string, path: string): string {
  const lines = patch.split('\n');
  const start = lines.indexOf(`+++ b/${path}`);
  const end = lines.findIndex((line, index) => index > start && line.startsWith('diff --git '));
  return lines.slice(start + 1, end < 0 ? undefined : end).filter((line) => line.startsWith('+')).map((line) => `${line.slice(1)}\n`).join('');
}

/** Each saved output under test/fixtures/checkpatch/, with the input and options it was printed for. */
function savedRuns(): { saved: string; input: string; file?: string; options: string[] }[] {
  const example = fixture('reply', 'offc-5of9.patch');
  const messy = fixture('checkpatch', 'messy.patch');
  const exampleC = createdFile(example, 'mm/migrate_offc.c');
  return [
    { saved: 'patch-normal.txt', input: example, options: [] },
    { saved: 'patch-strict-stdin.txt', input: example, options: ['--strict'] },
    { saved: 'patch-strict-terse-stdin.txt', input: example, options: ['--strict', '--terse'] },
    { saved: 'clean.txt', input: fixture('checkpatch', 'clean.patch'), options: [] },
    { saved: 'messy-strict.txt', input: messy, options: ['--strict'] },
    { saved: 'messy-strict-terse.txt', input: messy, options: ['--strict', '--terse'] },
    { saved: 'not-a-patch.txt', input: 'hello\n', options: [] },
    { saved: 'file-clean.txt', input: 'int main(void)\n{\n\treturn 0;\n}\n', file: 'clean.c', options: [] },
    { saved: 'file-strict.txt', input: exampleC, file: 'migrate_offc.c', options: ['--strict'] },
    { saved: 'file-strict-terse.txt', input: exampleC, file: 'migrate_offc.c', options: ['--strict', '--terse'] },
  ];
}

test('every saved output is what checkpatch.pl prints for its input today', (t) => {
  if (unavailable(t)) return;
  const runs = savedRuns();
  assert.deepEqual(runs.map((run) => run.saved).sort(), readdirSync(join('test', 'fixtures', 'checkpatch')).filter((name) => name.endsWith('.txt')).sort(), 'a saved output without its run here');
  const folder = mkdtempSync(join(tmpdir(), 'checkpatch-saved-'));
  try {
    for (const run of runs) {
      if (run.file) writeFileSync(join(folder, run.file), run.input);
      const target = run.file ? ['--file', run.file] : ['-'];
      const live = spawnSync('perl', [scriptPath, '--no-tree', '--show-types', '--color=never', ...run.options, ...target], {
        cwd: folder, input: run.file ? '' : run.input, encoding: 'utf8', env: { ...process.env, HOME: folder },
      });
      assert.equal(live.stdout, fixture('checkpatch', run.saved), `${run.saved} differs from checkpatch.pl ${run.options.join(' ')} ${target.join(' ')}`);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('checkpatch beside our rules on the example patch: merged, deduplicated, typed', async (t) => {
  if (unavailable(t)) return;
  const engine = await nodeReviewEngine();
  const text = fixture('reply', 'offc-5of9.patch');
  const review = engine.review(text, { fileName: 'offc-5of9.patch' });
  const checked = await checkpatchDocument(review.parsed, checkpatchRunner({ scriptPath, strict: true }), 'offc-5of9.patch');
  assert.equal(checked.failure, undefined);
  const { kept, covered } = dedupeCheckpatch(review.findings, checked.findings, engine.rules);
  // Ours already say these two, on the same lines: checkpatch's copies go.
  assert.deepEqual(covered.map((c) => `${c.finding.type}→${c.rule}`).sort(), ['INITIALISED_STATIC→redundant-initializer', 'SPDX_LICENSE_TAG→missing-spdx']);
  // What only checkpatch knows stays, on the right lines.
  const at = (type: string) => kept.find((f) => f.type === type)?.range.start.line;
  assert.equal(at('CONFIG_DESCRIPTION'), lineOf(review.parsed, '+config OFFC_MIGRATION'));
  assert.equal(at('FILE_PATH_CHANGES'), lineOf(review.parsed, 'new file mode 100644'));
  assert.equal(at('UNCOMMENTED_DEFINITION'), lineOf(review.parsed, 'DEFINE_MUTEX'));
  // And what only we know (the seed's two points) is not in checkpatch's output at all.
  assert.ok(review.findings.some((f) => f.rule === 'redundant-initializer' && f.message.includes('.owner')));
  assert.ok(review.findings.some((f) => f.rule === 'terse-identifier'));
  assert.ok(!checked.findings.some((f) => /owner|offc/.test(f.message)));
});

test('checkpatch on the seed reply: the unquoted patch is checked, mail-client damage is not reported', async (t) => {
  if (unavailable(t)) return;
  const engine = await nodeReviewEngine();
  const review = engine.review(fixture('reply', 'seed-reply.txt'), { fileName: 'seed-reply.txt' });
  const checked = await checkpatchDocument(review.parsed, checkpatchRunner({ scriptPath }), 'seed-reply.txt');
  assert.equal(checked.failure, undefined);
  // checkpatch flags SPDX_LICENSE_TAG on the quote's first line, but the reviewer trimmed the file's real first
  // line (its SPDX tag): that report is dropped, as our missing-spdx says nothing there either.
  assert.deepEqual(checked.findings.map((f) => f.type).sort(), ['FILE_PATH_CHANGES']);
  const { kept } = dedupeCheckpatch(review.findings, checked.findings, engine.rules);
  assert.deepEqual(kept.map((f) => f.type), ['FILE_PATH_CHANGES']);
});

test('checkpatch --file on a plain C file', async (t) => {
  if (unavailable(t)) return;
  const c = fixture('checkpatch', 'clean.patch').split('\n').slice(16, 23).map((l) => l.slice(1)).join('\n');
  const engine = await nodeReviewEngine();
  const review = engine.review(`// SPDX-License-Identifier: GPL-2.0\nstatic int count = 0;\n${c}\n`, { fileName: 'count.c' });
  const checked = await checkpatchDocument(review.parsed, checkpatchRunner({ scriptPath }), 'count.c');
  assert.equal(checked.failure, undefined);
  const initialised = checked.findings.find((f) => f.type === 'INITIALISED_STATIC');
  assert.equal(initialised?.range.start.line, 1);
});
