import type { Node } from 'web-tree-sitter';
import { elements, isAllZero } from './zero';
import { objectType, siblingObjectSetsIt } from './siblingObjects';
import { inAnonymousUnion } from './unionMembers';

/** The field a designated element starts with (`.a` of `.a.b = 0`); undefined for `[i] =`, ranges and positional elements. */
export function firstField(item: Node): string | undefined {
  if (item.type !== 'initializer_pair') return undefined;
  const first = item.namedChild(0);
  if (first?.type !== 'field_designator') return undefined;
  return first.namedChild(0)?.text;
}

/** Words that make a pair with a partner: `.start = 0` beside `.end = …` documents a range, it is not noise. */
const partners: Record<string, string[]> = {
  start: ['end', 'stop', 'size', 'len', 'length', 'last'], end: ['start', 'begin'], begin: ['end'], min: ['max'], max: ['min'],
  low: ['high'], high: ['low'], lo: ['hi'], hi: ['lo'], first: ['last'], last: ['first'], from: ['to'], to: ['from'],
  offset: ['size', 'len', 'length'], base: ['size', 'len', 'length', 'limit'], floor: ['ceiling'], lower: ['upper'], upper: ['lower'],
};

function isHalfOfPair(field: string, present: Set<string>): boolean {
  const words = field.split('_');
  return words.some((word, index) => (partners[word.toLowerCase()] ?? []).some((other) => {
    const partner = [...words.slice(0, index), other, ...words.slice(index + 1)].join('_');
    return present.has(partner) || present.has(partner.toUpperCase());
  }));
}

/** A brace-list value that may be an array (even a flexible one, whose length the list decides): not a plain struct. */
function mayBeArray(value: Node): boolean {
  if (value.type !== 'initializer_list') return false;
  const items = elements(value);
  return items.length > 0 && firstField(items[0]!) === undefined;
}

/** `.startup.single` of `.startup.single = NULL`. */
function designators(item: Node): string {
  return item.namedChildren.filter((child) => child?.type === 'field_designator').map((child) => child!.text.replace(/\s+/g, '')).join('');
}

/** A row's list: `{ … }` itself, or the value of `[INDEX] = { … }`. */
function rowList(row: Node): Node | undefined {
  if (row.type === 'initializer_list') return row;
  const value = row.type === 'initializer_pair' ? row.childForFieldName('value') : null;
  return value?.type === 'initializer_list' ? value : undefined;
}

/** Another row of the same table gives this member a value: the zero keeps the rows alike. */
function otherRowSetsIt(list: Node, item: Node): boolean {
  const row = list.parent?.type === 'initializer_pair' ? list.parent : list;
  const table = row.parent;
  if (table?.type !== 'initializer_list') return false;
  const wanted = designators(item);
  return elements(table).some((other) => {
    const rows = other.id !== row.id ? rowList(other) : undefined;
    return rows !== undefined && elements(rows).some((member) => designators(member) === wanted && !isAllZero(member));
  });
}

/** A comment just above or beside the zero says it is meant (mm/mmap.c: "vDSO code relies that VVAR can't be accessed remotely"). */
function isCommented(item: Node): boolean {
  let before = item.previousSibling;
  while (before?.type === ',') before = before.previousSibling;
  if (before?.type === 'comment' && before.endPosition.row >= item.startPosition.row - 1) return true;
  let after = item.nextSibling;
  while (after?.type === ',') after = after.nextSibling;
  return after?.type === 'comment' && after.startPosition.row === item.endPosition.row;
}

/** The list initializes a structure of this unit whose member sits in an anonymous union: an earlier element may be its sibling. */
function sharesUnion(list: Node, field: string): boolean {
  const tag = /^(?:const\s+)?struct\s+(\w+)$/.exec(objectType(list) ?? '')?.[1];
  return tag !== undefined && inAnonymousUnion(list.tree, tag, field);
}

/**
 * Designated zero members whose removal provably leaves the same bytes in a zero-filled (static) object: the first
 * designator is a field, no earlier positional element may have written it, no other element names the same field
 * (a later `.a = 0` overrides an earlier `.a = 1`), and the value cannot be an array whose length the list decides.
 */
export function redundantMembers(list: Node): Node[] {
  const items = elements(list);
  const fields = items.map(firstField);
  const present = new Set(fields.filter((field): field is string => field !== undefined));
  const found: Node[] = [];
  let positionalSeen = false;
  items.forEach((item, index) => {
    const field = fields[index];
    if (item.type !== 'initializer_pair') positionalSeen = true;
    if (field === undefined || positionalSeen || !isAllZero(item)) return;
    const value = item.childForFieldName('value');
    // Only `NULL`: a zero number or `false` in a static table is usually data or a documented capability
    // (`.complete = 0` names queue 0, `.msix_capable = false`), which reviewers keep.
    if (value?.type !== 'null' || mayBeArray(value)) return;
    if (fields.some((other, at) => at !== index && other === field)) return;
    if (isHalfOfPair(field, present) || otherRowSetsIt(list, item) || isCommented(item) || siblingObjectSetsIt(item)) return;
    if (index > 0 && sharesUnion(list, field)) return;
    found.push(item);
  });
  return found;
}
