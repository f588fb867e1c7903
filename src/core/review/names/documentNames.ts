import type { ParsedDocument } from '../../patch/types';

/** The names every unit of one document declares on added lines, and every name its code spells. */
export interface DocumentNames {
  declared: Set<string>;
  spelled: Set<string>;
}

const registry = new WeakMap<ParsedDocument, DocumentNames>();

/**
 * Filled as the engine runs the rule over each unit of a review; a rename (computed only when asked, after the
 * review) reads it, so a struct member declared in patch 3's header and used in patch 5 is one symbol.
 */
export function documentNames(document: ParsedDocument): DocumentNames {
  let names = registry.get(document);
  if (!names) {
    names = { declared: new Set(), spelled: new Set() };
    registry.set(document, names);
  }
  return names;
}
