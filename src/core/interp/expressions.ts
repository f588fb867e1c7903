/** Expression evaluation: rvalues (with array and function decay), lvalues, calls. */
import type { Node } from 'web-tree-sitter';
import { argumentNodes, field, isPrefix, kind, textOf } from './syntax';
import { convert, load, refTo, store, truthy } from './access';
import { initialize } from './initializers';
import { fieldOf, pointerTo, sizeOf, T, typeName, type CType, type StructType } from './ctypes';
import { fail } from './errors';
import type { Exec, Interpreter } from './interpreter';
import { literalType } from './intOps';
import { derefLvalue, functionOf, rvalueOf, type Lvalue } from './lvalues';
import { kernelConstant } from './kernelConstants';
import { macros } from './macros';
import { binary, unary } from './operators';
import { conditionalType, staticType } from './staticType';
import { parseCharLiteral, parseStringLiteral } from './literals';
import { intValue, objPtr, type Callable, type PtrValue, type Value } from './values';

function child(node: Node, name: string): Node {
  const c = field(node, name);
  if (!c) fail('unsupported', `incomplete expression "${node.text}"`);
  return c;
}

export function* evalExpr(it: Interpreter, node: Node): Exec<Value> {
  switch (kind(node)) {
    case 'number_literal': {
      // tree-sitter folds a leading minus into the literal; in C it is unary minus applied to the constant.
      const text = textOf(node);
      const negative = text.startsWith('-');
      const { value, type } = literalType(text.replace(/^[-+]\s*/, ''));
      return negative ? unary('-', intValue(value, type)) : intValue(value, type);
    }
    case 'char_literal':
      return intValue(parseCharLiteral(node.text), T.int);
    case 'true':
      return intValue(1, T.bool);
    case 'false':
      return intValue(0, T.bool);
    case 'null':
      return { k: 'ptr', t: pointerTo(T.void), target: { kind: 'null' } };
    case 'string_literal':
    case 'concatenated_string': {
      const obj = it.literalObject(node, parseStringLiteral(node));
      return objPtr(refTo(obj, [0]), pointerTo(T.char));
    }
    case 'identifier':
      return yield* identifierValue(it, node);
    case 'parenthesized_expression':
      return yield* evalExpr(it, node.namedChildren[0] as Node);
    case 'comma_expression':
      yield* evalExpr(it, child(node, 'left'));
      return yield* evalExpr(it, child(node, 'right'));
    case 'field_expression':
    case 'subscript_expression':
      return rvalueOf(yield* evalLvalue(it, node));
    case 'pointer_expression':
      return yield* pointerExpression(it, node);
    case 'unary_expression':
      return unary(textOf(child(node, 'operator')), yield* evalExpr(it, child(node, 'argument')));
    case 'binary_expression':
      return yield* binaryExpression(it, node);
    case 'update_expression':
      return yield* updateExpression(it, node);
    case 'assignment_expression':
      return yield* assignment(it, node);
    case 'conditional_expression': {
      const cond = truthy(yield* evalExpr(it, child(node, 'condition')));
      const v = yield* evalExpr(it, child(node, cond ? 'consequence' : 'alternative'));
      return v.k === 'int' ? convert(v, integerConditionalType(it, node, v.t)) : v;
    }
    case 'cast_expression': {
      const type = it.program.types.typeDescriptor(child(node, 'type'));
      return convert(yield* evalExpr(it, child(node, 'value')), type);
    }
    case 'sizeof_expression': {
      const t = field(node, 'type');
      const type = t ? it.program.types.typeDescriptor(t) : staticType(it, child(node, 'value'));
      return intValue(sizeOfType(type), T.ulong);
    }
    case 'call_expression':
      return yield* callExpression(it, node);
    case 'compound_literal_expression':
      return rvalueOf(yield* compoundLiteral(it, node));
    default:
      return fail('unsupported', `expression of kind ${node.type} ("${node.text.slice(0, 40)}")`);
  }
}

/** The common type of both branches when it can be told without evaluating them; else the chosen one's. */
function integerConditionalType(it: Interpreter, node: Node, chosen: CType): CType {
  try {
    const t = conditionalType(it, node);
    return t.kind === 'int' || t.kind === 'bool' ? t : chosen;
  } catch {
    return chosen;
  }
}

function sizeOfType(t: CType): number {
  return t.kind === 'array' && t.length === undefined ? 0 : sizeOf(t);
}

function* identifierValue(it: Interpreter, node: Node): Exec<Value> {
  const found = it.lookup(textOf(node));
  if (found && 'obj' in found) return rvalueOf({ ref: refTo(found.obj), type: found.obj.type ?? T.void });
  if (found && 'fn' in found) return { k: 'fn', fn: found.fn, t: it.functionType(found.fn) };
  if (found) return found.constant;
  const define = it.program.types.defines.get(node.text);
  if (define) return yield* evalExpr(it, define);
  const constant = kernelConstant(node.text);
  if (constant !== undefined) return intValue(constant);
  return fail('unsupported', `"${node.text}" is not declared in the patch and the kernel model does not provide it`);
}

export function* evalLvalue(it: Interpreter, node: Node): Exec<Lvalue> {
  switch (kind(node)) {
    case 'identifier': {
      const found = it.lookup(textOf(node));
      if (found && 'obj' in found) return { ref: refTo(found.obj), type: found.obj.type ?? T.void };
      return fail('unsupported', `"${node.text}" is not an object that can be assigned or addressed`);
    }
    case 'parenthesized_expression':
      return yield* evalLvalue(it, node.namedChildren[0] as Node);
    case 'field_expression':
      return yield* fieldLvalue(it, node);
    case 'subscript_expression': {
      const base = yield* evalExpr(it, child(node, 'argument'));
      const index = yield* evalExpr(it, child(node, 'index'));
      const p = binary('+', base, index);
      return derefLvalue(p as PtrValue);
    }
    case 'pointer_expression':
      if (textOf(child(node, 'operator')) === '*') return derefLvalue(yield* evalExpr(it, child(node, 'argument')));
      return fail('unsupported', `&… is not an lvalue`);
    case 'string_literal':
    case 'concatenated_string': {
      const obj = it.literalObject(node, parseStringLiteral(node));
      return { ref: refTo(obj), type: obj.type as CType };
    }
    case 'compound_literal_expression':
      return yield* compoundLiteral(it, node);
    case 'call_expression': {
      const name = field(node, 'function')?.text ?? '';
      const macro = macros[name];
      if (macro?.lvalue) return yield* macro.lvalue(it, argumentNodes(node), node);
      return fail('unsupported', `a call result used as an lvalue: ${node.text.slice(0, 40)}`);
    }
    default:
      return fail('unsupported', `"${node.text.slice(0, 40)}" is not an lvalue`);
  }
}

function* fieldLvalue(it: Interpreter, node: Node): Exec<Lvalue> {
  const arrow = textOf(child(node, 'operator')) === '->';
  const name = child(node, 'field').text;
  const base = arrow ? derefLvalue(yield* evalExpr(it, child(node, 'argument'))) : yield* evalLvalue(it, child(node, 'argument'));
  if (base.type.kind !== 'struct') fail('invalid-pointer', `member "${name}" of a ${typeName(base.type)}, not a struct`);
  const member = fieldOf(base.type as StructType, name);
  if (!member) fail('unsupported', `${typeName(base.type)} has no member "${name}" (in the patch or the kernel prelude)`);
  return { ref: { ...base.ref, path: [...base.ref.path, name] }, type: member.type };
}

function* pointerExpression(it: Interpreter, node: Node): Exec<Value> {
  const arg = child(node, 'argument');
  if (textOf(child(node, 'operator')) === '*') {
    const p = yield* evalExpr(it, arg);
    if (p.k === 'fn' || (p.k === 'ptr' && p.target.kind === 'fn')) return p; // *fp designates the function again
    return rvalueOf(derefLvalue(p));
  }
  if (arg.type === 'identifier') {
    const found = it.lookup(arg.text);
    if (found && 'fn' in found) return { k: 'ptr', t: pointerTo(it.functionType(found.fn)), target: { kind: 'fn', fn: found.fn } };
  }
  const lv = yield* evalLvalue(it, arg);
  return objPtr(lv.ref, pointerTo(lv.type));
}

function* binaryExpression(it: Interpreter, node: Node): Exec<Value> {
  const op = textOf(child(node, 'operator'));
  if (op === '&&' || op === '||') {
    const left = truthy(yield* evalExpr(it, child(node, 'left')));
    if (op === '&&' ? !left : left) return intValue(left ? 1 : 0);
    return intValue(truthy(yield* evalExpr(it, child(node, 'right'))) ? 1 : 0);
  }
  const a = yield* evalExpr(it, child(node, 'left'));
  const b = yield* evalExpr(it, child(node, 'right'));
  return binary(op, a, b);
}

function* updateExpression(it: Interpreter, node: Node): Exec<Value> {
  const op = textOf(child(node, 'operator'));
  const lv = yield* evalLvalue(it, child(node, 'argument'));
  const old = load(lv.ref);
  const next = convert(binary(op === '++' ? '+' : '-', old, intValue(1)), lv.type);
  store(lv.ref, next);
  const prefix = isPrefix(node, op);
  return prefix ? next : old;
}

function* assignment(it: Interpreter, node: Node): Exec<Value> {
  const op = textOf(child(node, 'operator'));
  const lv = yield* evalLvalue(it, child(node, 'left'));
  const right = yield* evalExpr(it, child(node, 'right'));
  const value = op === '=' ? right : binary(op.slice(0, -1), load(lv.ref), right);
  const converted = convert(value, lv.type);
  store(lv.ref, converted);
  return converted;
}

function* callExpression(it: Interpreter, node: Node): Exec<Value> {
  const callee = child(node, 'function');
  const argNodes = argumentNodes(node);
  const loc = it.location(node);
  let fn: Callable;
  if (callee.type === 'identifier') {
    const macro = macros[callee.text];
    const found = it.lookup(callee.text);
    if (macro && !(found && 'fn' in found && found.fn.kind === 'patch')) return yield* macro.value(it, argNodes, node);
    if (found && 'fn' in found) fn = found.fn;
    else if (found && 'obj' in found) fn = functionOf(yield* evalExpr(it, callee));
    else fn = it.unknownFunction(callee.text, loc);
  } else {
    fn = functionOf(yield* evalExpr(it, callee));
  }
  const type = it.functionType(fn);
  const args: Value[] = [];
  for (const [i, a] of argNodes.entries()) {
    const v = yield* evalExpr(it, a);
    const param = type.params?.[i];
    args.push(param ? convert(v, param) : v);
  }
  if (type.params && args.length < type.params.length) fail('unsupported', `${fn.name}() called with ${args.length} arguments, it takes ${type.params.length}`);
  const result = yield* it.invoke(fn, args, loc, argNodes);
  return type.ret.kind === 'void' || result.k === 'void' ? result : convert(result, type.ret);
}

function* compoundLiteral(it: Interpreter, node: Node): Exec<Lvalue> {
  const type = it.program.types.typeDescriptor(child(node, 'type'));
  const obj = it.temporary('compound literal', type);
  yield* initialize(it, refTo(obj), type, child(node, 'value'), false);
  return { ref: refTo(obj), type: obj.type as CType };
}

