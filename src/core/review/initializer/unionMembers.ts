import type { Node, Tree } from 'web-tree-sitter';
import { forEachNode } from '../syntax';
import { ancestorsBelow, TopLevelFinder } from '../topLevelFinder';

/**
 * Members of an anonymous union inside a structure the unit defines: in `{ .fn = f, .data = NULL }` a later `.data`
 * in the same union as `.fn` overwrites it, so removing the zero would change the bytes. Collected once per tree as
 * `tag\0member`; a type defined elsewhere is not known here (the compiler oracle checks those).
 */
const cache = new WeakMap<Tree, Set<string>>();

function anonymousUnionMembers(body: Node, into: Set<string>, tag: string): void {
  for (const field of body.namedChildren) {
    if (field?.type !== 'field_declaration') continue;
    const type = field.childForFieldName('type');
    if (type?.type === 'union_specifier' && !field.childForFieldName('declarator')) {
      forEachNode(type, (node) => {
        if (node.type === 'field_identifier' && node.parent?.type !== 'field_expression') into.add(`${tag}\0${node.text}`);
      });
    } else if (type?.type === 'struct_specifier' && !field.childForFieldName('declarator')) {
      const inner = type.childForFieldName('body');
      if (inner) anonymousUnionMembers(inner, into, tag);
    }
  }
}

const structKeyword = /\bstruct\b/g;
/** A structure's head is short; a scan that runs longer is not in one (and stays linear on any text). */
const MAX_HEAD = 4096;

const isWordChar = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;

/**
 * The words between `struct` (ending at `from`) and a `{` that follows, over blanks, line continuations, comments and
 * parenthesised groups (attributes); undefined when something else comes first (`struct foo *p;`).
 */
function headWords(text: string, from: number): { start: number; end: number }[] | undefined {
  const words: { start: number; end: number }[] = [];
  const limit = Math.min(text.length, from + MAX_HEAD);
  let i = from;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (c === 0x7b) return words;
    if (c === 0x5c || c === 0x20 || (c >= 0x09 && c <= 0x0d)) i++;
    else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? limit : end + 2;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? limit : end + 1;
    }
    else if (c === 0x28) {
      let depth = 0;
      for (; i < limit; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x28) depth++;
        else if (d === 0x29 && --depth === 0) break;
      }
      i++;
    } else if (isWordChar(c)) {
      const start = i;
      while (i < limit && isWordChar(text.charCodeAt(i))) i++;
      words.push({ start, end: i });
    } else return undefined;
  }
  return undefined;
}

/**
 * Structures the unit defines, found from the text (`struct tag … {`) rather than from every type name of the tree:
 * that list would cost a query over the whole tree, and asking each name for its parent a walk from the root.
 */
function collect(tree: Tree): Set<string> {
  let set = cache.get(tree);
  if (!set) cache.set(tree, (set = collectBefore(tree, Infinity)));
  return set;
}

/** collect() of the top-level nodes starting before `end` (a chunk's own, not its slack; see chunks.ts). */
function collectBefore(tree: Tree, end: number): Set<string> {
  const set = new Set<string>();
  const root = tree.rootNode;
  const text = root.text;
  // Names and their parents are found below the top-level node holding them: from the root, each was a scan of every
  // earlier declaration (quadratic in the file's size).
  const tops = new TopLevelFinder(tree);
  try {
    for (const match of text.matchAll(structKeyword)) {
      if (root.startIndex + match.index >= end) break;
      for (const word of headWords(text, match.index + match[0].length) ?? []) {
        const found = tops.descendant(root.startIndex + word.start, root.startIndex + word.end);
        const name = found?.node;
        if (name?.type !== 'type_identifier') continue;
        const specifier = ancestorsBelow(found!.top, name).at(-1);
        const body = specifier?.type === 'struct_specifier' && specifier.childForFieldName('name')?.id === name.id ? specifier.childForFieldName('body') : null;
        if (body) anonymousUnionMembers(body, set, name.text);
      }
    }
  } finally {
    tops.dispose();
  }
  return set;
}

/** The facts of a chunk's own top-level nodes (those starting before `end`), in a unit parsed in chunks. */
export function unionSet(tree: Tree, end: number): ReadonlySet<string> {
  return collectBefore(tree, end);
}

/** Makes lookups on `tree` (a chunk's) answer from the whole unit's facts. */
export function adoptUnionSet(tree: Tree, facts: Set<string>): void {
  cache.set(tree, facts);
}

/** The unit-wide fact this module contributes, as a fingerprint (Rule.unitFacts). */
export function unionFacts(tree: Tree): string {
  return [...collect(tree)].sort().join('\n');
}

/** True when `member` of `struct tag` is known to share an anonymous union with other members. */
export function inAnonymousUnion(tree: Tree, tag: string, member: string): boolean {
  return collect(tree).has(`${tag}\0${member}`);
}
