/** Initialization: brace lists with designators (`.srcu_head.func = …`, `[3] = …`), strings into char arrays. */
import type { Node } from 'web-tree-sitter';
import { field } from './syntax';
import { convert, newStore, store } from './access';
import { arrayOf, T, typeName, type ArrayType, type CType } from './ctypes';
import { fail } from './errors';
import type { Exec, Interpreter } from './interpreter';
import { resolvePath } from './memory';
import { parseStringLiteral } from './literals';
import { intValue, type PathStep, type Ref } from './values';

/**
 * Initializes the object at `ref` (of type `type`) from `init`. Members a brace list leaves out are zero,
 * whatever the storage; an automatic scalar with no initializer stays uninitialized (handled by the caller).
 */
export function* initialize(it: Interpreter, ref: Ref, type: CType, init: Node, _isStatic: boolean): Exec<void> {
  if (type.kind === 'array' && type.length === undefined && ref.path.length === 0) {
    type = arrayOf(type.of, unsizedLength(init));
    ref.obj.type = type;
    ref.obj.store = newStore(type, true);
  }
  if (init.type === 'initializer_list') {
    if (type.kind === 'struct' || type.kind === 'array') {
      setZero(ref, type);
      yield* braceList(it, ref, type, init);
      return;
    }
    const first = init.namedChildren.find((c) => c?.type !== 'comment');
    if (!first) return store(ref, convert(intValue(0), type));
    return yield* initialize(it, ref, type, first, _isStatic);
  }
  if (type.kind === 'array' && isCharArray(type) && (init.type === 'string_literal' || init.type === 'concatenated_string')) {
    return copyString(ref, type, parseStringLiteral(init));
  }
  store(ref, convert(yield* it.expression(init), type));
}

function isCharArray(t: ArrayType): boolean {
  return t.of.kind === 'int' && t.of.bits === 8;
}

function copyString(ref: Ref, type: ArrayType, text: string): void {
  const bytes = new TextEncoder().encode(text);
  const length = type.length ?? bytes.length + 1;
  if (bytes.length > length) fail('out-of-bounds', `string "${text}" (${bytes.length} bytes) does not fit in ${typeName(type)}`);
  for (let i = 0; i < length; i++) store({ ...ref, path: [...ref.path, i] }, intValue(bytes[i] ?? 0, type.of as typeof T.char));
}

function setZero(ref: Ref, type: CType): void {
  const target = resolvePath(ref.obj, ref.path).store;
  const zero = newStore(type, true);
  if (target.kind === 'struct' && zero.kind === 'struct') target.fields = zero.fields;
  if (target.kind === 'array' && zero.kind === 'array') target.items = zero.items;
}

function unsizedLength(init: Node): number {
  if (init.type === 'string_literal' || init.type === 'concatenated_string') return new TextEncoder().encode(parseStringLiteral(init)).length + 1;
  let index = 0;
  let length = 0;
  for (const item of items(init)) {
    const designator = item.type === 'initializer_pair' ? item.childrenForFieldName('designator')[0] : undefined;
    if (designator?.type === 'subscript_designator') index = Number(designator.namedChildren[0]?.text ?? 0);
    length = Math.max(length, ++index);
  }
  return length;
}

function items(list: Node): Node[] {
  return list.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
}

function* braceList(it: Interpreter, ref: Ref, type: CType, list: Node): Exec<void> {
  let position = 0;
  for (const item of items(list)) {
    let path: PathStep[];
    let valueNode: Node;
    if (item.type === 'initializer_pair') {
      path = [];
      let t: CType = type;
      for (const d of item.childrenForFieldName('designator')) {
        if (!d) continue;
        const step = designatorStep(it, d);
        path.push(step);
        t = memberType(t, step);
      }
      if (typeof path[0] === 'number') position = path[0] + 1;
      else position = fieldIndex(type, path[0] as string) + 1;
      valueNode = field(item, 'value') as Node;
      yield* initialize(it, { ...ref, path: [...ref.path, ...path] }, t, valueNode, false);
      continue;
    }
    const step: PathStep = type.kind === 'struct' ? fieldName(type, position) : position;
    position++;
    yield* initialize(it, { ...ref, path: [...ref.path, step] }, memberType(type, step), item, false);
  }
}

function designatorStep(it: Interpreter, d: Node): PathStep {
  if (d.type === 'field_designator') return d.namedChildren[0]?.text ?? '';
  if (d.type === 'subscript_designator') return Number(it.program.types.constant(d.namedChildren[0] as Node));
  return fail('unsupported', `designator ${d.text}`);
}

function memberType(t: CType, step: PathStep): CType {
  if (typeof step === 'number') {
    if (t.kind !== 'array') fail('unsupported', `[${step}] designator on ${typeName(t)}`);
    if (t.length !== undefined && step >= t.length) fail('out-of-bounds', `initializer index ${step} outside ${typeName(t)}`);
    return t.of;
  }
  if (t.kind !== 'struct') fail('unsupported', `.${step} designator on ${typeName(t)}`);
  const member = t.fields?.find((f) => f.name === step);
  if (!member) fail('unsupported', `${typeName(t)} has no member "${step}"`);
  return member.type;
}

function fieldName(t: CType, index: number): string {
  if (t.kind !== 'struct' || !t.fields?.[index]) fail('unsupported', `too many initializers for ${typeName(t)}`);
  return t.fields[index].name;
}

function fieldIndex(t: CType, name: string): number {
  return t.kind === 'struct' ? (t.fields?.findIndex((f) => f.name === name) ?? 0) : 0;
}
