import type { Node } from 'web-tree-sitter';
import type { Rule } from '../rule';
import { declaredName, forEachNode, nodeRange, nodesOfType } from '../syntax';

/** Bodies shorter than this many tokens are too small to be worth a shared helper. */
const MIN_TOKENS = 40;

/** Atoms that differ between twins: names, members, literals (NULL included). */
const atoms = new Set([
  'identifier', 'field_identifier', 'type_identifier', 'number_literal', 'string_literal', 'concatenated_string',
  'char_literal', 'null', 'true', 'false', 'system_lib_string',
]);

/** The body as tokens with every atom replaced by one placeholder and `->`/`.` made equal. */
export function normalisedTokens(body: Node): string[] {
  const tokens: string[] = [];
  forEachNode(body, (node) => {
    if (node.type === 'comment') return false;
    if (atoms.has(node.type)) {
      tokens.push('$');
      return false;
    }
    if (node.childCount === 0) tokens.push(node.type === '->' ? '.' : node.type);
    return true;
  });
  return tokens;
}

export const duplicateFunctionBody: Rule = {
  id: 'duplicate-function-body',
  defaultSeverity: 'info',
  title: 'Two functions with the same body up to names and literals',
  checkpatchTypes: [],
  rationale: [
    'Two functions that differ only in a few names and constants (the seed\'s `start_offloading()`/`stop_offloading()`) are',
    'one function written twice: a later fix to one is easily forgotten in the other. `Documentation/process/coding-style.rst`',
    '("Functions") asks for short functions that do one thing; a shared helper taking the differences as parameters keeps the',
    'two entry points as one-liners.',
    '',
    'Bodies are compared as token sequences after replacing every identifier, member name and literal (`NULL` too) by a',
    `placeholder and treating \`->\` like \`.\`; bodies under ${MIN_TOKENS} tokens are ignored. checkpatch.pl has no such rule.`,
  ].join('\n'),
  check(context) {
    const seen = new Map<string, Node>();
    for (const node of nodesOfType(context.tree, ['function_definition'])) {
      const body = node.childForFieldName('body');
      const name = declaredName(node.childForFieldName('declarator'));
      if (!body || !name || body.hasError) continue;
      const tokens = normalisedTokens(body);
      if (tokens.length < MIN_TOKENS) continue;
      const key = tokens.join(' ');
      const twin = seen.get(key);
      const twinName = twin && declaredName(twin.childForFieldName('declarator'));
      if (twin && twinName) {
        context.report({
          range: nodeRange(name),
          message: `${name.text}() has the same body as ${twinName.text}() up to names and literals: consider one helper taking the differences as parameters`,
          related: [{ range: nodeRange(twinName), message: `${twinName.text}() is the twin` }],
        });
      } else {
        seen.set(key, node);
      }
    }
  },
};
