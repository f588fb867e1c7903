import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { applyDocumentEdits, mapUnitEdits, parseDocument, type UnitEdit } from '../../src/core/patch/index';
import { readFixture } from './helpers';

const hasGit = spawnSync('git', ['--version']).status === 0;

/**
 * The files a patch applies to, rebuilt from its own hunks: each hunk's pre-image (context and `-` lines)
 * placed at its old start, filler lines elsewhere. Enough for `git apply --check`.
 */
function baseTree(patchText: string): Map<string, string[]> {
  const files = new Map<string, string[]>();
  let current: string[] | undefined;
  let inHunk = false;
  for (const text of patchText.split('\n')) {
    const path = /^--- a\/(.*)$/.exec(text)?.[1];
    if (path) {
      current = [];
      files.set(path, current);
      inHunk = false;
      continue;
    }
    if (text.startsWith('--- /dev/null') || text.startsWith('diff --git')) {
      current = undefined;
      inHunk = false;
      continue;
    }
    const hunk = /^@@ -(\d+)/.exec(text);
    if (hunk && current) {
      const line = Number(hunk[1]);
      while (current.length < line - 1) current.push(`/* filler ${current.length + 1} */`);
      inHunk = true;
      continue;
    }
    if (!inHunk || !current) continue;
    if (text.startsWith(' ') || text.startsWith('-')) current.push(text.slice(1));
    else if (!text.startsWith('+') && !text.startsWith('\\')) inHunk = false;
  }
  return files;
}

function gitApplyCheck(patchText: string, base: Map<string, string[]>): { status: number | null; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'patch-apply-'));
  try {
    for (const [path, lines] of base) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), `${lines.join('\n')}\n/* tail */\n`);
    }
    writeFileSync(join(dir, 'edited.patch'), patchText);
    const result = spawnSync('git', ['apply', '--check', 'edited.patch'], { cwd: dir, encoding: 'utf8' });
    return { status: result.status, stderr: result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const original = readFixture('examples/migrate_offc.patch');
const base = baseTree(original);

test('the rebuilt base tree accepts the untouched patch', { skip: !hasGit && 'git is not installed' }, () => {
  assert.deepEqual(gitApplyCheck(original, base), { status: 0, stderr: '' });
});

test('quick-fix edits mapped into a patch keep it applicable (git apply --check)', { skip: !hasGit && 'git is not installed' }, () => {
  const doc = parseDocument(original);
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), line: fc.nat(), count: fc.integer({ min: 1, max: 3 }) }),
    fc.record({ kind: fc.constant('replace' as const), line: fc.nat(), column: fc.nat(), text: fc.constantFrom('x', 'offload_copy', '') }),
    fc.record({ kind: fc.constant('split' as const), line: fc.nat(), column: fc.nat() }),
  );
  fc.assert(
    fc.property(fc.nat(), fc.array(edit, { minLength: 1, maxLength: 4 }), (u, wanted) => {
      const unit = doc.units[u % doc.units.length]!;
      const texts = unit.text.split('\n');
      const edits: UnitEdit[] = wanted.map((w) => {
        const line = w.line % unit.lines.length;
        const column = w.kind === 'delete' ? 0 : w.column % ((texts[line]?.length ?? 0) + 1);
        if (w.kind === 'delete') return { range: { start: { line, column: 0 }, end: { line: Math.min(line + w.count, unit.lines.length), column: 0 } }, newText: '' };
        if (w.kind === 'split') return { range: { start: { line, column }, end: { line, column } }, newText: '\n\t' };
        return { range: { start: { line, column }, end: { line, column } }, newText: w.text };
      });
      const mapped = mapUnitEdits(doc, unit, edits);
      fc.pre(mapped !== undefined);
      const edited = applyDocumentEdits(doc.docLines.join('\n'), mapped!);
      const result = gitApplyCheck(edited, base);
      assert.equal(result.status, 0, result.stderr);
    }),
    { numRuns: 30 },
  );
});
