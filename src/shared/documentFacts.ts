/**
 * What the panel is told about a document: the simulator's patch facts and one-line notes for the
 * header. Runs in the extension host on every run request (cheap: one parse per C unit), so a re-run
 * picks up the document as it is now, unsaved edits included.
 */
import { parseDocument } from '../core/patch';
import { extractPatchFacts, type ParseC } from '../core/sim/patchFacts';
import type { PatchFacts } from '../core/sim/types';

export interface DocumentFacts {
  facts: PatchFacts | null;
  notes: string[];
}

function summary(facts: PatchFacts): string {
  const migrators = facts.migrators.map((migrator) => (migrator.name ? `"${migrator.name}"` : migrator.variable));
  const parts = [
    migrators.length > 0 ? `migrator ${migrators.join(', ')}` : 'no struct migrator initializer',
    `${facts.definedFunctions.length} function${facts.definedFunctions.length === 1 ? '' : 's'}`,
  ];
  if (facts.batchLimit) parts.push(`batch limit ${facts.batchLimit.value.expression}`);
  return `from the document: ${parts.join(', ')}`;
}

export function documentFacts(text: string, fileName: string, parseC: ParseC): DocumentFacts {
  if (text.includes('\u0000')) return { facts: null, notes: [`${fileName} looks binary; the simulation uses the model's defaults`] };
  try {
    const parsed = parseDocument(text, fileName);
    if (parsed.units.length === 0) return { facts: null, notes: [...parsed.notes, 'no C source in this document; the simulation uses the model\'s defaults'] };
    const facts = extractPatchFacts(parsed, parseC);
    return { facts, notes: [summary(facts), ...parsed.notes] };
  } catch (error) {
    return { facts: null, notes: [`could not read patch facts: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`] };
  }
}
