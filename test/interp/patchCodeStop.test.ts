import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startPatchCodeSimulation, type PatchCodeSimulation } from '../../src/core/interp/patchCodeSimulation';
import { loadPatchCode } from '../../src/core/interp/simulateWithPatchCode';
import { createSimulation } from '../../src/core/sim/simulation';
import { nodeCParser } from '../../src/node/assets';

const seed = readFileSync(new URL('../../examples/seed-reply.txt', import.meta.url), 'utf8');
const config = { scenario: 'stop-by-inactive', protocol: 'v3', provider: 'mtcopy', count: 4096, seed: 1 } as const;

/** The extension host's loop (patchCodeSession.ts): a slice, a turn of the event loop, then Stop is looked at. */
async function drive(run: PatchCodeSimulation, stopAfterSlices: number): Promise<{ outcome: 'finished' | 'stopped'; slices: number }> {
  let slices = 0;
  let stopped = false;
  for (;;) {
    const done = run.slice();
    slices++;
    if (done) return { outcome: 'finished', slices };
    if (slices === stopAfterSlices) setTimeout(() => (stopped = true), 0);
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (stopped) return { outcome: 'stopped', slices };
  }
}

test('Stop pressed during a "Use the patch\'s code" run ends it at the next slice, long before the run would end', async () => {
  const parser = await nodeCParser();
  const run = startPatchCodeSimulation(seed, 'seed-reply.txt', parser, config);
  try {
    // Before, a slice ran the whole simulation (the engine resumes a lone thread in place): Stop was never heard.
    const { outcome, slices } = await drive(run, 1);
    assert.equal(outcome, 'stopped');
    assert.equal(slices, 1, 'the Stop that arrived during the first slice is heard right after it');
    assert.ok(!run.slice(), 'the run had more to do');
  } finally {
    run.dispose();
  }
});

test('a run cut into slices ends with the verdict, violations, stats and log of one run to the end', async () => {
  const parser = await nodeCParser();
  const small = { ...config, count: 512 };
  const run = startPatchCodeSimulation(seed, 'seed-reply.txt', parser, small);
  const { outcome, slices } = await drive(run, 0);
  const sliced = run.result();
  run.dispose();
  const code = loadPatchCode(seed, 'seed-reply.txt', parser);
  const sim = createSimulation({ ...small, protocolImpl: code.factory });
  sim.runToEnd();
  const whole = sim.result();
  code.program.dispose();
  assert.equal(outcome, 'finished');
  assert.ok(slices > 1);
  assert.deepEqual(
    { verdict: sliced.verdict, violations: sliced.violations, stats: sliced.stats, log: sliced.log },
    { verdict: whole.verdict, violations: whole.violations, stats: whole.stats, log: whole.log },
  );
});

test('Stop is heard during an endless loop in the patch\'s start_offloading(): the runaway call gives the engine steps back', async () => {
  const parser = await nodeCParser();
  const looping = seed.replace('> + atomic_try_cmpxchg(&dispatch_to_offc, &old, 1);', '> + for (;;)\n> + old = 0;\n> + atomic_try_cmpxchg(&dispatch_to_offc, &old, 1);');
  assert.notEqual(looping, seed, 'the seed still has the line the loop goes in front of');
  const run = startPatchCodeSimulation(looping, 'seed-reply.txt', parser, { ...config, count: 512 });
  try {
    // Before, the first slice ran the loop to the interpreter's step limit (a million statements) in one call.
    const { outcome, slices } = await drive(run, 1);
    assert.equal(outcome, 'stopped');
    assert.equal(slices, 1);
    assert.ok(!run.slice(), 'the loop was still running when Stop was heard');
  } finally {
    run.dispose();
  }
});
