// Journey: a kernel reviewer opens kernel/bpf/verifier.c (717 KB, from Debian's linux-source-6.12 fetched at test
// time into the git-ignored .cache/kernel, never committed) and meanwhile types in a small file. The review runs in
// the window's review worker: the extension host's event loop stays responsive (perf_hooks.monitorEventLoopDelay,
// read through a test-only command bound to a key here), and the small file's hints do not wait for the big file's.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isSkip, obtainKernelSource } from '../kernel/kernelTree';
import { e2eEnvironment } from './harness/env';
import { waitFor } from './harness/poll';
import { Session } from './harness/session';
import { activeTabName, type ProblemRow } from './harness/workbench';

const BIG = 'verifier.c';
const SMALL = 'typed.c';
const PROBE_KEY = 'Control+Alt+Shift+L';
const PROBE_BINDING = { key: 'ctrl+alt+shift+l', command: 'kernelOffload.test.eventLoopDelay' };
/** The bound for the extension host while verifier.c is reviewed. */
const P99_LIMIT_MS = 20;
const REVIEW_DELAY_MS = 200;
/** The debounce plus what a loaded host takes to pass the last keys and the review request on to the worker. */
const ORDER_GRACE_MS = REVIEW_DELAY_MS + 1300;

/** Adds the probe's key to the user keybindings (VS Code reloads them when the file changes). */
function bindProbeKey(userDataDir: string): void {
  const file = join(userDataDir, 'User', 'keybindings.json');
  const bindings: { key: string; command: string }[] = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
  if (!bindings.some((binding) => binding.command === PROBE_BINDING.command)) writeFileSync(file, JSON.stringify([...bindings, PROBE_BINDING], null, 2));
}

/** Presses the probe's key and returns the delay it reports since the previous press. */
async function eventLoopDelay(session: Session): Promise<{ p99Ms: number; maxMs: number; seconds: number; text: string }> {
  const known = new Set(await session.notifications());
  await session.page.keyboard.press(PROBE_KEY);
  const text = await waitFor('the event-loop notification', async () =>
    (await session.notifications()).find((shown) => shown.includes('Kernel Offload event loop:') && !known.has(shown)));
  const match = /p99 ([\d.]+) ms, max ([\d.]+) ms over ([\d.]+) s/.exec(text);
  if (!match) throw new Error(`unexpected event-loop notification: ${text}`);
  return { p99Ms: Number(match[1]), maxMs: Number(match[2]), seconds: Number(match[3]), text: /p99 .*?GC pauses[^;]*?longest [\d.]+ ms/s.exec(text)?.[0] ?? text };
}

const rowsOf = (rows: ProblemRow[], file: string) => rows.filter((row) => row.file === file && row.severity !== undefined);

/**
 * Two cheap reads of the status bar, polled often: our item's hint count for the active editor, and VS Code's count
 * of every problem in the window (errors + warnings + infos). The Problems list is read by scrolling it, which on a
 * loaded machine takes seconds a poll: two files' hints arriving between two polls would look simultaneous.
 */
async function statusCounts(session: Session): Promise<{ activeHints: number; problems: number }> {
  const hints = /(\d+) hints?\b/.exec(await session.page.locator('.statusbar').innerText());
  const problems = (await session.page.locator('[id="status.problems"]').innerText()).match(/\d+/g) ?? [];
  return { activeHints: Number(hints?.[1] ?? 0), problems: problems.reduce((sum, count) => sum + Number(count), 0) };
}

const kernel = obtainKernelSource();

describe('journey: verifier.c is reviewed off the extension host', { skip: isSkip(kernel) ? kernel.skip : false }, () => {
  let session: Session;
  before(async () => {
    bindProbeKey(e2eEnvironment().userDataDir);
    // The workbench's git extension and its port finder spawn processes from the extension host's thread (30–150 ms
    // each in CPU profiles of this journey): they are off, so the delay measured is what this extension and the
    // editor's own document sync cost the thread.
    session = await Session.open({ name: 'kernel-scale', files: ['migrate_offc.patch'], settings: { 'kernelOffload.reviewDelay': REVIEW_DELAY_MS }, userSettings: { 'git.enabled': false, 'remote.autoForwardPorts': false, 'remote.autoForwardPortsSource': 'output' } });
    if (!isSkip(kernel)) copyFileSync(join(kernel.root, 'kernel', 'bpf', BIG), join(session.workspaceDir, BIG));
    writeFileSync(join(session.workspaceDir, SMALL), '// SPDX-License-Identifier: GPL-2.0\n#include <linux/module.h>\n\n');
  });
  after(async () => {
    await session?.close();
  });

  it('keeps the event loop free while verifier.c is reviewed, and reviews a small file typed meanwhile first', async () => {
    // The extension is woken by the patch, so the probe exists before the big file opens.
    // The small file is open before the big one, so typing into it starts as soon as verifier.c's review has.
    await session.step(`open ${SMALL}`, () => session.openFile(SMALL));
    await session.step('open migrate_offc.patch', () => session.openFile('migrate_offc.patch'));
    await session.step('wait for its hints', () => session.problems((rows) => rowsOf(rows, 'migrate_offc.patch').length > 0, 120_000));
    await session.step('start measuring the event loop', () => eventLoopDelay(session));
    // The same window idle for a few seconds: on a loaded machine the scheduler alone delays timers.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const idle = await session.step('read the idle event-loop delay', () => eventLoopDelay(session));
    // When each step happened in the measured window, to set beside the probe's longest blocks.
    const started = Date.now();
    const moments: string[] = [];
    const at = new Map<string, number>();
    const mark = (what: string) => {
      at.set(what, Date.now() - started);
      moments.push(`${what} at ${((Date.now() - started) / 1000).toFixed(1)} s`);
    };

    const before = await session.step('read the problem count before the big file', () => statusCounts(session));
    await session.step(`open ${BIG}`, () => session.openFile(BIG));
    mark(`${BIG} open`);
    await session.step(`back to ${SMALL}`, async () => {
      await session.page.locator('.editor-group-container .tab', { hasText: SMALL }).first().click();
      await waitFor(`${SMALL} active`, async () => (await activeTabName(session.page))?.startsWith(SMALL));
    });
    await session.step(`type a zero-initialised static into ${SMALL}`, async () => {
      await session.page.keyboard.press('Control+End');
      await session.page.keyboard.type('static int typed_users = 0;\n', { delay: 20 });
    });
    mark(`typed into ${SMALL}`);
    // typed.c is the active editor: its hints are the status item's count; verifier.c's are whatever else was added
    // to the window's problems since before it opened.
    const order: string[] = [];
    const note = (file: string, shown: boolean) => {
      if (!shown || order.includes(file)) return;
      order.push(file);
      mark(`${file}'s hints shown`);
    };
    const bigHints = (now: { activeHints: number; problems: number }) => now.problems - before.problems - now.activeHints;
    const atTyped = await statusCounts(session);
    const bigDoneBeforeTypingEnded = bigHints(atTyped) > 0 && atTyped.activeHints === 0;
    const typedAt = at.get(`typed into ${SMALL}`)!;
    await session.step(`wait for the hints of ${SMALL} and of ${BIG}`, () => waitFor(`the hints of ${SMALL} and ${BIG}`, async () => {
      const now = await statusCounts(session);
      // Both new in one poll (100 ms apart) proves nothing about their order: that is said as a tie.
      if (order.length === 0 && now.activeHints > 0 && bigHints(now) > 0) note(`${SMALL} and ${BIG} together`, true);
      note(SMALL, now.activeHints > 0);
      note(BIG, bigHints(now) > 0);
      return order.includes(SMALL) && order.includes(BIG);
    }, { timeout: 300_000, interval: 100 }));
    await session.step(`see both files' hints in the Problems panel`, () => session.problems((rows) => rowsOf(rows, SMALL).length > 0 && rowsOf(rows, BIG).length > 0, 120_000));
    const delay = await session.step('read the event-loop delay', () => eventLoopDelay(session));

    // Only when verifier.c's review outlasted the typing can the order show anything: else it was done first.
    // The small file's review is asked for REVIEW_DELAY_MS after the last key; a big review that ends within the grace
    // after the typing may have ended before that request reached the worker, and then proves nothing either way.
    const bigAfterTyping = (at.get(`${BIG}'s hints shown`) ?? Infinity) - typedAt;
    if (bigDoneBeforeTypingEnded || bigAfterTyping < ORDER_GRACE_MS) {
      console.log(`e2e kernel-scale: ${BIG}'s review ended ${bigAfterTyping} ms after the typing; the order says nothing this run (${moments.join(', ')})`);
    } else assert.deepEqual(order, [SMALL, BIG], `the small file's hints came without waiting for ${BIG}'s (${moments.join(', ')})`);
    const figures = `p99 ${delay.p99Ms} ms (goal ${P99_LIMIT_MS} ms), max ${delay.maxMs} ms over ${delay.seconds} s; `
      + `the idle window before it: p99 ${idle.p99Ms} ms, max ${idle.maxMs} ms`;
    // The goal is a figure to report (a timed assertion would fail on a loaded machine); what must hold is that the
    // review is not on this thread: reviewed here, verifier.c froze the host for about 10 s, in the worker it
    // never blocks it for a second.
    console.log(`e2e kernel-scale: extension host event-loop delay while ${BIG} was reviewed: ${figures}`);
    console.log(`e2e kernel-scale: measured window: ${delay.text}; ${moments.join(', ')}`);
    console.log(`e2e kernel-scale: idle window: ${idle.text}`);
    assert.ok(delay.maxMs < 1000, `the extension host was blocked while ${BIG} was reviewed: ${figures}`);
    // verifier.c's rows fill the Problems list; the hint on the typed line is read where the reviewer sees it.
    const hover = await session.step(`hover the typed zero in ${SMALL}`, () => session.hover('0', /redundant-initializer/));
    assert.match(hover, /'= 0' is redundant: 'typed_users' has static storage/, 'the typed "= 0" of a static is reported');
  });
});
