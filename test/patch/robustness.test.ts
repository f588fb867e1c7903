import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyDocumentEdits, mapUnitEdit, parseDocument, type ParsedDocument } from '../../src/core/patch/index';
import { assertMapping, fixtureTexts, readFixture } from './helpers';

const KINDS = new Set(['c', 'diff', 'format-patch', 'mbox', 'quoted-reply', 'unknown']);

function assertSane(doc: ParsedDocument, text: string): void {
  assert.ok(KINDS.has(doc.kind));
  // The editor's own line breaks: CRLF, LF and a lone CR (VS Code's TextDocument splits at all three).
  assert.equal(doc.docLines.length, text.split(/\r\n|\r|\n/).length);
  assertMapping(doc);
}

const named = fixtureTexts();
const fixtures = named.map(([, text]) => text);
/** The patch, the nested reply and the plain multi-hunk diff: fixtures whose units a whole-document quote must keep. */
const quotable = ['examples/migrate_offc.patch', 'test/fixtures/patches/reply-nested.txt', 'test/fixtures/patches/migrate-multi-hunk.diff']
  .map((path) => named.findIndex(([name]) => name === path));

/** One random change to a document's lines: what a hurried replier or a broken mailer does. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('quote' as const), at: fc.nat(), marker: fc.constantFrom('> ', '>', '>> ', '> > ') }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 40 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat(), keep: fc.nat({ max: 30 }) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, mutations: Mutation[], crlf: boolean): string {
  const lines = text.split('\n');
  for (const m of mutations) {
    const at = m.at % lines.length;
    if (m.op === 'delete' && lines.length > 1) lines.splice(at, 1);
    else if (m.op === 'duplicate') lines.splice(at, 0, lines[at] ?? '');
    else if (m.op === 'quote') lines[at] = m.marker + (lines[at] ?? '');
    else if (m.op === 'insert') lines.splice(at, 0, m.text);
    else if (m.op === 'truncate') lines[at] = (lines[at] ?? '').slice(0, m.keep);
  }
  return lines.join(crlf ? '\r\n' : '\n');
}

test('arbitrary strings never throw and keep every position in range', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: fc.constantFrom('>', ' ', '+', '-', '@', '\n', '\r', 'a', ',', '1', '\t'), maxLength: 400 })), (text) => {
      assertSane(parseDocument(text), text);
    }),
    { numRuns: 200 },
  );
});

test('mutated fixtures (deleted, duplicated, quoted, cut lines, CRLF) never throw and keep the mapping identity', () => {
  fc.assert(
    fc.property(fc.nat({ max: fixtures.length - 1 }), fc.array(mutation, { maxLength: 12 }), fc.boolean(), (index, mutations, crlf) => {
      const text = mutate(fixtures[index] as string, mutations, crlf);
      assertSane(parseDocument(text, 'mutated.c'), text);
    }),
    { numRuns: 300 },
  );
});

test('a whole quoted fixture at any depth gives the same units, shifted by the quote', () => {
  fc.assert(
    fc.property(fc.nat({ max: 2 }), fc.constantFrom('> ', '>', '> > ', '>> '), (index, marker) => {
      const original = parseDocument(fixtures[quotable[index]!] as string);
      const quoted = (fixtures[quotable[index]!] as string).replace(/\r/g, '').split('\n').map((l) => (l === '' ? marker.trimEnd() : marker + l)).join('\n');
      const doc = parseDocument(`On Tue, 23 Sep 2025 17:47:40 +0000, Someone wrote:\n${quoted}`);
      assert.equal(doc.kind, 'quoted-reply');
      assert.deepEqual(doc.units.map((u) => u.text), original.units.map((u) => u.text));
      assertMapping(doc);
    }),
  );
});

/** Picks a unit of an unmutated fixture, so the re-read document has the same units in the same order. */
const pickUnit = fc.tuple(fc.nat({ max: fixtures.length - 1 }), fc.nat(), fc.nat());

function reread(doc: ParsedDocument, edits: ReturnType<typeof mapUnitEdit>): ParsedDocument {
  return parseDocument(applyDocumentEdits(doc.docLines.join('\n'), edits!), 'edited.c');
}

test('a single-line replacement mapped to the document gives exactly the edited unit text when re-read', () => {
  fc.assert(
    fc.property(pickUnit, fc.nat(), fc.nat(), fc.string({ maxLength: 8 }).filter((s) => !/[\n\r]/.test(s)), ([index, u, l], a, b, newText) => {
      const doc = parseDocument(fixtures[index] as string, 'fixture.c');
      const unitIndex = u % doc.units.length;
      const unit = doc.units[unitIndex]!;
      const line = l % unit.lines.length;
      const texts = unit.text.split('\n');
      const text = texts[line]!;
      const [from, to] = [a % (text.length + 1), b % (text.length + 1)].sort((x, y) => x - y) as [number, number];
      const edits = mapUnitEdit(doc, unit, { range: { start: { line, column: from }, end: { line, column: to } }, newText });
      if (unit.lines[line]!.docLine === undefined) return assert.equal(edits, undefined);
      // A hunk's last context line must stay context (git apply wants trailing context): no fix there.
      if (!edits) return assert.ok(!unit.lines[line]!.added && unit.lines[line + 1]?.hunk !== unit.lines[line]!.hunk);
      texts[line] = text.slice(0, from) + newText + text.slice(to);
      const after = reread(doc, edits);
      assert.equal(after.units[unitIndex]?.text, texts.join('\n'));
      assert.deepEqual(after.units.map((x) => x.lines.length), doc.units.map((x) => x.lines.length));
    }),
    { numRuns: 300 },
  );
});

test('deleting whole unit lines gives the unit without them when re-read, with consistent hunk headers', () => {
  fc.assert(
    fc.property(pickUnit, fc.nat({ max: 3 }), ([index, u, l], extra) => {
      const doc = parseDocument(fixtures[index] as string, 'fixture.c');
      const unitIndex = u % doc.units.length;
      const unit = doc.units[unitIndex]!;
      const first = l % unit.lines.length;
      const last = Math.min(unit.lines.length - 1, first + extra);
      const edits = mapUnitEdit(doc, unit, { range: { start: { line: first, column: 0 }, end: { line: last + 1, column: 0 } }, newText: '' });
      const touched = unit.lines.slice(first, last + 1);
      if (touched.some((line) => line.docLine === undefined)) return assert.equal(edits, undefined);
      // Emptying a whole hunk or file leaves nothing to re-read in its place; other tests cover the headers then.
      const emptied = (h: number | undefined) => unit.lines.every((line, i) => line.hunk !== h || (i >= first && i <= last));
      if (touched.some((line) => emptied(line.hunk))) return;
      const endsHunk = (i: number) => !unit.lines[i]!.added && unit.lines[i + 1]?.hunk !== unit.lines[i]!.hunk;
      if (!edits) return assert.ok(touched.some((_, i) => endsHunk(first + i)), 'only a hunk\'s last context line refuses');
      const after = reread(doc, edits);
      // A hunk left with no change is deleted whole (git apply rejects it); its context goes with it.
      const hunks = (d: ParsedDocument) => d.patches.flatMap((p) => p.files.map((f) => f.hunks.length)).join();
      if (hunks(after) !== hunks(doc)) return;
      const texts = unit.text.split('\n');
      texts.splice(first, last - first + 1);
      assert.equal(after.units[unitIndex]?.text, texts.join('\n'));
      for (const [i, hunk] of (after.units[unitIndex]?.patch === undefined ? [] : after.patches[after.units[unitIndex]!.patch!]!.files[after.units[unitIndex]!.file!]!.hunks).entries()) {
        const held = after.units[unitIndex]!.lines.filter((line) => line.hunk === i).length;
        assert.equal(held + hunk.missingNewLines, hunk.newCount);
      }
    }),
    { numRuns: 300 },
  );
});

test('absurd hunk counts, truncated headers and a hunk without a file are read, not fatal', () => {
  const absurd = 'diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1,99999999999999999999 +1,4294967296 @@\n int a;\n+int b;\n';
  const doc = parseDocument(absurd);
  assert.equal(doc.kind, 'diff');
  assert.equal(doc.units[0]?.text, 'int a;\nint b;');
  assert.ok(doc.notes.some((n) => /promises/.test(n)));
  for (const text of ['From: someone\nSubject: [PATCH', 'diff --git a/x.c', '@@ -1 +1 @@\n-a\n+b', '--- a/x.c\n+++ ', 'Subject: =?UTF-8?B?!!!?=\n\n@@ -0,0 +1 @@\n+x']) {
    assertSane(parseDocument(text), text);
  }
});

test('a 20 MB document is read (one line, a C file), and a 2 MB mbox of 275 patches', () => {
  assert.equal(parseDocument('x'.repeat(20 * 1024 * 1024)).kind, 'unknown');
  const c = readFixture('test/fixtures/patches/mtcopy_sketch.c');
  const bigC = c.repeat(Math.ceil((20 * 1024 * 1024) / c.length));
  assert.equal(parseDocument(bigC).units[0]?.lines.length, bigC.split('\n').length);
  const patch = readFixture('examples/migrate_offc.patch');
  const copies = Math.ceil((2 * 1024 * 1024) / patch.length);
  const doc = parseDocument(patch.repeat(copies));
  assert.equal(doc.kind, 'mbox');
  assert.equal(doc.units.length, 3 * copies);
  assertMapping(doc);
});
