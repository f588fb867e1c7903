import type { Language, Node } from 'web-tree-sitter';
import { checkByCollecting, placed, type Rule, type UnitRange } from '../rule';
import { declaredName, nodeRange, nodesOfType } from '../syntax';

/**
 * Bodies shorter than this many tokens (about ten lines) are too small to be worth a shared helper: RFC V3's
 * start_offloading()/stop_offloading() (7 statements, 62 tokens) were judged a matter of taste on real patches.
 */
const MIN_TOKENS = 80;
/** Bodies of 1-3 statements (a wrapper, a show/store pair) are idiomatic twins no reviewer asks to merge. */
const MIN_STATEMENTS = 4;

/** Atoms that differ between twins: names, members, literals (NULL included). */
const atoms = new Set([
  'identifier', 'field_identifier', 'type_identifier', 'number_literal', 'string_literal', 'concatenated_string',
  'char_literal', 'null', 'true', 'false', 'system_lib_string',
]);

/** What the token walk does with a node type, by type id. */
const enum Kind { Descend, Skip, Atom, Arrow, Identifier, Call }
const kinds = new WeakMap<Language, Kind[]>();

function kindsOf(language: Language): Kind[] {
  let table = kinds.get(language);
  if (!table) {
    table = language.types.map((type) => type === 'comment' ? Kind.Skip : type === 'identifier' ? Kind.Identifier
      : atoms.has(type) ? Kind.Atom : type === '->' ? Kind.Arrow : type === 'call_expression' ? Kind.Call : Kind.Descend);
    kinds.set(language, table);
  }
  return table;
}

/**
 * The body as tokens with every atom replaced by one placeholder and `->`/`.` made equal. The functions a body calls
 * stay as written: twins that call different functions (`lock_a(); work(); unlock_a();` beside the `_b` versions) would
 * need function pointers to share a helper, which no maintainer prefers to two clear functions.
 *
 * One cursor walk reading type ids: a Node object per visited node (and `node.parent`, a walk down from the root in
 * tree-sitter) made this rule quadratic on big files and the slowest of all on kernel/bpf/verifier.c.
 */
export function normalisedTokens(body: Node): string[] {
  const tokens: string[] = [];
  const { types, fields } = body.tree.language;
  const kind = kindsOf(body.tree.language);
  const functionField = fields.indexOf('function');
  const cursor = body.walk();
  // Kinds of the nodes above the cursor, the body's own first: an identifier is a callee only right under a call.
  const above: Kind[] = [];
  try {
    for (;;) {
      const id = cursor.nodeTypeId;
      const what = kind[id] ?? Kind.Descend;
      if (what === Kind.Identifier && above.at(-1) === Kind.Call && cursor.currentFieldId === functionField) {
        tokens.push(`call:${cursor.nodeText}`);
      } else if (what === Kind.Atom || what === Kind.Identifier) {
        tokens.push('$');
      } else if (what !== Kind.Skip) {
        if (cursor.gotoFirstChild()) {
          above.push(what);
          continue;
        }
        tokens.push(what === Kind.Arrow ? '.' : types[id] || 'ERROR');
      }
      for (;;) {
        if (above.length === 0) return tokens;
        if (cursor.gotoNextSibling()) break;
        cursor.gotoParent();
        above.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}

/** Statements directly in the body, declarations included, comments not. */
function statementCount(body: Node): number {
  return body.namedChildren.filter((child) => child.type !== 'comment').length;
}

/** One function body long enough to be compared, as collected on its declaration. */
interface BodyFacts {
  key: string;
  name: string;
  range: UnitRange;
}

/**
 * The normalised tokens as a short key (two 32-bit hashes and the count): kept per function for the whole unit, the
 * joined tokens would cost as much memory as the file's text.
 */
function fingerprint(tokens: string[]): string {
  let a = 0x811c9dc5;
  let b = 5381;
  for (const token of tokens) {
    for (let i = 0; i < token.length; i++) {
      const c = token.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = (Math.imul(b, 33) + c) | 0;
    }
    a = Math.imul(a ^ 0x20, 0x01000193);
    b = (Math.imul(b, 33) + 0x20) | 0;
  }
  return `${tokens.length}:${(a >>> 0).toString(36)}:${(b >>> 0).toString(36)}`;
}

export const duplicateFunctionBody: Rule<BodyFacts[]> = {
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
    `placeholder and treating \`->\` like \`.\`; the functions called must be the same. Bodies under ${MIN_STATEMENTS} statements or`,
    `${MIN_TOKENS} tokens are ignored: short twins (wrappers, show/store pairs) are how kernel code is written. checkpatch.pl has no such rule.`,
  ].join('\n'),
  check(context) {
    checkByCollecting(duplicateFunctionBody, context);
  },
  // A body's fingerprint is kept with its declaration, so an edit re-reads only the function it touched.
  collect(context) {
    const bodies: BodyFacts[] = [];
    for (const node of nodesOfType(context.root, ['function_definition'])) {
      const body = node.childForFieldName('body');
      const name = declaredName(node.childForFieldName('declarator'));
      if (!body || !name || body.hasError) continue;
      // Each token is one node of the body: a body of fewer nodes than MIN_TOKENS needs no walk (one WASM call).
      if (body.descendantCount < MIN_TOKENS || statementCount(body) < MIN_STATEMENTS) continue;
      const tokens = normalisedTokens(body);
      if (tokens.length < MIN_TOKENS) continue;
      bodies.push({ key: fingerprint(tokens), name: name.text, range: nodeRange(name) });
    }
    return bodies.length > 0 ? bodies : undefined;
  },
  judge(context, collected) {
    const seen = new Map<string, { name: string; range: UnitRange }>();
    for (const { facts, rows } of collected) {
      for (const body of facts) {
        const twin = seen.get(body.key);
        if (twin) {
          context.report({
            range: placed(body.range, rows),
            message: `${body.name}() has the same body as ${twin.name}() up to names and literals: consider one helper taking the differences as parameters`,
            related: [{ range: twin.range, message: `${twin.name}() is the twin` }],
          });
        } else {
          seen.set(body.key, { name: body.name, range: placed(body.range, rows) });
        }
      }
    }
  },
};
