import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../src/core/patch/index';
import { assertMapping, crlfPatch, exampleHeader, fixtureTexts, readFixture } from './helpers';

test('every fixture keeps the mapping identity for every unit line', () => {
  for (const [path, text] of fixtureTexts()) {
    const doc = parseDocument(text, path);
    assert.notEqual(doc.kind, 'unknown', path);
    assert.ok(doc.units.length > 0, `${path} has C units`);
    assertMapping(doc);
  }
});

test('plain C: one whole-file unit, every line added, offset 0, named after the file', () => {
  const text = readFixture('test/fixtures/patches/mtcopy_sketch.c');
  const doc = parseDocument(text, 'mtcopy_sketch.c');
  assert.equal(doc.kind, 'c');
  assert.equal(doc.units.length, 1);
  const unit = doc.units[0]!;
  assert.equal(unit.path, 'mtcopy_sketch.c');
  assert.equal(unit.origin, 'whole-file');
  assert.equal(unit.text, text);
  assert.ok(unit.lines.every((line, i) => line.docLine === i && line.docColumnOffset === 0 && line.added));
  assert.equal(parseDocument('int x;\n').units[0]?.path, 'untitled.c');
});

test('a .h file is C; the name given does not decide the kind', () => {
  const header = exampleHeader();
  assert.equal(parseDocument(header, 'migrate_offc.h').kind, 'c');
  const reply = parseDocument(readFixture('examples/seed-reply.txt'), 'looks-like.c');
  assert.equal(reply.kind, 'quoted-reply');
  assert.equal(reply.units[0]?.path, 'mm/migrate_offc.c');
});

test('git format-patch: headers, in-body From, message up to ---, C files only as units', () => {
  const doc = parseDocument(readFixture('examples/migrate_offc.patch'));
  assert.equal(doc.kind, 'format-patch');
  const patch = doc.patches[0]!;
  assert.equal(patch.subject, '[RFC V3 5/9] mm: let a driver take over the batch copy of folio migration');
  assert.equal(patch.from, 'Example Author <author@example.org>', 'the in-body From: names the author');
  assert.equal(patch.messageId, '<20250924091230.4242-6-sender@example.org>');
  assert.equal(patch.inReplyTo, '<20250924091230.4242-1-sender@example.org>');
  assert.match(patch.message, /Offload-Copy/);
  assert.doesNotMatch(patch.message, /insertions|migrate_offc\.h \|/, 'the diffstat is not part of the message');
  assert.deepEqual(patch.files.map((f) => f.newPath), ['include/linux/migrate_offc.h', 'mm/Kconfig', 'mm/Makefile', 'mm/migrate.c', 'mm/migrate_offc.c']);
  assert.deepEqual(doc.units.map((u) => [u.path, u.origin]), [
    ['include/linux/migrate_offc.h', 'new-file'],
    ['mm/migrate.c', 'hunks'],
    ['mm/migrate_offc.c', 'new-file'],
  ]);
  const offc = doc.units[2]!;
  assert.equal(offc.text.split('\n')[0], '// SPDX-License-Identifier: GPL-2.0');
  assert.equal(offc.lines.length, 66);
  assert.deepEqual(doc.notes, []);
});

test('a modified file\'s hunks are joined with a synthesised blank line between them', () => {
  const doc = parseDocument(readFixture('examples/migrate_offc.patch'));
  const unit = doc.units.find((u) => u.path === 'mm/migrate.c')!;
  const synthesised = unit.lines.map((line, i) => (line.docLine === undefined ? i : -1)).filter((i) => i >= 0);
  assert.equal(synthesised.length, 2, 'three hunks, two separators');
  for (const i of synthesised) assert.equal(unit.text.split('\n')[i], '');
  assert.deepEqual([...new Set(unit.lines.map((l) => l.hunk).filter((h) => h !== undefined))], [0, 1, 2]);
  assert.ok(unit.lines.some((l) => !l.added && l.docLine !== undefined), 'context lines are part of the post-image');
  assert.ok(!unit.text.includes('if (folios_mc_copy('), 'removed lines are not');
  assert.ok(unit.text.includes('if (static_call(_folios_copy)('));
});

test('a plain multi-hunk diff, with `\\ No newline at end of file`', () => {
  const doc = parseDocument(readFixture('test/fixtures/patches/migrate-multi-hunk.diff'));
  assert.equal(doc.kind, 'diff');
  assert.deepEqual(doc.patches[0]!.files.map((f) => f.hunks.length), [4, 1, 2]);
  const header = doc.units.find((u) => u.path === 'include/linux/migrate_mode.h')!;
  assert.equal(header.text.split('\n').at(-1), '#endif /* MIGRATE_MODE_H_INCLUDED */');
  assert.ok(!header.text.includes('No newline'));
  assert.deepEqual(doc.notes, []);
});

test('an mbox series: cover letter and three patches, encoded and folded subjects, >From unescaped', () => {
  const doc = parseDocument(readFixture('examples/series.mbox'));
  assert.equal(doc.kind, 'mbox');
  assert.deepEqual(doc.patches.map((p) => p.subject), [
    '[RFC V3 0/9] mm: copy the folios of a migration in batches, and let a driver do the copy',
    '[RFC V3 2/9] mm/migrate: add MIGRATE_NO_COPY, a mode that leaves the copy to the caller',
    '[RFC V3 3/9] mm: add folios_mc_copy() to copy a list of folios in one call',
    '[RFC V3 5/9] mm: let a driver take over the batch copy of folio migration',
  ]);
  assert.equal(doc.patches[0]!.from, 'Example Sender <sender@example.org>');
  assert.equal(doc.patches[0]!.files.length, 0);
  assert.equal(doc.patches[1]!.from, 'Example Coauthor <coauthor@example.org>');
  assert.match(doc.patches[2]!.message, /^From here on a batch of folios/m);
  for (let i = 1; i < doc.patches.length; i++) assert.equal(doc.patches[i]!.docStart, doc.patches[i - 1]!.docEnd);
  assert.deepEqual(doc.units.map((u) => `${u.patch}:${u.path}`), [
    '1:include/linux/migrate_mode.h', '1:mm/migrate.c', '2:include/linux/mm.h', '2:mm/util.c',
    '3:include/linux/migrate_offc.h', '3:mm/migrate.c', '3:mm/migrate_offc.c',
  ]);
});

test('CRLF: same units as LF, columns unchanged, a note', () => {
  const lf = parseDocument(readFixture('examples/migrate_offc.patch'));
  const crlf = parseDocument(crlfPatch());
  assert.equal(crlf.kind, 'format-patch');
  assert.deepEqual(crlf.units, lf.units);
  assert.ok(crlf.notes.some((n) => /CRLF/.test(n)));
});

test('a nested quote (`>>` and `> >` mixed) with replies at two depths inside hunks', () => {
  const doc = parseDocument(readFixture('test/fixtures/patches/reply-nested.txt'));
  assert.equal(doc.kind, 'quoted-reply');
  const patch = doc.patches[0]!;
  assert.equal(patch.quoteDepth, 2);
  assert.equal(patch.from, 'Example Author <author@example.org>');
  assert.equal(patch.date, 'Wed, 24 Sep 2025 09:12:35 +0000');
  assert.equal(patch.messageId, '<20250924091230.4242-6-sender@example.org>');
  assert.equal(doc.reply?.from, 'Example Sender <sender@example.org>');
  assert.equal(doc.reply?.inReplyTo, '<20250926110451.00001a2b@example.org>');
  const [migrate, offc] = doc.units;
  assert.equal(migrate?.path, 'mm/migrate.c');
  assert.deepEqual(patch.files[0]!.hunks.map((h) => h.missingNewLines), [0, 0, 0], 'the whole migrate.c diff is quoted');
  assert.ok(!migrate!.text.includes('What does the SRCU read lock'));
  assert.equal(offc?.path, 'mm/migrate_offc.c');
  assert.deepEqual(offc!.text.split('\n').slice(-2), ['\t.owner = NULL,', '};']);
  assert.equal(patch.files[1]!.hunks[0]!.missingNewLines, 42);
  assertMapping(doc);
});

test('kind unknown for prose, empty and binary input', () => {
  assert.equal(parseDocument('Hello,\n\nthanks for the review, I will fix it.\n').kind, 'unknown');
  const empty = parseDocument('');
  assert.equal(empty.kind, 'unknown');
  assert.deepEqual(empty.docLines, ['']);
  assert.match(empty.notes[0]!, /empty/);
  const binary = parseDocument('\u0000\u0001ELF\u0002\u0003garbage');
  assert.equal(binary.kind, 'unknown');
  assert.match(binary.notes[0]!, /binary/);
});
