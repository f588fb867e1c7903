import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentToUnit, parseDocument, unitToDocument } from '../../src/core/patch/index';
import { assertMapping, readFixture } from './helpers';

const seed = readFixture('test/fixtures/patches/seed-reply.txt');

test('the seed reads as a reply quoting patch 5/9 by Mike Day', () => {
  const doc = parseDocument(seed, 'seed-reply.txt');
  assert.equal(doc.kind, 'quoted-reply');
  assert.equal(doc.patches.length, 1);
  const patch = doc.patches[0]!;
  assert.equal(patch.quoteDepth, 1);
  assert.equal(patch.subject, '[RFC V3 5/9] mm: add support for copy offload for folio Migration');
  assert.equal(patch.from, 'Mike Day <michael.day@xxxxxxx>');
  assert.equal(patch.date, 'Tue, 23 Sep 2025 17:47:40 +0000');
  assert.match(patch.message, /^Offload-Copy drivers should implement/);
  assert.match(patch.message, /Signed-off-by: Shivank Garg/);
  assert.doesNotMatch(patch.message, /burn the characters/, 'the replier is not part of the commit message');
  assert.deepEqual(doc.reply, {
    subject: 'Re: [RFC V3 5/9] mm: add support for copy offload for folio Migration',
    from: 'Jonathan Cameron',
    date: 'Thu Oct 02 2025 - 07:10:26 EST',
    messageId: undefined,
    inReplyTo: undefined,
    references: undefined,
  });
});

test('the seed\'s cut hunk: 41 of 58 lines, a note, reviewer lines skipped', () => {
  const doc = parseDocument(seed);
  const file = doc.patches[0]!.files[0]!;
  assert.equal(file.newPath, 'mm/migrate_offc.c');
  assert.equal(file.isNew, true);
  assert.equal(file.hunks.length, 1);
  assert.deepEqual(file.hunks[0], { headerLine: 33, oldStart: 0, oldCount: 0, newStart: 1, newCount: 58, missingNewLines: 17 });
  assert.equal(doc.units.length, 1);
  const unit = doc.units[0]!;
  assert.equal(unit.path, 'mm/migrate_offc.c');
  assert.equal(unit.origin, 'new-file');
  assert.equal(unit.lines.length, 41);
  assert.ok(unit.lines.every((line) => line.added && line.hunk === 0));
  assert.doesNotMatch(unit.text, /No point|documentation/);
  assert.ok(doc.notes.some((note) => /promises 58 new lines, the document holds 41/.test(note)));
  assert.ok(doc.notes.some((note) => /2 lines of the reply/.test(note)));
  assert.ok(doc.notes.some((note) => /tabs/.test(note)));
  assertMapping(doc);
});

test('`.owner = NULL,` maps to document line 40, column 5 (1-based) and back', () => {
  const doc = parseDocument(seed);
  const unit = doc.units[0]!;
  const unitLine = unit.text.split('\n').indexOf(' .owner = NULL,');
  assert.equal(unitLine, 5);
  const position = unitToDocument(unit, unitLine, 1);
  assert.deepEqual(position, { line: 39, column: 4 });
  assert.equal(doc.docLines[39], '> + .owner = NULL,');
  assert.equal(doc.docLines[39]!.slice(4, 10), '.owner');
  const back = documentToUnit(doc, 39, 4);
  assert.equal(back?.unit, unit);
  assert.equal(back?.line, 5);
  assert.equal(back?.column, 1);
  assert.equal(documentToUnit(doc, 39, 1), undefined, 'the quote marker is not C');
  assert.equal(documentToUnit(doc, 40, 0), undefined, 'the reviewer\'s line is not C');
});

test('a quoted empty added line (`> +`) is an empty unit line', () => {
  const doc = parseDocument(seed);
  const first = doc.units[0]!.lines[0]!;
  assert.equal(doc.docLines[first.docLine!], '> +');
  assert.equal(first.docColumnOffset, 3);
  assert.equal(doc.units[0]!.text.split('\n')[0], '');
});
