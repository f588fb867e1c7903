/**
 * A patch's C as a program: its functions, globals, types, exports and registrations, collected from the
 * tree-sitter trees of each source unit's post-image (plus the kernel prelude the fragments rely on).
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { CParser } from '../c/parser';
import type { SourceUnit } from '../patch/types';
import type { CType, FunctionType } from './ctypes';
import { TypeTable } from './declarations';
import { CRuntimeError, type CLocation } from './errors';
import { kernelPrelude, KERNEL_PRELUDE_PATH } from './prelude';
import { preprocessKernelC } from './preprocess';
import { rowOf } from './syntax';
import type { PatchFunction } from './values';

export interface GlobalDecl {
  name: string;
  type: CType;
  init: Node | undefined;
  isStatic: boolean;
  /** Only declared `extern` here: the kernel model supplies the object unless a unit defines it. */
  isExtern: boolean;
  unitIndex: number;
  node: Node;
}

export interface Registration {
  /** `EXPORT_SYMBOL_GPL`, `module_init`, … */
  macro: string;
  name: string;
  loc: CLocation;
}

export interface ProgramUnit {
  unit: SourceUnit;
  tree: Tree;
  /** Defines' values, parsed on the rows where the defines stand. */
  defineTree: Tree | undefined;
}

export class PatchProgram {
  readonly units: ProgramUnit[] = [];
  readonly types = new TypeTable();
  readonly globals = new Map<string, GlobalDecl>();
  readonly functions = new Map<string, PatchFunction>();
  readonly prototypes = new Map<string, FunctionType>();
  readonly registrations: Registration[] = [];
  /** One-line notes on what was skipped (an unparsable declaration, a function-like macro). */
  readonly notes: string[] = [];
  readonly functionMacros = new Set<string>();

  location(node: Node, unitIndex: number): CLocation {
    const pu = this.units[unitIndex];
    const line = rowOf(node);
    return { path: pu?.unit.path ?? '?', line, docLine: pu?.unit.lines[line]?.docLine };
  }

  /** Units that came from the patch (index ≥ 1; 0 is the kernel prelude). */
  get patchUnits(): ProgramUnit[] {
    return this.units.slice(1);
  }

  /** Frees the syntax trees; the program must not be run afterwards. */
  dispose(): void {
    for (const u of this.units.slice(1)) {
      u.tree.delete();
      u.defineTree?.delete();
    }
  }
}

function preludeUnit(): SourceUnit {
  const lines = kernelPrelude.split('\n').map(() => ({ docLine: undefined, docColumnOffset: 0, added: false }));
  return { path: KERNEL_PRELUDE_PATH, text: kernelPrelude, origin: 'whole-file', lines };
}

/** Parses each C unit (only `.c`/`.h` and plain C) and collects its definitions; later units see earlier ones. */
export function loadPatchProgram(units: SourceUnit[], parser: CParser): PatchProgram {
  const program = new PatchProgram();
  for (const [i, unit] of [preludeUnit(), ...units].entries()) {
    const { tree, defineTree } = i === 0 ? preludeTrees(parser) : parseUnit(unit.text, parser);
    const index = program.units.length;
    program.units.push({ unit, tree, defineTree });
    collectDefines(program, defineTree);
    for (const node of topLevel(tree.rootNode)) {
      try {
        collect(program, node, index);
      } catch (error) {
        if (!(error instanceof CRuntimeError)) throw error;
        const loc = program.location(node, index);
        program.notes.push(`${loc.path}:${loc.line + 1}: skipped: ${error.message}`);
      }
    }
  }
  return program;
}

function parseUnit(source: string, parser: CParser): { tree: Tree; defineTree: Tree | undefined } {
  const text = preprocessKernelC(source);
  const tree = parser.parse(text);
  return { tree, defineTree: parseDefines(tree, text, parser) };
}

/** The prelude never changes: its trees are parsed once per parser and shared by every program. */
const preludeCache = new WeakMap<CParser, { tree: Tree; defineTree: Tree | undefined }>();

function preludeTrees(parser: CParser): { tree: Tree; defineTree: Tree | undefined } {
  let trees = preludeCache.get(parser);
  if (!trees) {
    trees = parseUnit(kernelPrelude, parser);
    preludeCache.set(parser, trees);
  }
  return trees;
}

/** Top-level items, looking inside `#ifdef`/`#if` (the configured branch is assumed taken, `#else` ignored). */
function* topLevel(node: Node): Generator<Node> {
  const skip = new Set(['alternative', 'condition', 'name'].map((f) => node.childForFieldName(f)?.id));
  for (const child of node.namedChildren) {
    if (!child || skip.has(child.id)) continue;
    if (/^preproc_(if|ifdef)$/.test(child.type)) yield* topLevel(child);
    else yield child;
  }
}

/** Rewrites each object-like `#define NAME value` as `long NAME = (value);` on its own row, other rows blank. */
function parseDefines(tree: Tree, text: string, parser: CParser): Tree | undefined {
  const rows = text.split('\n').map(() => '');
  let any = false;
  for (const def of tree.rootNode.descendantsOfType('preproc_def')) {
    const name = def?.childForFieldName('name')?.text;
    const value = def?.childForFieldName('value')?.text.replace(/\\\n/g, ' ').trim();
    if (!def || !name || !value) continue;
    rows[def.startPosition.row] = `long ${name} = (${value});`;
    any = true;
  }
  return any ? parser.parse(rows.join('\n')) : undefined;
}

function collectDefines(program: PatchProgram, defineTree: Tree | undefined): void {
  for (const decl of defineTree?.rootNode.namedChildren ?? []) {
    const init = decl?.childForFieldName('declarator');
    const name = init?.childForFieldName('declarator')?.text;
    const value = init?.childForFieldName('value');
    if (name && value) program.types.defines.set(name, value);
  }
}

function collect(program: PatchProgram, node: Node, unitIndex: number): void {
  switch (node.type) {
    case 'function_definition':
      return collectFunction(program, node, unitIndex);
    case 'declaration':
      return collectDeclaration(program, node, unitIndex);
    case 'type_definition': {
      const base = program.types.specifier(node.childForFieldName('type') as Node);
      for (const d of node.childrenForFieldName('declarator')) {
        const r = program.types.declarator(base, d);
        program.types.typedefs.set(r.name, r.type);
      }
      return;
    }
    case 'struct_specifier':
    case 'union_specifier':
    case 'enum_specifier':
      program.types.specifier(node);
      return;
    case 'expression_statement':
      return collectRegistration(program, node, unitIndex);
    case 'preproc_function_def':
      program.functionMacros.add(node.childForFieldName('name')?.text ?? '');
      return;
    case 'ERROR': {
      const loc = program.location(node, unitIndex);
      if (unitIndex > 0) program.notes.push(`${loc.path}:${loc.line + 1}: text the C parser could not read was skipped`);
      return;
    }
    default:
      return;
  }
}

function hasStorage(node: Node, word: string): boolean {
  return node.namedChildren.some((c) => c?.type === 'storage_class_specifier' && c.text === word);
}

function collectFunction(program: PatchProgram, node: Node, unitIndex: number): void {
  const base = program.types.specifier(node.childForFieldName('type') as Node);
  const d = program.types.declarator(base, node.childForFieldName('declarator'));
  const body = node.childForFieldName('body');
  if (d.type.kind !== 'func' || !body) return;
  program.prototypes.set(d.name, d.type);
  program.functions.set(d.name, {
    kind: 'patch', name: d.name, type: d.type, paramNames: d.paramNames ?? [], body, unitIndex, isStatic: hasStorage(node, 'static'),
  });
}

function collectDeclaration(program: PatchProgram, node: Node, unitIndex: number): void {
  const typeNode = node.childForFieldName('type');
  if (!typeNode) return;
  const base = program.types.specifier(typeNode);
  const isExtern = hasStorage(node, 'extern');
  for (const declarator of node.childrenForFieldName('declarator')) {
    if (!declarator) continue;
    const d = program.types.declarator(base, declarator);
    if (!d.name) continue;
    if (d.type.kind === 'func') {
      if (!program.prototypes.has(d.name)) program.prototypes.set(d.name, d.type);
      continue;
    }
    const init = declarator.type === 'init_declarator' ? declarator.childForFieldName('value') ?? undefined : undefined;
    const declarationOnly = isExtern && !init;
    if (declarationOnly && program.globals.has(d.name)) continue;
    program.globals.set(d.name, {
      name: d.name, type: d.type, init, isStatic: hasStorage(node, 'static'), isExtern: declarationOnly, unitIndex, node: declarator,
    });
  }
}

const registrationMacros = /^(EXPORT_SYMBOL(_GPL)?(_NS(_GPL)?)?|module_init|module_exit|late_initcall|subsys_initcall|device_initcall|core_initcall|arch_initcall|fs_initcall)$/;

function collectRegistration(program: PatchProgram, node: Node, unitIndex: number): void {
  const call = node.namedChildren[0];
  if (call?.type !== 'call_expression') return;
  const macro = call.childForFieldName('function')?.text ?? '';
  const arg = call.childForFieldName('arguments')?.namedChildren[0]?.text;
  if (registrationMacros.test(macro) && arg) {
    program.registrations.push({ macro, name: arg, loc: program.location(node, unitIndex) });
  } else if (unitIndex > 0) {
    program.notes.push(`${program.location(node, unitIndex).path}:${node.startPosition.row + 1}: top-level ${macro}(…) is not modelled`);
  }
}
