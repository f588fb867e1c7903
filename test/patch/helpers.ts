import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import type { ParsedDocument } from '../../src/core/patch/index';

/** Every fixture the reader must handle, by path from the repository root. */
export const FIXTURES = [
  'examples/seed-reply.txt',
  'examples/migrate_offc.patch',
  'examples/series.mbox',
  'test/fixtures/patches/seed-reply.txt',
  'test/fixtures/patches/migrate_offc-crlf.patch',
  'test/fixtures/patches/reply-nested.txt',
  'test/fixtures/patches/migrate-multi-hunk.diff',
  'test/fixtures/patches/mtcopy_sketch.c',
  'test/fixtures/patches/migrate_offc.h',
];

export function readFixture(path: string): string {
  return readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
}

/** The reader's central promise: each unit line is the document line minus a constant prefix. */
export function assertMapping(doc: ParsedDocument): void {
  for (const unit of doc.units) {
    const texts = unit.text.split('\n');
    assert.equal(texts.length, unit.lines.length, `${unit.path}: one text line per UnitLine`);
    unit.lines.forEach((line, i) => {
      if (line.docLine === undefined) return;
      assert.ok(line.docLine >= 0 && line.docLine < doc.docLines.length, `${unit.path}:${i} docLine in range`);
      const docText = doc.docLines[line.docLine] as string;
      assert.ok(line.docColumnOffset >= 0 && line.docColumnOffset <= docText.length, `${unit.path}:${i} offset in range`);
      assert.equal(docText.slice(line.docColumnOffset), texts[i], `${unit.path}:${i} maps to document line ${line.docLine}`);
    });
  }
  for (const patch of doc.patches) {
    assert.ok(patch.docStart >= 0 && patch.docStart <= patch.docEnd && patch.docEnd <= doc.docLines.length);
    for (const file of patch.files) for (const hunk of file.hunks) assert.ok(hunk.headerLine >= 0 && hunk.headerLine < doc.docLines.length);
  }
}
