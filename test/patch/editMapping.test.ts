import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyDocumentEdits, mapUnitEdit, mapUnitEdits, parseDocument, type ParsedDocument, type SourceUnit } from '../../src/core/patch/index';
import { assertMapping, readFixture } from './helpers';

function lineOf(unit: SourceUnit, text: string): number {
  const index = unit.text.split('\n').indexOf(text);
  assert.ok(index >= 0, `unit line ${JSON.stringify(text)}`);
  return index;
}

function applied(doc: ParsedDocument, edits: ReturnType<typeof mapUnitEdit>): ParsedDocument {
  assert.ok(edits, 'the edit maps');
  return parseDocument(applyDocumentEdits(doc.docLines.join('\n'), edits));
}

/** After an edit the hunk headers still match what the hunks hold: the patch keeps applying. */
function assertHunksConsistent(doc: ParsedDocument): void {
  assert.deepEqual(doc.notes.filter((n) => /promises/.test(n)), []);
  for (const unit of doc.units) {
    const file = doc.patches[unit.patch!]!.files[unit.file!]!;
    file.hunks.forEach((hunk, h) => {
      const held = unit.lines.filter((l) => l.hunk === h).length;
      assert.equal(held + hunk.missingNewLines, hunk.newCount, `${unit.path} hunk ${h}`);
    });
  }
}

test('a replacement inside one line moves by the line\'s column offset', () => {
  const doc = parseDocument(readFixture('examples/seed-reply.txt'));
  const unit = doc.units[0]!;
  const line = lineOf(unit, ' atomic_try_cmpxchg(&dispatch_to_offc, &old, 1);');
  const start = unit.text.split('\n')[line]!.indexOf('dispatch_to_offc');
  const edits = mapUnitEdit(doc, unit, { range: { start: { line, column: start }, end: { line, column: start + 16 } }, newText: 'dispatch_to_offload_copy' });
  assert.deepEqual(edits, [{ range: { start: { line: 58, column: start + 3 }, end: { line: 58, column: start + 19 } }, newText: 'dispatch_to_offload_copy' }]);
  const after = applied(doc, edits);
  assert.equal(after.docLines[58], '> + atomic_try_cmpxchg(&dispatch_to_offload_copy, &old, 1);');
});

test('deleting `.owner = NULL,` from the seed deletes the line and makes the header +1,65', () => {
  const doc = parseDocument(readFixture('examples/seed-reply.txt'));
  const unit = doc.units[0]!;
  const line = lineOf(unit, ' .owner = NULL,');
  const edits = mapUnitEdit(doc, unit, { range: { start: { line, column: 0 }, end: { line: line + 1, column: 0 } }, newText: '' });
  const after = applied(doc, edits);
  assert.equal(after.docLines[33], '> @@ -0,0 +1,65 @@');
  assert.ok(!after.docLines.includes('> + .owner = NULL,'));
  assert.equal(after.docLines[40], 'Members a designated initializer leaves out are zero anyway, so this', 'the reviewer\'s lines stay');
  assert.equal(after.units[0]!.lines.length, 43);
  assert.equal(after.patches[0]!.files[0]!.hunks[0]!.missingNewLines, 22);
  assertMapping(after);
});

test('deleting added lines shifts the new start of later hunks of the same file only', () => {
  const doc = parseDocument(readFixture('examples/migrate_offc.patch'));
  const unit = doc.units.find((u) => u.path === 'mm/migrate.c')!;
  const line = lineOf(unit, '#include <linux/static_call.h>');
  const edits = mapUnitEdit(doc, unit, { range: { start: { line, column: 0 }, end: { line: line + 1, column: 0 } }, newText: '' });
  const after = applied(doc, edits);
  const hunks = after.patches[0]!.files.find((f) => f.newPath === 'mm/migrate.c')!.hunks;
  assert.deepEqual(hunks.map((h) => [h.newStart, h.newCount]), [[3, 7], [37, 52], [91, 6]]);
  assert.ok(after.docLines.includes('@@ -36,6 +37,52 @@ int migrate_folio(struct address_space *mapping, struct folio *dst,'), 'the header\'s function context stays');
  const offc = after.patches[0]!.files.find((f) => f.newPath === 'mm/migrate_offc.c')!;
  assert.deepEqual([offc.hunks[0]!.newStart, offc.hunks[0]!.newCount], [1, 66], 'another file is untouched');
  assertHunksConsistent(after);
});

test('several deletions in one fix are merged into one header edit per hunk', () => {
  const doc = parseDocument(readFixture('examples/migrate_offc.patch'));
  const unit = doc.units.find((u) => u.path === 'mm/migrate_offc.c')!;
  const del = (text: string) => {
    const line = lineOf(unit, text);
    return { range: { start: { line, column: 0 }, end: { line: line + 1, column: 0 } }, newText: '' };
  };
  const edits = mapUnitEdits(doc, unit, [del('\t.owner = NULL,'), del('\t.srcu_head.func = srcu_mig_cb,')]);
  const after = applied(doc, edits);
  assert.deepEqual(after.patches[0]!.files.at(-1)!.hunks.map((h) => h.newCount), [64]);
  assertHunksConsistent(after);
});

test('deleting a context line turns it into a removal, keeping the patch applicable', () => {
  const doc = parseDocument(readFixture('test/fixtures/patches/migrate-multi-hunk.diff'));
  const unit = doc.units.find((u) => u.path === 'mm/util.c')!;
  const line = lineOf(unit, 'EXPORT_SYMBOL(folio_mc_copy);');
  assert.equal(unit.lines[line]!.added, false);
  const after = applied(doc, mapUnitEdit(doc, unit, { range: { start: { line, column: 0 }, end: { line: line + 1, column: 0 } }, newText: '' }));
  assert.ok(after.docLines.includes('-EXPORT_SYMBOL(folio_mc_copy);'));
  const util = after.patches[0]!.files.find((f) => f.newPath === 'mm/util.c')!;
  assert.deepEqual([util.hunks[0]!.oldCount, util.hunks[0]!.newCount], [4, 31]);
  assertHunksConsistent(after);
});

test('the last line of a plain C file is deleted with the newline before it', () => {
  const doc = parseDocument('int a;\nstatic int count = 0;', 'x.c');
  const edits = mapUnitEdit(doc, doc.units[0]!, { range: { start: { line: 0, column: 6 }, end: { line: 1, column: 21 } }, newText: '' });
  assert.equal(applyDocumentEdits(doc.docLines.join('\n'), edits!), 'int a;');
});

test('edits that cannot be mapped faithfully give undefined', () => {
  const doc = parseDocument(readFixture('examples/migrate_offc.patch'));
  const unit = doc.units.find((u) => u.path === 'mm/migrate.c')!;
  const separator = unit.lines.findIndex((l) => l.docLine === undefined);
  const across = { range: { start: { line: 0, column: 2 }, end: { line: 1, column: 3 } }, newText: 'x' };
  assert.equal(mapUnitEdit(doc, unit, across), undefined, 'a replacement spanning lines');
  assert.equal(mapUnitEdit(doc, unit, { range: { start: { line: separator, column: 0 }, end: { line: separator, column: 0 } }, newText: 'x' }), undefined);
  assert.equal(mapUnitEdit(doc, unit, { range: { start: { line: separator, column: 0 }, end: { line: separator + 1, column: 0 } }, newText: '' }), undefined);
  assert.equal(mapUnitEdit(doc, unit, { range: { start: { line: 0, column: 0 }, end: { line: 0, column: 999 } }, newText: '' }), undefined, 'past the line end');
  assert.equal(mapUnitEdit(doc, unit, { range: { start: { line: 0, column: 0 }, end: { line: 0, column: 1 } }, newText: 'a\nb' }), undefined);
  const one = { range: { start: { line: 3, column: 0 }, end: { line: 4, column: 0 } }, newText: '' };
  assert.equal(mapUnitEdits(doc, unit, [one, one]), undefined, 'the same line twice');
});

test('a hunk left with no change is deleted whole, later hunks still shift', () => {
  const doc = parseDocument(readFixture('test/fixtures/patches/migrate-multi-hunk.diff'));
  const unit = doc.units.find((u) => u.path === 'include/linux/migrate_mode.h')!;
  const added = unit.lines.flatMap((line, i) => (line.added && line.hunk === 0 ? [i] : []));
  assert.equal(added.length, 2);
  const edits = mapUnitEdits(doc, unit, added.map((l) => ({ range: { start: { line: l, column: 0 }, end: { line: l + 1, column: 0 } }, newText: '' })));
  const after = applied(doc, edits);
  const file = after.patches[0]!.files.find((f) => f.newPath === 'include/linux/migrate_mode.h')!;
  assert.deepEqual(file.hunks.map((h) => [h.oldStart, h.newStart, h.newCount]), [[29, 29, 4]]);
  assertHunksConsistent(after);
});

test('a file left with no change leaves the patch', () => {
  const doc = parseDocument(readFixture('examples/series.mbox'));
  const unit = doc.units.find((u) => u.path === 'include/linux/mm.h')!;
  const added = unit.lines.flatMap((line, i) => (line.added ? [i] : []));
  const after = applied(doc, mapUnitEdits(doc, unit, [{ range: { start: { line: added[0]!, column: 0 }, end: { line: added.at(-1)! + 1, column: 0 } }, newText: '' }]));
  assert.deepEqual(after.patches[2]!.files.map((f) => f.newPath), ['mm/util.c']);
  assert.equal(after.patches.length, 4);
  assertHunksConsistent(after);
});

test('a replacement with line breaks inside added lines keeps every new line in the patch', () => {
  const doc = parseDocument(readFixture('examples/seed-reply.txt'));
  const unit = doc.units[0]!;
  const line = lineOf(unit, ' pr_err("could not hand migration copies to %s: %d\\n",');
  const edits = mapUnitEdit(doc, unit, { range: { start: { line, column: 1 }, end: { line: line + 1, column: 10 } }, newText: 'pr_err("failed: %pe\\n",\n ERR_PTR(err));\n /* */' });
  const after = applied(doc, edits);
  assert.equal(after.docLines[33], '> @@ -0,0 +1,67 @@');
  assert.ok(after.docLines.includes('> + ERR_PTR(err));'));
  assert.equal(after.units[0]!.lines.length, 45);
  assertMapping(after);
});

test('an edit inside a context line becomes a -/+ pair', () => {
  const doc = parseDocument(readFixture('examples/migrate_offc.patch'));
  const unit = doc.units.find((u) => u.path === 'mm/migrate.c')!;
  const line = lineOf(unit, '#include <linux/swap.h>');
  const edits = mapUnitEdit(doc, unit, { range: { start: { line, column: 16 }, end: { line, column: 20 } }, newText: 'mm' });
  const after = applied(doc, edits);
  const at = after.docLines.indexOf('-#include <linux/swap.h>');
  assert.ok(at > 0);
  assert.equal(after.docLines[at + 1], '+#include <linux/mm.h>');
  assertHunksConsistent(after);
});
