import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../src/core/patch';
import type { ParsedDocument } from '../../src/core/patch/types';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
/** The example texts are kept once, in examples/; `area` names the fixture folder of everything else. */
export const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');
const EXAMPLE_NAMES = new Set(['seed-reply.txt', 'migrate_offc.patch', 'series.mbox']);

export function fixture(area: string, name: string): string {
  return readFileSync(EXAMPLE_NAMES.has(name) ? join(EXAMPLES, name) : join(FIXTURES, area, name), 'utf8');
}

export function parse(text: string, name = 'input.patch'): ParsedDocument {
  return parseDocument(text, name);
}

/** 0-based document line of the first line containing `needle` (at or after `from`). */
export function lineOf(parsed: ParsedDocument, needle: string, from = 0): number {
  const index = parsed.docLines.findIndex((line, i) => i >= from && line.includes(needle));
  if (index < 0) throw new Error(`no line contains ${JSON.stringify(needle)}`);
  return index;
}

/** Lines of the reply the reviewer wrote (not quoted, not headers). */
export function ownLines(reply: string): string[] {
  const body = reply.slice(reply.indexOf('\n\n') + 2);
  return body.split('\n').filter((line) => !line.startsWith('>'));
}
