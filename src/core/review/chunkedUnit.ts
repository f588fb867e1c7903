import { isWasmTrap, type CParser } from '../c/parser';
import type { SourceUnit } from '../patch/types';
import { checkNesting, chunkTrees, eachChunkTree, type Chunk } from './chunks';
import type { ChunkedUnit } from './judgeUnit';
import type { Rule } from './rule';
import { forgetIndex } from './syntax';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A failed chunk parse (its time budget) ends the unit's review there with a note, as a failed parse of a whole unit does. */
function* noted(trees: Iterable<{ chunk: Chunk; tree: import('web-tree-sitter').Tree }>, unit: SourceUnit, notes: string[]) {
  try {
    yield* trees;
  } catch (error) {
    if (isWasmTrap(error)) throw error;
    notes.push(`${unit.path} was reviewed only in part: ${message(error)}`);
  }
}

/**
 * Prepares a unit too big to parse whole (see chunks.ts). Rules with chunk facts (Rule.chunkFacts) need every chunk's
 * facts before any declaration is judged, so their facts are gathered in a first pass over the chunks, each tree
 * deleted at once; the judging pass parses the same chunks again. Undefined (with a note) when the unit cannot be parsed.
 */
export function chunkedUnit(
  owner: CParser, unit: SourceUnit, size: number, rules: readonly Rule[], notes: string[], timings?: Record<string, number>,
): ChunkedUnit | undefined {
  try {
    checkNesting(unit.text);
  } catch (error) {
    notes.push(`${unit.path} was not reviewed: ${message(error)}`);
    return undefined;
  }
  const gathering = rules.filter((rule) => rule.scope === 'declaration' && rule.chunkFacts);
  if (gathering.length === 0) return { trees: noted(chunkTrees(owner, unit.text, size), unit, notes), facts: new Map() };
  const facts = new Map<string, unknown[]>(gathering.map((rule) => [rule.id, []]));
  const cleanly: Chunk[] = [];
  const started = timings ? performance.now() : 0;
  let gatherTime = 0;
  try {
    for (const { chunk, tree } of chunkTrees(owner, unit.text, size)) {
      const gatherStarted = timings ? performance.now() : 0;
      try {
        cleanly.push(chunk);
        for (const rule of gathering) facts.get(rule.id)!.push(rule.chunkFacts!.gather(tree, chunk.judgedEnd));
      } finally {
        forgetIndex(tree);
        tree.delete();
        if (timings) gatherTime += performance.now() - gatherStarted;
      }
    }
  } catch (error) {
    if (isWasmTrap(error)) throw error;
    notes.push(`${unit.path} was not reviewed: ${message(error)}`);
    return undefined;
  } finally {
    if (timings) {
      timings['(unit facts)'] = (timings['(unit facts)'] ?? 0) + gatherTime;
      timings['(parse)'] = (timings['(parse)'] ?? 0) + performance.now() - started - gatherTime;
    }
  }
  return { trees: noted(eachChunkTree(owner, unit.text, cleanly), unit, notes), facts };
}
