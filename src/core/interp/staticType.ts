/** The type of an expression without evaluating it, for `sizeof expr`, `ARRAY_SIZE` and `typeof`. */
import type { Node } from 'web-tree-sitter';
import { fieldOf, isInteger, kernelIntTypedefs, pointerTo, T, typeName, type CType } from './ctypes';
import { fail } from './errors';
import type { Interpreter } from './interpreter';
import { commonType, literalType, promote } from './intOps';
import { parseStringLiteral } from './literals';

export function staticType(it: Interpreter, node: Node): CType {
  switch (node.type) {
    case 'parenthesized_expression':
      return staticType(it, node.namedChildren[0] as Node);
    case 'identifier': {
      const found = it.lookup(node.text);
      if (found && 'obj' in found && found.obj.type) return found.obj.type;
      if (found && 'fn' in found) return it.functionType(found.fn);
      if (found && 'constant' in found) return T.int;
      const define = it.program.types.defines.get(node.text);
      if (define) return staticType(it, define);
      // `sizeof(u16)`: the parser cannot tell a typedef name from a variable inside sizeof( ).
      const typedef = it.program.types.typedefs.get(node.text) ?? kernelIntTypedefs[node.text];
      if (typedef) return typedef;
      return fail('unsupported', `type of "${node.text}"`);
    }
    case 'number_literal':
      return literalType(node.text.replace(/^[-+]\s*/, '')).type;
    case 'char_literal':
      return T.int;
    case 'string_literal':
    case 'concatenated_string':
      return { kind: 'array', of: T.char, length: new TextEncoder().encode(parseStringLiteral(node)).length + 1 };
    case 'pointer_expression': {
      const inner = staticType(it, node.childForFieldName('argument') as Node);
      if (node.childForFieldName('operator')?.text === '&') return pointerTo(inner);
      return pointee(inner);
    }
    case 'subscript_expression':
      return pointee(staticType(it, node.childForFieldName('argument') as Node));
    case 'field_expression': {
      let base = staticType(it, node.childForFieldName('argument') as Node);
      if (node.childForFieldName('operator')?.text === '->') base = pointee(base);
      const name = node.childForFieldName('field')?.text ?? '';
      const field = base.kind === 'struct' ? fieldOf(base, name) : undefined;
      if (!field) fail('unsupported', `member "${name}" of ${typeName(base)}`);
      return field.type;
    }
    case 'cast_expression':
      return it.program.types.typeDescriptor(node.childForFieldName('type') as Node);
    case 'binary_expression':
      return binaryType(it, node);
    case 'unary_expression': {
      if (node.childForFieldName('operator')?.text === '!') return T.int;
      const t = staticType(it, node.childForFieldName('argument') as Node);
      return isInteger(t) ? promote(t) : t;
    }
    case 'conditional_expression':
      return conditionalType(it, node);
    case 'assignment_expression':
      return staticType(it, node.childForFieldName('left') as Node);
    case 'update_expression':
      return staticType(it, node.childForFieldName('argument') as Node);
    case 'comma_expression':
      return staticType(it, node.childForFieldName('right') as Node);
    case 'sizeof_expression':
      return T.ulong;
    case 'call_expression': {
      const callee = node.childForFieldName('function');
      const found = callee ? it.lookup(callee.text) : undefined;
      if (found && 'fn' in found) return it.functionType(found.fn).ret;
      return T.long;
    }
    default:
      return T.long;
  }
}

const comparisons = new Set(['==', '!=', '<', '<=', '>', '>=', '&&', '||']);

function binaryType(it: Interpreter, node: Node): CType {
  const op = node.childForFieldName('operator')?.text ?? '';
  if (comparisons.has(op)) return T.int;
  const a = staticType(it, node.childForFieldName('left') as Node);
  const b = staticType(it, node.childForFieldName('right') as Node);
  if (isInteger(a) && isInteger(b)) return op === '<<' || op === '>>' ? promote(a) : commonType(a, b);
  if (op === '-' && (a.kind === 'ptr' || a.kind === 'array') && (b.kind === 'ptr' || b.kind === 'array')) return T.long;
  return a.kind === 'ptr' || a.kind === 'array' ? decay(a) : decay(b);
}

/** `c ? x : y` has the common type of its integer branches (C11 6.5.15), whichever one is chosen. */
export function conditionalType(it: Interpreter, node: Node): CType {
  const a = staticType(it, node.childForFieldName('consequence') as Node);
  const b = staticType(it, node.childForFieldName('alternative') as Node);
  if (isInteger(a) && isInteger(b)) return commonType(a, b);
  return a.kind === 'ptr' || a.kind === 'array' ? decay(a) : decay(b);
}

function decay(t: CType): CType {
  return t.kind === 'array' ? pointerTo(t.of) : t;
}

function pointee(t: CType): CType {
  if (t.kind === 'ptr') return t.to;
  if (t.kind === 'array') return t.of;
  return fail('unsupported', `dereference of a ${typeName(t)}`);
}
