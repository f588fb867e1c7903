import type { Node } from 'web-tree-sitter';
import type { Rule, RuleContext, UnitEdit } from '../rule';
import { calleeName, nodeRange, nodesOfType } from '../syntax';

const printers = /^(?:pr|dev|netdev|drm|drm_dbg|pci|ata_dev|ibdev)_(?:err|warn|warning|notice|info|crit|alert|emerg|dbg|debug)(?:_once|_ratelimited)?$|^printk$/;
/** A part of every name `printers` accepts (`netdev_`, `ata_dev_` and `ibdev_` hold `dev_`). */
const printerWords = /pr_|dev_|drm_|pci_|printk/;
const errnoNames = /^(?:ret|err|rc|error|errno|retval|status|ret_?val|err_?code|error_?code)$|_(?:err|ret|rc|error)$|^err_/;

/** One printf conversion: where it sits in its string literal and which argument it prints. */
interface Conversion {
  literal: Node;
  offset: number;
  spec: string;
  argument: number;
}

function literals(format: Node): Node[] {
  return format.type === 'concatenated_string' ? format.namedChildren.filter((child) => child.type === 'string_literal') : [format];
}

/** Walks the conversions of the format in order, counting `*` widths as arguments too. */
function conversions(format: Node): Conversion[] {
  const found: Conversion[] = [];
  let argument = 0;
  for (const literal of literals(format)) {
    for (const match of literal.text.matchAll(/%(?:%|[-+ #0]*(\d+|\*)?(?:\.(\d+|\*))?(hh|h|ll|l|z|t|j|L)?([a-zA-Z]))/g)) {
      if (match[0] === '%%') continue;
      argument += (match[1] === '*' ? 1 : 0) + (match[2] === '*' ? 1 : 0);
      found.push({ literal, offset: match.index, spec: match[0], argument });
      argument++;
    }
  }
  return found;
}

/** An expression that holds a negative errno: `ret`, `err`, `-ENOMEM`, `PTR_ERR(p)`. */
function errnoKind(argument: Node): 'value' | 'ptr-err' | undefined {
  if (argument.type === 'identifier' && errnoNames.test(argument.text)) return 'value';
  if (argument.type === 'unary_expression' && /^-\s*E[A-Z0-9]+$/.test(argument.text)) return 'value';
  if (argument.type === 'call_expression' && calleeName(argument) === 'PTR_ERR') return 'ptr-err';
  return undefined;
}

function formatArgument(call: Node): { format: Node; rest: Node[] } | undefined {
  const args = call.childForFieldName('arguments')?.namedChildren.filter((child) => child.type !== 'comment') ?? [];
  const index = args.findIndex((arg) => arg.type === 'string_literal' || arg.type === 'concatenated_string');
  return index === -1 ? undefined : { format: args[index]!, rest: args.slice(index + 1) };
}

function specEdit(conversion: Conversion): UnitEdit | undefined {
  const { literal } = conversion;
  if (literal.startPosition.row !== literal.endPosition.row) return undefined;
  const column = literal.startPosition.column + conversion.offset;
  const line = literal.startPosition.row;
  return { range: { start: { line, column }, end: { line, column: column + conversion.spec.length } }, newText: '%pe' };
}

function checkCall(context: RuleContext, call: Node, printer: string): void {
  const parts = formatArgument(call);
  if (!parts) return;
  for (const conversion of conversions(parts.format)) {
    if (!/^%[-+ #0]*\d*(?:l|ll|h|hh|z)?[di]$/.test(conversion.spec)) continue;
    const argument = parts.rest[conversion.argument];
    const kind = argument && errnoKind(argument);
    if (!argument || !kind) continue;
    const replacement = kind === 'ptr-err' ? argument.childForFieldName('arguments')?.namedChild(0)?.text : `ERR_PTR(${argument.text})`;
    if (!replacement) continue;
    const edit = specEdit(conversion);
    context.report({
      range: edit?.range ?? nodeRange(argument),
      related: [{ range: nodeRange(argument), message: `the error code printed with ${conversion.spec}` }],
      message: `${printer}() prints the error code '${argument.text}' with ${conversion.spec}: use %pe with ${replacement} to print its name (-ENOMEM, …)`,
      suggestion: `%pe … ${replacement}`,
      fixes: () => edit ? [{
        title: `Print '${argument.text}' with %pe`,
        kind: 'quickfix',
        isPreferred: true,
        unitEdits: [edit, { range: nodeRange(argument), newText: replacement }],
      }] : [],
    });
  }
}

export const errnoFormat: Rule = {
  id: 'errno-format',
  defaultSeverity: 'info',
  scope: 'declaration',
  title: 'Error code printed as a number instead of with %pe',
  checkpatchTypes: [],
  rationale: [
    '`Documentation/core-api/printk-formats.rst` documents `%pe`: given `ERR_PTR(err)` it prints the symbolic error name',
    '(`-ENODEV`) instead of a bare number that readers of a log have to look up. `pr_err("… err=%d\\n", ret)` becomes',
    '`pr_err("… err=%pe\\n", ERR_PTR(ret))`; an argument already written `PTR_ERR(p)` is simply `p`.',
    '',
    'checkpatch.pl knows `%pe` (**VSPRINTF_POINTER_EXTENSION** accepts it) but never suggests it. The quick fix edits the',
    'format and the argument together (they may sit on different lines).',
  ].join('\n'),
  check(context) {
    // Every printer's name holds one of these: a declaration whose text holds none calls no printer.
    if (!printerWords.test(context.root.text)) return;
    for (const node of nodesOfType(context.root, ['call_expression'])) {
      const name = calleeName(node);
      if (name && printers.test(name)) checkCall(context, node, name);
    }
  },
};
