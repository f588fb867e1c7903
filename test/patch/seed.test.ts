import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentToUnit, parseDocument, unitToDocument } from '../../src/core/patch/index';
import { assertMapping, readFixture } from './helpers';

const seed = readFixture('examples/seed-reply.txt');

test('the seed reads as a reply quoting patch 5/9 by Example Author', () => {
  const doc = parseDocument(seed, 'seed-reply.txt');
  assert.equal(doc.kind, 'quoted-reply');
  assert.equal(doc.patches.length, 1);
  const patch = doc.patches[0]!;
  assert.equal(patch.quoteDepth, 1);
  assert.equal(patch.subject, '[RFC V3 5/9] mm: let a driver take over the batch copy of folio migration');
  assert.equal(patch.from, 'Example Author <author@example.org>');
  assert.equal(patch.date, 'Wed, 24 Sep 2025 09:12:35 +0000');
  assert.match(patch.message, /^Page migration copies a whole batch/);
  assert.match(patch.message, /Signed-off-by: Example Sender/);
  assert.doesNotMatch(patch.message, /Small thing|write "offc" out/, 'the replier is not part of the commit message');
  assert.deepEqual(doc.reply, {
    subject: 'Re: [RFC V3 5/9] mm: let a driver take over the batch copy of folio migration',
    from: 'Example Reviewer',
    date: 'Fri Sep 26 2025 - 11:04:51 EST',
    messageId: undefined,
    inReplyTo: undefined,
    references: undefined,
  });
});

test('the seed\'s cut hunk: 44 of 66 lines, a note, reviewer lines skipped', () => {
  const doc = parseDocument(seed);
  const file = doc.patches[0]!.files[0]!;
  assert.equal(file.newPath, 'mm/migrate_offc.c');
  assert.equal(file.isNew, true);
  assert.equal(file.hunks.length, 1);
  assert.deepEqual(file.hunks[0], { headerLine: 33, oldStart: 0, oldCount: 0, newStart: 1, newCount: 66, missingNewLines: 22 });
  assert.equal(doc.units.length, 1);
  const unit = doc.units[0]!;
  assert.equal(unit.path, 'mm/migrate_offc.c');
  assert.equal(unit.origin, 'new-file');
  assert.equal(unit.lines.length, 44);
  assert.ok(unit.lines.every((line) => line.added && line.hunk === 0));
  assert.doesNotMatch(unit.text, /designated initializer|restates the default/);
  assert.ok(doc.notes.some((note) => /promises 66 new lines, the document holds 44/.test(note)));
  assert.ok(doc.notes.some((note) => /2 lines of the reply/.test(note)));
  assert.ok(doc.notes.some((note) => /tabs/.test(note)));
  assertMapping(doc);
});

test('`.owner = NULL,` maps to document line 41, column 5 (1-based) and back', () => {
  const doc = parseDocument(seed);
  const unit = doc.units[0]!;
  const unitLine = unit.text.split('\n').indexOf(' .owner = NULL,');
  assert.equal(unitLine, 6);
  const position = unitToDocument(unit, unitLine, 1);
  assert.deepEqual(position, { line: 40, column: 4 });
  assert.equal(doc.docLines[40], '> + .owner = NULL,');
  assert.equal(doc.docLines[40]!.slice(4, 10), '.owner');
  const back = documentToUnit(doc, 40, 4);
  assert.equal(back?.unit, unit);
  assert.equal(back?.line, 6);
  assert.equal(back?.column, 1);
  assert.equal(documentToUnit(doc, 40, 1), undefined, 'the quote marker is not C');
  assert.equal(documentToUnit(doc, 41, 0), undefined, 'the reviewer\'s line is not C');
});

test('a quoted empty added line (`> +`) is an empty unit line', () => {
  const doc = parseDocument(seed);
  const first = doc.units[0]!.lines[0]!;
  assert.equal(doc.docLines[first.docLine!], '> +');
  assert.equal(first.docColumnOffset, 3);
  assert.equal(doc.units[0]!.text.split('\n')[0], '');
});
