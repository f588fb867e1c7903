import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import type { ParsedDocument } from '../../src/core/patch/index';

/** Every fixture the reader must handle, by path from the repository root. */
export const FIXTURES = [
  'examples/seed-reply.txt',
  'examples/migrate_offc.patch',
  'examples/series.mbox',
  'test/fixtures/patches/reply-nested.txt',
  'test/fixtures/patches/migrate-multi-hunk.diff',
  'test/fixtures/patches/mtcopy_sketch.c',
];

/** A file the patch creates, as the author's tree holds it: its added lines without the '+'. */
export function createdFile(patch: string, path: string): string {
  const lines = patch.split('\n');
  const start = lines.indexOf(`+++ b/${path}`);
  if (start < 0) throw new Error(`the patch creates no ${path}`);
  const end = lines.findIndex((line, index) => index > start && line.startsWith('diff --git '));
  return lines.slice(start + 1, end < 0 ? undefined : end).filter((line) => line.startsWith('+')).map((line) => `${line.slice(1)}\n`).join('');
}

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

/** The example patch as a Windows mailer saves it: every line ends in CRLF. */
export function crlfPatch(): string {
  return readFixture('examples/migrate_offc.patch').replace(/\n/g, '\r\n');
}

/** The header the example patch creates, as a plain .h file. */
export function exampleHeader(): string {
  return createdFile(readFixture('examples/migrate_offc.patch'), 'include/linux/migrate_offc.h');
}

/** Every fixture text with a name for messages: the files above and the two derived from the example patch. */
export function fixtureTexts(): [string, string][] {
  return [...FIXTURES.map((path): [string, string] => [path, readFixture(path)]), ['migrate_offc-crlf.patch', crlfPatch()], ['migrate_offc.h', exampleHeader()]];
}
