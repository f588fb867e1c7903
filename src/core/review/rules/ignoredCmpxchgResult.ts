import type { Rule } from '../rule';
import { calleeName, nodeRange, nodesOfType } from '../syntax';

/** The cmpxchg family in every width and ordering: try_cmpxchg, atomic64_cmpxchg_relaxed, raw_…, arch_…. */
const cmpxchgFamily = /^(?:arch_|raw_)?(?:atomic(?:64|_long)?_)?(?:try_)?cmpxchg(?:64|128|_local|_double)?(?:_relaxed|_acquire|_release)?$/;

export const ignoredCmpxchgResult: Rule = {
  id: 'ignored-cmpxchg-result',
  defaultSeverity: 'warning',
  scope: 'declaration',
  title: 'cmpxchg result dropped',
  checkpatchTypes: [],
  rationale: [
    'A compare-and-exchange only stores when the old value is the expected one; its result says whether it did. Called as',
    'a bare statement, a failed exchange goes unnoticed: in the seed, `atomic_try_cmpxchg(&dispatch_to_offc, &offloading, 1)`',
    'silently does nothing when offloading was already on, and a second provider\'s start is not reported.',
    '',
    'Either act on the result (`if (!atomic_try_cmpxchg(...))`), or, when the store must happen whatever the old value, say',
    'so with `atomic_set()`/`atomic_xchg()`. See `Documentation/atomic_t.txt`. checkpatch.pl has no such rule.',
  ].join('\n'),
  check(context) {
    for (const node of nodesOfType(context.root, ['expression_statement'])) {
      const call = node.namedChild(0);
      const name = call?.type === 'call_expression' ? calleeName(call) : undefined;
      if (call && name && cmpxchgFamily.test(name)) {
        context.report({
          range: nodeRange(call),
          message: `the result of ${name}() is dropped: when the old value is not the expected one nothing is stored and nobody notices`,
          suggestion: `if (!${call.text}) …`,
        });
      }
    }
  },
};
