import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzz } from './run';

// CI's share of `npm run fuzz`: a fixed seed, so a failure here replays exactly with the printed path.
const RUNS = Number(process.env.KERNEL_OFFLOAD_FUZZ_RUNS ?? 10_000);

test(`the whole pipeline survives ${RUNS} generated and mutated inputs of every kind (seed 20261201)`, async () => {
  const outcome = await fuzz({ runs: RUNS, seed: 20261201, gitApply: true });
  const failure = outcome.failure;
  assert.ok(!failure, failure && `${failure.message}\nreplay: npm run fuzz -- --seed 20261201 --path ${failure.path}\ninput: ${JSON.stringify(failure.input.text.slice(0, 1500))}`);
  for (const kind of ['c', 'diff', 'format-patch', 'mbox', 'reply', 'hostile']) assert.ok((outcome.byKind[kind] ?? 0) > 0, `no ${kind} input was generated`);
  // A green run must have exercised the fixes, git apply, the reply and the interpreter, not just the reader.
  for (const [what, count] of Object.entries(outcome.counts)) if (typeof count === "number") assert.ok(count > RUNS / 100, `only ${count} ${what} in ${RUNS} runs`);
  const answered = [...outcome.counts.answers.values()].reduce((a, b) => a + b, 0);
  assert.ok(answered < RUNS / 10, `${answered} runs ended in an error answer: ${[...outcome.counts.answers].slice(0, 5).join("; ")}`);
});
