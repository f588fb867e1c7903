import type { Node, Tree } from 'web-tree-sitter';
import { forEachNode, nodesOfType } from '../syntax';

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

/**
 * True unless the text after a type name rules out a struct body there: in the grammar the body follows the tag with
 * nothing but blanks, line continuations and comments between. Read instead of asking each type name for its parent.
 */
function bodyMayFollow(source: string, at: number): boolean {
  let i = at;
  while (i < source.length && /[\s\\]/.test(source[i]!)) i++;
  return source[i] === '{' || source[i] === '/';
}

function collect(tree: Tree): Set<string> {
  let set = cache.get(tree);
  if (set) return set;
  set = new Set();
  const root = tree.rootNode;
  const source = root.text;
  for (const name of nodesOfType(tree, ['type_identifier'])) {
    if (!bodyMayFollow(source, name.endIndex - root.startIndex)) continue;
    const specifier = name.parent;
    const body = specifier?.type === 'struct_specifier' && specifier.childForFieldName('name')?.id === name.id ? specifier.childForFieldName('body') : null;
    if (body) anonymousUnionMembers(body, set, name.text);
  }
  cache.set(tree, set);
  return set;
}

/** The unit-wide fact this module contributes, as a fingerprint (Rule.unitFacts). */
export function unionFacts(tree: Tree): string {
  return [...collect(tree)].sort().join('\n');
}

/** True when `member` of `struct tag` is known to share an anonymous union with other members. */
export function inAnonymousUnion(tree: Tree, tag: string, member: string): boolean {
  return collect(tree).has(`${tag}\0${member}`);
}
