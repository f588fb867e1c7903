import type { Node } from 'web-tree-sitter';
import { isZeroLiteral } from '../syntax';

/** Elements of a brace list, comments left out. */
export function elements(list: Node): Node[] {
  return list.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
}

export function isAllZero(node: Node): boolean {
  if (node.hasError) return false;
  if (node.type === 'initializer_list') return node.namedChildren.every((child) => child !== null && child.type !== 'comment' && isAllZero(child));
  if (node.type === 'initializer_pair') return isAllZero(node.childForFieldName('value') ?? node);
  return isZeroLiteral(node);
}
