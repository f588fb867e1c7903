/** Statements and function bodies: blocks, declarations, control flow (including goto), and the step hook. */
import type { Node } from 'web-tree-sitter';
import { field, kind, named } from './syntax';
import { convert, newStore, refTo, store, truthy } from './access';
import type { CType } from './ctypes';
import { CRuntimeError, fail } from './errors';
import { evalExpr } from './expressions';
import { initialize } from './initializers';
import type { Exec, Frame, Interpreter } from './interpreter';
import { loopMacro } from './loopMacros';
import { MemObject } from './memory';
import { VOID, type PatchFunction, type Value } from './values';

export type Completion =
  | { kind: 'normal' }
  | { kind: 'break' }
  | { kind: 'continue' }
  | { kind: 'return'; value: Value }
  | { kind: 'goto'; label: string };

const NORMAL: Completion = { kind: 'normal' };

/** Deeper recursion than this is reported instead of overflowing the JavaScript stack. */
const MAX_CALL_DEPTH = 200;

export function* runFunctionBody(it: Interpreter, fn: PatchFunction, args: Value[]): Exec<Value> {
  if (it.frames.length >= MAX_CALL_DEPTH) fail('kernel', `call depth exceeds ${MAX_CALL_DEPTH} at ${fn.name}(): unbounded recursion? (the kernel stack is 16 KiB)`);
  const frame: Frame = { fn, scopes: [new Map()], locals: [], loc: undefined, unitIndex: fn.unitIndex };
  it.frames.push(frame);
  try {
    fn.paramNames.forEach((name, i) => {
      const type = fn.type.params?.[i];
      const arg = args[i];
      if (!type || !arg || !name) return;
      const obj = declareLocal(it, name, type);
      store(refTo(obj), convert(arg, type));
    });
    const done = yield* execStatement(it, fn.body);
    if (done.kind === 'goto') fail('unsupported', `goto ${done.label}: the label is not in an enclosing block`);
    if (done.kind === 'return') return fn.type.ret.kind === 'void' ? VOID : convert(done.value, fn.type.ret);
    return VOID;
  } finally {
    // Locals die with the frame: a pointer that outlives it is caught as a use after free.
    for (const obj of frame.locals) if (obj.storage === 'local') obj.alive = false;
    it.frames.pop();
  }
}

export function declareLocal(it: Interpreter, name: string, type: CType): MemObject {
  const frame = it.frame as Frame;
  const obj = new MemObject(name, type, newStore(type, false), 'local', 0);
  frame.scopes[frame.scopes.length - 1]?.set(name, obj);
  frame.locals.push(obj);
  return obj;
}

/** Yields a step before every statement that does something, so a stepper can stop there. */
function* step(it: Interpreter, node: Node): Exec<void> {
  const loc = it.location(node);
  const frame = it.frame;
  if (frame) frame.loc = loc;
  it.current = loc;
  yield { kind: 'step', loc, node };
}

export function* execStatement(it: Interpreter, node: Node): Exec<Completion> {
  try {
    return yield* statement(it, node);
  } catch (error) {
    if (error instanceof CRuntimeError) {
      error.loc ??= it.location(node);
      throw error;
    }
    // A construct the interpreter mishandles must stop this run with its line, not crash the simulator.
    const message = error instanceof Error ? error.message : String(error);
    throw new CRuntimeError('unsupported', `the interpreter cannot run this statement (${message})`, it.location(node));
  }
}

function* statement(it: Interpreter, node: Node): Exec<Completion> {
  switch (kind(node)) {
    case 'compound_statement':
      return yield* block(it, named(node));
    case 'declaration':
      yield* step(it, node);
      yield* declaration(it, node);
      return NORMAL;
    case 'expression_statement': {
      const expr = node.namedChildren[0];
      if (!expr) return NORMAL;
      yield* step(it, node);
      yield* evalExpr(it, expr);
      return NORMAL;
    }
    case 'return_statement': {
      yield* step(it, node);
      const expr = node.namedChildren[0];
      return { kind: 'return', value: expr ? yield* evalExpr(it, expr) : VOID };
    }
    case 'if_statement': {
      yield* step(it, node);
      const cond = truthy(yield* evalExpr(it, field(node, 'condition') as Node));
      const branch = cond ? field(node, 'consequence') : field(node, 'alternative');
      if (!branch) return NORMAL;
      return yield* execStatement(it, branch.type === 'else_clause' ? (branch.namedChildren[0] as Node) : branch);
    }
    case 'while_statement':
    case 'do_statement':
      return yield* whileLoop(it, node);
    case 'for_statement':
      return yield* forLoop(it, node);
    case 'switch_statement':
      return yield* switchStatement(it, node);
    case 'break_statement':
      yield* step(it, node);
      return { kind: 'break' };
    case 'continue_statement':
      yield* step(it, node);
      return { kind: 'continue' };
    case 'goto_statement':
      yield* step(it, node);
      return { kind: 'goto', label: field(node, 'label')?.text ?? '' };
    case 'labeled_statement': {
      const inner = node.namedChildren.find((c) => c !== null && c.type !== 'statement_identifier');
      return inner ? yield* execStatement(it, inner) : NORMAL;
    }
    case 'comment':
    case 'preproc_call':
    case ';':
      return NORMAL;
    case 'ERROR':
      return fail('unsupported', `the C parser could not read "${node.text.slice(0, 40)}"`);
    default:
      if (node.type.startsWith('preproc_')) return NORMAL;
      return fail('unsupported', `statement of kind ${node.type}`);
  }
}

/** Runs statements in order; a goto to a label among them restarts from there, else it propagates. */
export function* block(it: Interpreter, statements: Node[], scoped = true): Exec<Completion> {
  const frame = it.frame as Frame;
  if (scoped) frame.scopes.push(new Map());
  try {
    let index = 0;
    while (index < statements.length) {
      const result = yield* execStatement(it, statements[index] as Node);
      if (result.kind === 'goto') {
        const target = statements.findIndex((s) => labelOf(s) === result.label);
        if (target < 0) return result;
        index = target;
        continue;
      }
      if (result.kind !== 'normal') return result;
      index++;
    }
    return NORMAL;
  } finally {
    if (scoped) frame.scopes.pop();
  }
}

function labelOf(node: Node): string | undefined {
  return node.type === 'labeled_statement' ? field(node, 'label')?.text : undefined;
}

function* declaration(it: Interpreter, node: Node): Exec<void> {
  const base = it.program.types.specifier(field(node, 'type') as Node);
  const isStatic = node.namedChildren.some((c) => c?.type === 'storage_class_specifier' && c.text === 'static');
  for (const declarator of node.childrenForFieldName('declarator')) {
    if (!declarator) continue;
    const d = it.program.types.declarator(base, declarator);
    if (d.type.kind === 'func') continue;
    const init = declarator.type === 'init_declarator' ? field(declarator, 'value') : null;
    if (isStatic) {
      yield* staticLocal(it, declarator, d.name, d.type, init);
      continue;
    }
    if (d.type.kind === 'array' && d.type.length === undefined && !init) fail('unsupported', `${d.name}: array of unknown size`);
    const obj = declareLocal(it, d.name, d.type);
    if (init) yield* initialize(it, refTo(obj), d.type, init, false);
  }
}

function* staticLocal(it: Interpreter, declarator: Node, name: string, type: CType, init: Node | null): Exec<void> {
  let obj = it.staticLocals.get(declarator.id);
  if (!obj) {
    obj = new MemObject(name, type, newStore(type, true), 'static', 0);
    it.staticLocals.set(declarator.id, obj);
    if (init) yield* initialize(it, refTo(obj), type, init, true);
  }
  (it.frame as Frame).scopes.at(-1)?.set(name, obj);
}

function* whileLoop(it: Interpreter, node: Node): Exec<Completion> {
  const body = field(node, 'body') as Node;
  const condition = field(node, 'condition') as Node;
  let first = node.type === 'do_statement';
  for (;;) {
    if (!first) {
      yield* step(it, condition);
      if (!truthy(yield* evalExpr(it, condition))) return NORMAL;
    }
    first = false;
    const r = yield* execStatement(it, body);
    if (r.kind === 'break') return NORMAL;
    if (r.kind === 'return' || r.kind === 'goto') return r;
  }
}

function* forLoop(it: Interpreter, node: Node): Exec<Completion> {
  const init = field(node, 'initializer');
  const macro = loopMacro(it, node);
  if (macro) return yield* macro;
  const frame = it.frame as Frame;
  frame.scopes.push(new Map());
  try {
    if (init) {
      yield* step(it, init);
      if (init.type === 'declaration') yield* declaration(it, init);
      else yield* evalExpr(it, init);
    }
    return yield* loopBody(it, node, field(node, 'condition'), field(node, 'update'));
  } finally {
    frame.scopes.pop();
  }
}

export function* loopBody(it: Interpreter, node: Node, condition: Node | null, update: Node | null, advance?: () => Exec<boolean>): Exec<Completion> {
  const body = field(node, 'body') as Node;
  for (;;) {
    if (condition) {
      yield* step(it, condition);
      if (!truthy(yield* evalExpr(it, condition))) return NORMAL;
    }
    if (advance && !(yield* advance())) return NORMAL;
    const r = yield* execStatement(it, body);
    if (r.kind === 'break') return NORMAL;
    if (r.kind === 'return' || r.kind === 'goto') return r;
    if (update) yield* evalExpr(it, update);
  }
}

function* switchStatement(it: Interpreter, node: Node): Exec<Completion> {
  yield* step(it, node);
  const value = yield* evalExpr(it, field(node, 'condition') as Node);
  if (value.k !== 'int') fail('unsupported', `switch on a ${value.k}`);
  const cases = (field(node, 'body')?.namedChildren ?? []).filter((c): c is Node => c?.type === 'case_statement');
  let start = cases.findIndex((c) => {
    const v = field(c, 'value');
    return v !== null && it.program.types.constant(v) === value.v;
  });
  if (start < 0) start = cases.findIndex((c) => field(c, 'value') === null);
  if (start < 0) return NORMAL;
  const body: Node[] = [];
  for (const c of cases.slice(start)) {
    const value = field(c, 'value');
    body.push(...c.namedChildren.filter((s): s is Node => s !== null && s.id !== value?.id));
  }
  const r = yield* block(it, body);
  return r.kind === 'break' ? NORMAL : r;
}

