// A review that never returns cannot fail a property: the fuzzer's CPU budget is only read when the input's run
// comes back, so a hang once stalled a 100,000-run pass for good at run 40,000 with nothing printed. A second
// thread keeps the deadline instead. It cannot stop the blocked thread, so on expiry it writes the input to a file,
// prints the seed, the run and how to replay it straight to the terminal (the main thread, which normally carries a
// worker's output, is the one that is stuck) and ends the process.
import { Worker } from 'node:worker_threads';

export interface HangReport {
  seed: number;
  /** fast-check's index of the generated input, which `--path` replays. */
  run: number;
  kind: string;
  text: string;
}

export interface Watchdog {
  /** Starts (or restarts) the deadline for the work now beginning on `report`'s input. */
  arm(report: HangReport, deadlineMs: number): void;
  /** Restarts the deadline for the next step of the same input (a review after a fix). */
  extend(deadlineMs: number): void;
  disarm(): void;
  close(): Promise<void>;
}

const WATCHER = `
const { parentPort } = require('node:worker_threads');
const { writeFileSync, writeSync } = require('node:fs');
let current, timer;
function expire() {
  const { seed, run, kind, text } = current.report;
  const file = 'fuzz-hang-' + seed + '.txt';
  try { writeFileSync(file, text); } catch {}
  writeSync(2, 'fuzz: HUNG on run ' + run + ' (seed ' + seed + '): no answer within ' + (current.deadlineMs / 1000).toFixed(0) + ' s\\n'
    + 'replay: npm run fuzz -- --seed ' + seed + ' --path ' + run + '\\n'
    + 'input (' + kind + ', ' + text.length + ' characters, also in ' + file + '):\\n' + JSON.stringify(text.slice(0, 2000)) + '\\n');
  process.kill(process.pid, 'SIGKILL');
}
function start(deadlineMs) {
  clearTimeout(timer);
  current.deadlineMs = deadlineMs;
  timer = setTimeout(expire, deadlineMs);
}
parentPort.on('message', (message) => {
  if (message.type === 'arm') { current = { report: message.report }; start(message.deadlineMs); }
  else if (message.type === 'extend' && current) start(message.deadlineMs);
  else if (message.type === 'disarm') { clearTimeout(timer); current = undefined; }
});
`;

export function startWatchdog(): Watchdog {
  const worker = new Worker(WATCHER, { eval: true });
  worker.unref();
  return {
    arm: (report, deadlineMs) => worker.postMessage({ type: 'arm', report, deadlineMs }),
    extend: (deadlineMs) => worker.postMessage({ type: 'extend', deadlineMs }),
    disarm: () => worker.postMessage({ type: 'disarm' }),
    close: async () => { await worker.terminate(); },
  };
}
