// One big file on two idle cores (`offload-review kernel/bpf/verifier.c`): both threads parse it and each runs half of
// the rules, so the rules' cold JavaScript (most of such a call: every function runs unoptimised first) is shared.
// The two halves are merged into the review one thread would have reported.
import { byPosition } from '../core/review/finding';
import type { PooledReview } from './settledReview';

/**
 * Each rule's time in a cold review of kernel/bpf/verifier.c (ms, the engine's own `timings`, bundled, one process,
 * 2026-12-02): the split balances these. A rule not listed counts as the median of those listed; a stale figure only
 * makes the halves less even, never the output different.
 */
const COLD_MS: Readonly<Record<string, number>> = {
  'terse-identifier': 673,
  'unused-initial-value': 527,
  'duplicate-function-body': 164,
  'redundant-initializer': 108,
  'exported-symbol-prefix': 68,
  'unused-export': 67,
  'exported-symbol-kernel-doc': 61,
  'ignored-cmpxchg-result': 15,
  'redundant-owner': 11,
  'errno-format': 8,
  'missing-spdx': 1,
};

function medianCost(): number {
  const costs = Object.values(COLD_MS).sort((a, b) => a - b);
  return costs[Math.floor(costs.length / 2)]!;
}

/**
 * The rules in two groups of about equal cost, the dearest rules placed first, each on the lighter side; the lighter
 * group second (the worker, which still has to load the bundle when the main thread starts). Undefined below two rules.
 */
export function splitRules(ids: readonly string[]): [string[], string[]] | undefined {
  if (ids.length < 2) return undefined;
  const fallback = medianCost();
  const cost = (id: string) => COLD_MS[id] ?? fallback;
  const groups: { ids: string[]; ms: number }[] = [{ ids: [], ms: 0 }, { ids: [], ms: 0 }];
  for (const id of [...ids].sort((a, b) => cost(b) - cost(a) || (a < b ? -1 : 1))) {
    const lighter = groups[0]!.ms <= groups[1]!.ms ? groups[0]! : groups[1]!;
    lighter.ids.push(id);
    lighter.ms += cost(id);
  }
  groups.sort((a, b) => b.ms - a.ms);
  return [groups[0]!.ids, groups[1]!.ids];
}

/** Lines of `extra` not already in `first`, after it: what either thread would print, once. */
function unitedLines(first: string, extra: string): string {
  const seen = new Set(first.split('\n'));
  return first + extra.split('\n').filter((line) => line !== '' && !seen.has(line)).map((line) => `${line}\n`).join('');
}

/**
 * The review of one input by two threads, each with part of the rules, as one thread with all of them reports it: the
 * findings in position order (each rule's own findings keep the order its thread found them in, as one review's stable
 * sort keeps them), each finding with its fixes; notes and messages once each. `here` speaks for the input itself.
 */
export function mergeSplitReviews(here: PooledReview, there: PooledReview): PooledReview {
  if (here.settled.problem !== undefined) return here;
  const a = here.settled;
  const b = there.settled;
  const all = [...a.findings, ...b.findings];
  const fixes = a.fixes && b.fixes ? [...a.fixes, ...b.fixes] : undefined;
  const order = all.map((_, index) => index).sort((i, j) => byPosition(all[i]!, all[j]!) || i - j);
  const notes = [...a.notes, ...b.notes.filter((note) => !a.notes.includes(note))];
  return {
    settled: { notes, findings: order.map((index) => all[index]!), ...(fixes ? { fixes: order.map((index) => fixes[index]!) } : {}) },
    err: unitedLines(here.err, there.err),
  };
}
