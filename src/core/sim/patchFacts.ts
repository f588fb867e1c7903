import type { Node, Tree } from 'web-tree-sitter';
import type { ParsedDocument, SourceUnit } from '../patch/types';
import type { MigratorInitializer, PatchFact, PatchFacts, SourceRef } from './types';

/** Parses one C text (the tree-sitter CParser's `parse`, bound). The caller owns the parser. */
export type ParseC = (text: string) => Tree;

const BATCH_LIMITS: Record<string, number> = { HPAGE_PMD_NR: 512, HPAGE_PUD_NR: 262144 };

/**
 * What the document defines that the simulator can use: `struct migrator` initialisers (name, callback,
 * fields set), the functions it defines and exports, NR_MAX_BATCHED_MIGRATION, stop_offloading()'s
 * parameters and the pr_info() lines of start/stop — each with the document line that states it.
 */
export function extractPatchFacts(parsed: ParsedDocument, parseC: ParseC): PatchFacts {
  const facts: PatchFacts = { migrators: [], definedFunctions: [], exportedFunctions: [] };
  for (const unit of parsed.units) {
    const tree = parseC(unit.text);
    try {
      const ref = (row: number): SourceRef => ({ path: unit.path, line: unit.lines[row]?.docLine ?? row });
      collectFunctions(tree.rootNode, ref, facts);
      collectMigrators(tree.rootNode, ref, facts);
      collectBatchLimit(tree.rootNode, ref, facts);
      collectExports(unit, ref, facts);
    } finally {
      tree.delete();
    }
  }
  return facts;
}

function functionName(def: Node): string | undefined {
  let declarator = def.childForFieldName('declarator');
  while (declarator && declarator.type !== 'function_declarator') declarator = declarator.childForFieldName('declarator');
  return declarator?.childForFieldName('declarator')?.text;
}

function collectFunctions(root: Node, ref: (row: number) => SourceRef, facts: PatchFacts): void {
  for (const def of root.descendantsOfType('function_definition')) {
    const name = functionName(def);
    if (!name) continue;
    const source = ref(def.startPosition.row);
    facts.definedFunctions.push({ value: name, source });
    const params = def.descendantsOfType('parameter_list')[0];
    if (name === 'stop_offloading' && params) {
      const declared = params.namedChildren.filter((p) => p.type === 'parameter_declaration' && p.text.trim() !== 'void');
      facts.stopTakesArgument = { value: declared.length > 0, source: ref(params.startPosition.row) };
    }
    if (name === 'stop_offloading' || name === 'start_offloading') {
      const log = firstPrInfo(def, ref);
      if (log) facts[name === 'stop_offloading' ? 'stopLog' : 'startLog'] = log;
    }
    if (/static_call\s*\(\s*_folios_copy\s*\)/.test(def.text)) {
      facts.readerTakesSrcu = { value: /srcu_read_lock\s*\(/.test(def.text), source: source };
    }
  }
}

function firstPrInfo(def: Node, ref: (row: number) => SourceRef): PatchFact<{ format: string; nameExpression: string }> | undefined {
  for (const call of def.descendantsOfType('call_expression')) {
    if (call.childForFieldName('function')?.text !== 'pr_info') continue;
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    const format = args[0];
    if (!format || format.type !== 'string_literal') continue;
    return { value: { format: stringValue(format), nameExpression: args[1]?.text ?? '' }, source: ref(call.startPosition.row) };
  }
  return undefined;
}

/** The characters of a C string literal (escapes other than \n and \0 kept as written). */
function stringValue(literal: Node): string {
  const inner = literal.text.replace(/^"/, '').replace(/"$/, '');
  return inner.split('\\0')[0]!.replace(/\\n/g, '\n');
}

function collectMigrators(root: Node, ref: (row: number) => SourceRef, facts: PatchFacts): void {
  for (const decl of root.descendantsOfType('declaration')) {
    const type = decl.childForFieldName('type');
    if (type?.type !== 'struct_specifier' || type.childForFieldName('name')?.text !== 'migrator') continue;
    for (const init of decl.namedChildren.filter((c) => c.type === 'init_declarator')) {
      const list = init.childForFieldName('value');
      const variable = init.childForFieldName('declarator')?.text;
      if (!list || list.type !== 'initializer_list' || !variable) continue;
      const entry: MigratorInitializer = { variable, fields: [], source: ref(init.startPosition.row) };
      for (const pair of list.namedChildren.filter((c) => c.type === 'initializer_pair')) {
        const field = pair.namedChildren
          .filter((c) => c.type === 'field_designator')
          .map((c) => c.text.replace(/^\./, ''))
          .join('.');
        const value = pair.childForFieldName('value');
        if (!field || !value) continue;
        entry.fields.push(field);
        if (field === 'name' && value.type === 'string_literal') entry.name = stringValue(value);
        else if (field === 'name' && value.type === 'concatenated_string') entry.name = value.namedChildren.map(stringValue).join('');
        else if (field === 'owner') entry.owner = value.text;
        else if (/^migrate_offc$|^migrate_offload_copy$|^offload_copy$|copy/.test(field)) entry.callback = value.text;
      }
      facts.migrators.push(entry);
    }
  }
}

function collectBatchLimit(root: Node, ref: (row: number) => SourceRef, facts: PatchFacts): void {
  for (const def of root.descendantsOfType('preproc_def')) {
    if (def.childForFieldName('name')?.text !== 'NR_MAX_BATCHED_MIGRATION') continue;
    const expression = def.childForFieldName('value')?.text.trim() ?? '';
    const numeric = /^\d+$/.test(expression) ? Number(expression) : undefined;
    facts.batchLimit = { value: { expression, basePages: numeric ?? BATCH_LIMITS[expression] }, source: ref(def.startPosition.row) };
  }
}

/** EXPORT_SYMBOL lines are macro calls the grammar reads in varying ways, so they are matched by line. */
function collectExports(unit: SourceUnit, ref: (row: number) => SourceRef, facts: PatchFacts): void {
  unit.text.split('\n').forEach((line, row) => {
    const m = /^\s*EXPORT_SYMBOL(_GPL)?\s*\(\s*(\w+)\s*\)/.exec(line);
    if (m) facts.exportedFunctions.push({ value: { name: m[2]!, gplOnly: m[1] !== undefined }, source: ref(row) });
  });
}
