import type { ParsedDocument } from '../../patch/types';

/** The names every unit of one document declares on added lines, and every name its code spells. */
export interface DocumentNames {
  readonly declared: ReadonlySet<string>;
  readonly spelled: ReadonlySet<string>;
  /** One declaration's names; kept as given and folded into the sets only when a rename reads them. */
  add(declared: readonly string[], spelled: readonly string[]): void;
}

const registry = new WeakMap<ParsedDocument, DocumentNames>();

/**
 * Filled as the engine runs the rule over each unit of a review; a rename (computed only when asked, after the
 * review) reads it, so a struct member declared in patch 3's header and used in patch 5 is one symbol. Every review
 * adds every declaration's names, and few ask for a rename: the sets are built on first read.
 */
export function documentNames(document: ParsedDocument): DocumentNames {
  let names = registry.get(document);
  if (!names) {
    names = lazyNames();
    registry.set(document, names);
  }
  return names;
}

function lazyNames(): DocumentNames {
  const declared = new Set<string>();
  const spelled = new Set<string>();
  let pending: (readonly string[])[][] = [];
  const settle = () => {
    for (const [declaredNames, spelledNames] of pending) {
      for (const name of declaredNames!) declared.add(name);
      for (const name of spelledNames!) spelled.add(name);
    }
    pending = [];
  };
  return {
    get declared() {
      settle();
      return declared;
    },
    get spelled() {
      settle();
      return spelled;
    },
    add(declaredNames, spelledNames) {
      pending.push([declaredNames, spelledNames]);
    },
  };
}
