import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildReply, findingsAsComments } from '../../src/core/reply';
import type { ParsedDocument } from '../../src/core/patch/types';
import { nodeReviewEngine } from '../../src/node/reviewEngine';
import { fixture, lineOf, parse } from './helpers';

/**
 * Where a document line stands in the patch: the C file and its post-image line (from the reader's unit lines
 * and the `@@` header of the hunk each came from), or for other lines their text.
 */
function position(parsed: ParsedDocument, docLine: number): string {
  for (const unit of parsed.units) {
    const index = unit.lines.findIndex((l) => l.docLine === docLine);
    const hunk = unit.lines[index]?.hunk;
    if (index < 0 || hunk === undefined || unit.patch === undefined || unit.file === undefined) continue;
    let first = index;
    while (first > 0 && unit.lines[first - 1]!.hunk === hunk) first--;
    const info = parsed.patches[unit.patch]!.files[unit.file]!.hunks[hunk]!;
    return `${unit.path}:${info.newStart + (index - first)}`;
  }
  // Quoting trims trailing whitespace (a blank context line ` ` becomes `>`).
  return `text:${parsed.docLines[docLine]!.replace(/^(> ?)+/, '').trimEnd()}`;
}

/** The quoted line a comment in the reply sits under (skipping the blank line between them). */
function anchorAbove(reply: ParsedDocument, replyLine: number): number {
  let line = replyLine - 1;
  while (line >= 0 && !reply.docLines[line]!.startsWith('>')) line--;
  return line;
}

function checkRoundTrip(original: ParsedDocument, comments: { docLine: number; text: string }[]): void {
  const built = buildReply(original, 0, comments);
  const reply = parse(built.text, 'reply.eml');
  assert.equal(reply.kind, 'quoted-reply', built.text);
  assert.equal(reply.patches.length, 1, 'the reply holds the quoted patch');
  assert.equal(reply.patches[0]!.quoteDepth, 1);
  for (const placement of built.placements) {
    const comment = comments[placement.comment]!;
    assert.equal(reply.docLines[placement.replyLine], comment.text.split('\n')[0], 'the comment starts where the placement says');
    const above = anchorAbove(reply, placement.replyLine);
    if (placement.anchorDocLine === undefined) {
      // A comment on a line the quote leaves out before the body (a mail header) opens the reply.
      assert.equal(above, -1, 'a comment without anchor comes before the quote');
      continue;
    }
    assert.equal(position(reply, above), position(original, placement.anchorDocLine), `comment ${placement.comment} "${comment.text}"\n${built.text}`);
  }
}

test('round trip: the reply parses as a quoted patch and every comment sits under the same mapped line', () => {
  const patch = parse(fixture('reply', 'offc-5of9.patch'), 'offc.patch');
  checkRoundTrip(patch, [
    { docLine: lineOf(patch, 'migrate_offc() - copy every folio'), text: 'Spell out offc.' },
    { docLine: lineOf(patch, 'config OFFC_MIGRATION'), text: 'Kconfig comment.' },
    { docLine: lineOf(patch, '.owner = NULL'), text: 'Redundant.' },
    { docLine: lineOf(patch, 'static int offc_count'), text: 'Static is zero already.' },
    { docLine: lineOf(patch, 'MODULE_LICENSE'), text: 'Last line.' },
  ]);
});

test('round trip from the seed (a quoted reply) keeps the lines mapped', () => {
  const seed = parse(fixture('reply', 'seed-reply.txt'), 'seed.txt');
  checkRoundTrip(seed, [
    { docLine: lineOf(seed, 'migrate_offc() - copy every folio'), text: 'Spell out offc.' },
    { docLine: lineOf(seed, '.owner = NULL'), text: 'Redundant.' },
    { docLine: lineOf(seed, 'atomic_try_cmpxchg(&dispatch_to_offc, &old, 0)'), text: 'Result dropped.' },
  ]);
});

test('round trip holds for comments on any lines of the patch (property)', () => {
  const patch = parse(fixture('reply', 'offc-5of9.patch'), 'offc.patch');
  const { docStart, docEnd, files } = patch.patches[0]!;
  // A reply quotes a patch only when some comment concerns the diff; prose-only replies quote prose.
  const diffLine = fc.integer({ min: files[0]!.headerLine, max: docEnd - 1 });
  fc.assert(
    fc.property(diffLine, fc.uniqueArray(fc.integer({ min: docStart, max: docEnd - 1 }), { maxLength: 6 }), (first, lines) => {
      checkRoundTrip(patch, [first, ...lines.filter((l) => l !== first)].map((docLine, i) => ({ docLine, text: `Comment ${i}.` })));
    }),
    { numRuns: 80 },
  );
});

test('the engine finds the same problems in the reply as in the patch', async () => {
  const engine = await nodeReviewEngine();
  const text = fixture('reply', 'offc-5of9.patch');
  const before = engine.review(text, { fileName: 'offc.patch' });
  const reply = buildReply(before.parsed, 0, findingsAsComments(before.findings)).text;
  const after = engine.review(reply, { fileName: 'reply.eml' });
  // The reply trims its quote, so its hunks are cut and their post-image lines are honestly unknown: the same
  // problem is the same rule on the same file saying the same thing.
  const where = (f: { rule: string; sourcePath?: string; message: string }) => `${f.rule} ${f.sourcePath}: ${f.message}`;
  const found = new Set(after.findings.map(where));
  // Whole-file rules may see less of a trimmed file; line-local ones must all come back on their lines.
  const local = before.findings.filter((f) => ['redundant-initializer', 'errno-format', 'ignored-cmpxchg-result'].includes(f.rule));
  assert.ok(local.length >= 4);
  for (const finding of local) assert.ok(found.has(where(finding)), `${where(finding)} lost in\n${reply}`);
});
