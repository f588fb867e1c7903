import type { Node } from 'web-tree-sitter';
import type { Rule } from '../rule';
import { calleeName, nodeRange, nodesOfType } from '../syntax';

/**
 * The try_ forms in every width and ordering: try_cmpxchg, atomic64_try_cmpxchg_relaxed, raw_…, arch_…. A bare plain
 * `cmpxchg(&p, old, new)` is left alone: "store only if it still holds `old`" with the outcome dropped on purpose is an
 * accepted idiom (clearing an owner that may already have changed), so flagging it would be noise.
 */
const tryCmpxchg = /^(?:arch_|raw_)?(?:atomic(?:64|_long)?_)?try_cmpxchg(?:64|128|_local)?(?:_relaxed|_acquire|_release)?$/;

/** `&offloading` → offloading, when the expected-value argument is the address of a plain local. */
function expectedLocal(call: Node): string | undefined {
  const argument = call.childForFieldName('arguments')?.namedChild(1);
  if (argument?.type !== 'pointer_expression' || argument.child(0)?.type !== '&') return undefined;
  const operand = argument.childForFieldName('argument');
  return operand?.type === 'identifier' ? operand.text : undefined;
}

/**
 * True when `name` is read anywhere in the function after `offset` (a loop around the call would read it too). Asked
 * of the judged declaration (the function): the engine indexes that one, and an offset inside the body leaves the head out.
 */
function readAfter(fn: Node, name: string, offset: number): boolean {
  return nodesOfType(fn, ['identifier']).some((node) => node.text === name && node.startIndex >= offset);
}

function insideLoop(node: Node, stop: Node): boolean {
  for (let parent = node.parent; parent && parent.id !== stop.id; parent = parent.parent) {
    if (parent.type === 'for_statement' || parent.type === 'while_statement' || parent.type === 'do_statement') return true;
  }
  return false;
}

export const ignoredCmpxchgResult: Rule = {
  id: 'ignored-cmpxchg-result',
  defaultSeverity: 'warning',
  scope: 'declaration',
  title: 'try_cmpxchg whose outcome nobody reads',
  checkpatchTypes: [],
  rationale: [
    '`try_cmpxchg()` exists for loops: it returns whether it stored and, when it did not, writes the current value back',
    'into `*old` for the next attempt (`Documentation/atomic_t.txt`). Called as a bare statement, outside a loop, with `old`',
    'never read again, both answers are thrown away: in the seed, `atomic_try_cmpxchg(&dispatch_to_offc, &old, 1)`',
    'silently does nothing when offloading was already on, and nobody can tell a second start from the first.',
    '',
    'Either act on the result (`if (!atomic_try_cmpxchg(...))`), or, when the store must happen whatever the old value, say',
    'so with `atomic_set()`/`atomic_xchg()`. A bare plain `cmpxchg()` ("store only if unchanged") is an accepted idiom and',
    'is not reported; nor is a `try_cmpxchg()` in a loop or whose `old` is read afterwards. checkpatch.pl has no such rule.',
  ].join('\n'),
  check(context) {
    const fn = context.root;
    const body = fn.type === 'function_definition' ? fn.childForFieldName('body') : null;
    // Only a callee named `…try_cmpxchg…` matters: a function whose text never says so needs no look at its statements.
    if (!body || !fn.text.includes('try_cmpxchg')) return;
    // The function's statements are its body's: its head holds none.
    for (const node of nodesOfType(fn, ['expression_statement'])) {
      const call = node.namedChild(0);
      const name = call?.type === 'call_expression' ? calleeName(call) : undefined;
      if (!call || !name || !tryCmpxchg.test(name) || insideLoop(node, body)) continue;
      const old = expectedLocal(call);
      if (old === undefined || readAfter(fn, old, node.endIndex)) continue;
      context.report({
        range: nodeRange(call),
        message: `the result of ${name}() is dropped and '${old}' is not read again: act on a failed exchange, or write a plain set/xchg if the store must happen anyway`,
        suggestion: `if (!${call.text}) …`,
      });
    }
  },
};
