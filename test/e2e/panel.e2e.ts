import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { waitFor } from './harness/poll';
import { describePanelJourney, openedPanel, panelState, runPanel, showResults } from './panelJourney';

// Journey 2 in the dark theme, plus what runs once: real copies, the palette, the CodeLens, inert markup, reload.
// (test/e2e/panel-light.e2e.ts runs the core of the journey in the light theme, in its own time budget.)
describePanelJourney('dark', (context) => {
  const theme = 'dark';

  it('copies real bytes with the worker copy engine and reports them verified', async () => {
    const session = context.session();
    const frame = await openedPanel(session, 'migrate_offc.patch');
    await frame.locator('#mix-2M').fill('32');
    const state = await session.step('run plain with real copy', () => runPanel(frame, { scenario: 'plain', realCopy: true }));
    assert.ok(state.verifiedBytes !== null && state.verifiedBytes > 0, `verified bytes ${state.verifiedBytes}`);
    const summary = await frame.locator('#summary').innerText();
    const shown = /Verified bytes\s+.*\((\d+) B\)/.exec(summary);
    assert.ok(shown, summary);
    assert.equal(Number(shown[1]), state.verifiedBytes);
    assert.match(summary, /of .* \(\d+ B\)/);
    assert.match(summary, /GB\/s measured vs .* modelled, 32 batches/);
    assert.equal(state.verifiedBytes, 32 * 2 * 1024 * 1024, 'every byte of the 32 copied 2 MiB folios was verified');
    // The webview engine's own figure, shown in the panel beside the modelled one (a report, not a timed assertion).
    assert.ok(typeof state.realCopyGBps === 'number' && state.realCopyGBps > 0, `real copy GB/s ${state.realCopyGBps}`);
    console.log(`# webview real copy: ${state.realCopyGBps.toFixed(2)} GB/s measured (32 x 2 MiB, full verification)`);
    await showResults(frame);
    await session.screenshot(`panel-${theme}-real-copy`);
  });

  it('re-targets from the command palette on the seed reply', async () => {
    const session = context.session();
    await session.step('open seed-reply.txt', () => session.openFile('seed-reply.txt'));
    await session.step('run "Kernel Offload: Simulate Migration" from the palette', () => session.runCommand('Kernel Offload: Simulate Migration'));
    const frame = await session.step('the panel follows the seed reply', () => openedPanel(session, 'seed-reply.txt'));
    const state = await session.step('run plain on the seed reply', () => runPanel(frame, { scenario: 'plain' }));
    assert.equal(state.documentName, 'seed-reply.txt');
    assert.equal(state.verdict, 'held');
    assert.deepEqual(context.cspReports, [], 'no Content-Security-Policy violations');
    await showResults(frame);
    await session.screenshot(`panel-${theme}`);
  });


  it('starts a run from the CodeLens above the quoted migrator', async () => {
    const session = context.session();
    await session.step('show seed-reply.txt', () => session.openFile('seed-reply.txt'));
    const lens = session.page.locator('.editor-group-container.active .codelens-decoration a', { hasText: 'Simulate with this migrator ("kernel")' }).first();
    await session.step('click the CodeLens', async () => {
      await session.goToLine(37); // the quoted `struct migrator migrator = {` line of the seed
      await lens.waitFor({ state: 'visible', timeout: 60_000 });
      await lens.click();
    });
    const frame = await openedPanel(session, 'seed-reply.txt');
    const state = await session.step('the CodeLens run finishes on its own', () => waitFor('a finished run with the kernel provider', async () => {
      const now = await panelState(frame);
      const kernelOnly = await frame.locator('#provider-kernel').isChecked() && !(await frame.locator('#provider-mtcopy').isChecked());
      return now.phase === 'done' && kernelOnly && !(await frame.locator('#run').isDisabled()) ? now : undefined;
    }, { timeout: 180_000 }));
    assert.equal(state.verdict, 'held');
    assert.match(await frame.locator('#summary').textContent() ?? '', /kernel migrator name: kernel \(mm\/migrate_offc\.c, line \d+\)/);
  });

  it('shows document names containing markup as inert text', async () => {
    const session = context.session();
    const hostile = '<img src=x onerror=alert(1)>';
    writeFileSync(join(session.workspaceDir, 'hostile.c'), [
      'struct migrator evil_migrator = {', `\t.name = "${hostile}",`, '\t.migrate_offc = folios_mc_copy,', '};', '',
      'int start_offloading(struct migrator *m)', '{', '\tpr_info("starting migration offload by %s\\n", m->name);', '\treturn 0;', '}', '',
    ].join('\n'));
    const dialogs: string[] = [];
    session.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await session.step('open hostile.c', async () => {
      // Quick Open only lists the new file once the workbench's file watcher has seen it.
      await session.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'hostile.c' }).first().waitFor({ timeout: 60_000 });
      await session.openFile('hostile.c');
    });
    await session.step('run "Kernel Offload: Simulate Migration" from the palette', () => session.runCommand('Kernel Offload: Simulate Migration'));
    const frame = await openedPanel(session, 'hostile.c');
    await waitFor('the header to show the migrator name', async () => (await frame.locator('#document-facts').innerText()).includes(hostile));
    await runPanel(frame, { scenario: 'plain' });
    assert.equal(await frame.locator('img').count(), 0, 'no element was made from the name');
    assert.deepEqual(dialogs, []);
  });

  it('restores the panel and its last result after a window reload', async () => {
    const session = context.session();
    await openedPanel(session, 'hostile.c');
    // Through the workbench's own command, so its shutdown saves every webview's state (a page reload leaves that
    // to the browser workbench's own schedule, and may bring back an earlier run of this window).
    await session.step('reload the window', async () => {
      const loaded = session.page.waitForEvent('load', { timeout: 90_000 });
      await session.runCommand('Developer: Reload Window');
      await loaded;
      await session.page.locator('.monaco-workbench .explorer-folders-view').waitFor({ timeout: 90_000 });
    });
    // A restored webview is only brought back to life when its tab is shown, as for a user.
    await session.step('show the restored "Simulate Migration" tab', () => session.page.locator('.tab', { hasText: 'Simulate Migration' }).first().click({ timeout: 60_000 }));
    const frame = await session.step('the panel comes back', () => session.webviewFrame('#controls select#scenario', 60_000));
    const after = await session.step('the restored result is drawn', () => waitFor('the restored result', async () => {
      const state = await panelState(frame);
      return state.verdict !== null ? state : undefined;
    }));
    assert.equal(after.documentName, 'hostile.c', 'the last run comes back, not an earlier one of this window');
    assert.ok(after.throughputGBps !== null && after.throughputGBps > 0);
    assert.equal(after.status, 'Restored the last run.');
    assert.match(await frame.locator('#verdict').innerText(), /Held|Violated/);
    assert.match(await frame.locator('#summary').innerText(), /Throughput\s+\d+\.\d\d GB\/s/);
  });
});
