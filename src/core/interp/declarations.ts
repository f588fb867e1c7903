/** Turns tree-sitter type specifiers and declarators into C types; keeps the struct, typedef and enum tables. */
import type { Node } from 'web-tree-sitter';
import { arrayOf, kernelIntTypedefs, pointerTo, sizeOf, T, type CType, type FunctionType, type StructType } from './ctypes';
import { CRuntimeError, fail } from './errors';
import { literalType } from './intOps';

export interface Declared {
  name: string;
  type: CType;
  /** Parameter names when the declarator is a function's. */
  paramNames?: string[];
  node: Node;
}

export class TypeTable {
  readonly structs = new Map<string, StructType>();
  readonly typedefs = new Map<string, CType>();
  readonly enumConstants = new Map<string, bigint>();
  /** Object-like macros whose value is an expression (parsed separately). */
  readonly defines = new Map<string, Node>();
  private anonymous = 0;

  structTag(tag: string, union: boolean): StructType {
    const key = `${union ? 'union' : 'struct'} ${tag}`;
    let t = this.structs.get(key);
    if (!t) {
      t = { kind: 'struct', tag, union, fields: undefined };
      this.structs.set(key, t);
    }
    return t;
  }

  /** The type a specifier node names (primitive, sized, typedef, struct/union/enum with or without a body). */
  specifier(node: Node): CType {
    switch (node.type) {
      case 'primitive_type':
        return primitive(node.text);
      case 'sized_type_specifier':
        return sized(node);
      case 'type_identifier': {
        const t = this.typedefs.get(node.text) ?? kernelIntTypedefs[node.text];
        if (!t) fail('unsupported', `unknown type "${node.text}" (neither the patch nor the kernel prelude defines it)`);
        return t;
      }
      case 'struct_specifier':
      case 'union_specifier':
        return this.structSpecifier(node);
      case 'enum_specifier':
        this.enumSpecifier(node);
        return T.int;
      default:
        fail('unsupported', `type specifier "${node.text}" is not supported`);
    }
  }

  private structSpecifier(node: Node): StructType {
    const union = node.type === 'union_specifier';
    const tag = node.childForFieldName('name')?.text ?? `<anonymous ${++this.anonymous}>`;
    const t = this.structTag(tag, union);
    const body = node.childForFieldName('body');
    if (body) {
      const fields: { name: string; type: CType }[] = [];
      for (const decl of body.namedChildren) {
        if (!decl || decl.type !== 'field_declaration') continue;
        const typeNode = decl.childForFieldName('type');
        if (!typeNode) continue;
        const base = this.specifier(typeNode);
        const declarators = decl.childrenForFieldName('declarator').filter((d): d is Node => d !== null);
        if (declarators.length === 0 && base.kind === 'struct') {
          fields.push(...(base.fields ?? [])); // anonymous struct/union member: its members are reachable directly
        }
        for (const d of declarators) {
          const r = this.declarator(base, d);
          fields.push({ name: r.name, type: r.type });
        }
      }
      t.fields = fields;
    }
    return t;
  }

  private enumSpecifier(node: Node): void {
    const body = node.childForFieldName('body');
    let next = 0n;
    for (const item of body?.namedChildren ?? []) {
      if (!item || item.type !== 'enumerator') continue;
      const value = item.childForFieldName('value');
      if (value) next = this.constant(value);
      this.enumConstants.set(item.childForFieldName('name')?.text ?? '', next);
      next += 1n;
    }
  }

  /** Applies a declarator (pointer, array, function, parenthesized, init) to `base`; abstract ones have name ''. */
  declarator(base: CType, node: Node | null): Declared {
    if (!node) return { name: '', type: base, node: null as unknown as Node };
    switch (node.type) {
      case 'identifier':
      case 'field_identifier':
      case 'type_identifier':
        return { name: node.text, type: base, node };
      case 'pointer_declarator':
      case 'abstract_pointer_declarator':
        return this.declarator(pointerTo(base), node.childForFieldName('declarator'));
      case 'array_declarator':
      case 'abstract_array_declarator': {
        const size = node.childForFieldName('size');
        return this.declarator(arrayOf(base, size ? Number(this.constant(size)) : undefined), node.childForFieldName('declarator'));
      }
      case 'function_declarator':
      case 'abstract_function_declarator': {
        const { type, names } = this.functionType(base, node.childForFieldName('parameters'));
        const inner = this.declarator(type, node.childForFieldName('declarator'));
        return inner.type === type ? { ...inner, paramNames: names } : inner;
      }
      case 'parenthesized_declarator':
      case 'abstract_parenthesized_declarator':
      case 'attributed_declarator':
        return this.declarator(base, node.namedChildren.find((c) => c !== null && c.type.includes('declarator') || c?.type === 'identifier') ?? null);
      case 'init_declarator':
        return this.declarator(base, node.childForFieldName('declarator'));
      default:
        fail('unsupported', `declarator "${node.text}" is not supported`);
    }
  }

  private functionType(ret: CType, params: Node | null): { type: FunctionType; names: string[] } {
    const types: CType[] = [];
    const names: string[] = [];
    let variadic = false;
    for (const p of params?.namedChildren ?? []) {
      if (!p) continue;
      if (p.type === 'variadic_parameter') {
        variadic = true;
        continue;
      }
      if (p.type !== 'parameter_declaration') continue;
      const typeNode = p.childForFieldName('type');
      if (!typeNode) continue;
      const d = this.declarator(this.specifier(typeNode), p.childForFieldName('declarator'));
      if (d.type.kind === 'void' && !d.name) continue; // (void)
      // Parameters of array or function type are adjusted to pointers (C11 6.7.6.3).
      types.push(d.type.kind === 'array' ? pointerTo(d.type.of) : d.type.kind === 'func' ? pointerTo(d.type) : d.type);
      names.push(d.name);
    }
    return { type: { kind: 'func', ret, params: params ? types : undefined, variadic }, names };
  }

  /** `(type)` in casts and sizeof. */
  typeDescriptor(node: Node): CType {
    const typeNode = node.childForFieldName('type');
    if (!typeNode) fail('unsupported', `type "${node.text}"`);
    return this.declarator(this.specifier(typeNode), node.childForFieldName('declarator')).type;
  }

  /** Integer constant expressions for array sizes and enumerators. */
  constant(node: Node): bigint {
    switch (node.type) {
      case 'number_literal':
        return node.text.startsWith('-') ? -literalType(node.text.slice(1).trim()).value : literalType(node.text).value;
      case 'char_literal':
        return BigInt(node.text.slice(1, -1).charCodeAt(0));
      case 'parenthesized_expression':
        return this.constant(node.namedChildren[0] as Node);
      case 'identifier': {
        const e = this.enumConstants.get(node.text);
        if (e !== undefined) return e;
        const d = this.defines.get(node.text);
        if (d) return this.constant(d);
        return fail('unsupported', `"${node.text}" is not a constant the interpreter knows`);
      }
      case 'unary_expression': {
        const v = this.constant(node.childForFieldName('argument') as Node);
        const op = node.childForFieldName('operator')?.text;
        return op === '-' ? -v : op === '~' ? ~v : op === '!' ? (v === 0n ? 1n : 0n) : v;
      }
      case 'binary_expression':
        return constantBinary(node.childForFieldName('operator')?.text ?? '', this.constant(node.childForFieldName('left') as Node), this.constant(node.childForFieldName('right') as Node));
      case 'sizeof_expression': {
        const t = node.childForFieldName('type');
        if (t) return BigInt(sizeOf(this.typeDescriptor(t)));
        return fail('unsupported', `sizeof of an expression in a constant: ${node.text}`);
      }
      case 'cast_expression':
        return this.constant(node.childForFieldName('value') as Node);
      default:
        return fail('unsupported', `constant expression "${node.text}"`);
    }
  }
}

function constantBinary(op: string, a: bigint, b: bigint): bigint {
  const ops: Record<string, (x: bigint, y: bigint) => bigint> = {
    '+': (x, y) => x + y, '-': (x, y) => x - y, '*': (x, y) => x * y, '/': (x, y) => x / y, '%': (x, y) => x % y,
    '<<': (x, y) => x << y, '>>': (x, y) => x >> y, '&': (x, y) => x & y, '|': (x, y) => x | y, '^': (x, y) => x ^ y,
  };
  const f = ops[op];
  if (!f) throw new CRuntimeError('unsupported', `operator ${op} in a constant expression`);
  return f(a, b);
}

function primitive(text: string): CType {
  const table: Record<string, CType> = {
    void: T.void, char: T.char, short: T.short, int: T.int, long: T.long, bool: T.bool, _Bool: T.bool,
    float: T.int, double: T.long, size_t: T.ulong, ssize_t: T.long, uintptr_t: T.ulong, ptrdiff_t: T.long,
    int8_t: T.schar, uint8_t: T.uchar, int16_t: T.short, uint16_t: T.ushort, int32_t: T.int, uint32_t: T.uint,
    int64_t: T.llong, uint64_t: T.ullong,
  };
  const t = table[text];
  if (!t) fail('unsupported', `type "${text}"`);
  if (text === 'float' || text === 'double') fail('unsupported', 'floating point is not used in kernel code and is not modelled');
  return t;
}

/** `unsigned long`, `long long`, `signed char`, `unsigned` alone… */
function sized(node: Node): CType {
  const words = node.text.split(/\s+/).filter((w) => w !== 'int');
  const unsigned = words.includes('unsigned');
  const longs = words.filter((w) => w === 'long').length;
  if (words.includes('char')) return unsigned ? T.uchar : words.includes('signed') ? T.schar : T.char;
  if (words.includes('short')) return unsigned ? T.ushort : T.short;
  if (longs >= 2) return unsigned ? T.ullong : T.llong;
  if (longs === 1) return unsigned ? T.ulong : T.long;
  return unsigned ? T.uint : T.int;
}
