// Stop of a "Use the patch's code" run in the extension host: how long after Stop the run ends (goal: 100 ms).
// The host's loop is reproduced: a slice, a turn of the event loop, then a pending Stop is looked at. Figures are
// measured and printed, never asserted (a loaded machine stretches them; test/interp/patchCodeStop.test.ts holds
// the behaviour).
import { readFileSync } from 'node:fs';
import { startPatchCodeSimulation } from '../src/core/interp/patchCodeSimulation';
import { nodeCParser } from '../src/node/assets';
import { markdownTable, type BenchSection } from './section';

interface Latency {
  stopMs: number[];
  sliceMs: number[];
}

/** Starts the run, presses Stop `afterMs` later, returns the ms from Stop to the run's end and each slice's ms. */
async function stopOnce(text: string, afterMs: number): Promise<{ stopMs: number; sliceMs: number[]; finished: boolean }> {
  const parser = await nodeCParser();
  const run = startPatchCodeSimulation(text, 'seed-reply.txt', parser, { scenario: 'stop-by-inactive', protocol: 'v3', provider: 'mtcopy', count: 4096, seed: 1 });
  // Timed from when Stop was pressed, not from when the host got to its message: a slice that runs on delays both.
  const pressedAt = performance.now() + afterMs;
  let pressed = false;
  const timer = setTimeout(() => (pressed = true), afterMs);
  const sliceMs: number[] = [];
  let finished: boolean;
  try {
    for (;;) {
      const start = performance.now();
      finished = run.slice();
      sliceMs.push(performance.now() - start);
      if (finished) break;
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (pressed) break;
    }
  } finally {
    clearTimeout(timer);
    run.dispose();
  }
  return { stopMs: Math.max(0, performance.now() - pressedAt), sliceMs, finished };
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? 0;

async function measure(text: string, presses: number[]): Promise<Latency & { finishedFirst: number }> {
  const out = { stopMs: [] as number[], sliceMs: [] as number[], finishedFirst: 0 };
  for (const afterMs of presses) {
    const once = await stopOnce(text, afterMs);
    if (once.finished) out.finishedFirst++;
    else out.stopMs.push(once.stopMs);
    out.sliceMs.push(...once.sliceMs);
  }
  return out;
}

export async function benchInterpStop(): Promise<BenchSection> {
  const seed = readFileSync('examples/seed-reply.txt', 'utf8');
  const line = '> + atomic_try_cmpxchg(&dispatch_to_offc, &old, 1);';
  if (!seed.includes(line)) throw new Error('examples/seed-reply.txt no longer has the line the endless loop goes in front of');
  const looping = seed.replace(line, `> + for (;;)\n> + old = 0;\n${line}`);
  await stopOnce(seed, 1_000_000); // warm-up (JIT), run to its end
  const cases = [
    { name: 'seed patch, 4096 folios, Stop at 20..200 ms', text: seed, presses: [20, 50, 80, 110, 140, 170, 200] },
    { name: 'start_offloading() with an endless loop, Stop at 50 ms', text: looping, presses: [50] },
  ];
  const rows: (string | number)[][] = [];
  const json: Record<string, unknown> = {};
  for (const c of cases) {
    const m = await measure(c.text, c.presses);
    rows.push([c.name, m.stopMs.length, percentile(m.stopMs, 0.5).toFixed(1), Math.max(0, ...m.stopMs).toFixed(1), percentile(m.sliceMs, 0.5).toFixed(1), Math.max(0, ...m.sliceMs).toFixed(1), m.finishedFirst]);
    json[c.name] = { stops: m.stopMs.length, stopMsP50: percentile(m.stopMs, 0.5), stopMsMax: Math.max(0, ...m.stopMs), sliceMsP50: percentile(m.sliceMs, 0.5), sliceMsMax: Math.max(0, ...m.sliceMs), finishedBeforeStop: m.finishedFirst };
  }
  json.goalMs = 100;
  return {
    title: 'interpreter host runs: Stop latency (goal 100 ms)',
    table: markdownTable(['run', 'stops', 'Stop→end p50 ms', 'max ms', 'slice p50 ms', 'slice max ms', 'ended before Stop'], rows),
    json,
  };
}
