import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Frame } from 'playwright-core';
import { waitFor } from './harness/poll';
import { Session } from './harness/session';
import { openedPanel, panelState, runPanel } from './panelJourney';

interface PatchCodeState {
  usePatchCode: boolean;
  functions: string[];
  view: { status: string; log: { text: string }[]; frames: { locals: { name: string }[] }[] } | null;
  error: string | null;
}

function patchCodeState(frame: Frame): Promise<PatchCodeState> {
  return frame.evaluate(() => (globalThis as unknown as { kernelOffloadPanel: { patchCode(): PatchCodeState } }).kernelOffloadPanel.patchCode());
}

// Issue 8 in the panel: "Use the patch's code" steps the patch's own C (in the extension host) and runs
// the simulation with it.
describe("journey: Use the patch's code in Simulate Migration", () => {
  let session: Session;
  before(async () => {
    session = await Session.open({ name: 'patch-code', files: ['migrate_offc.patch'] });
  });
  after(async () => {
    await session?.close();
  });

  it('steps start_offloading() of the patch: its pr_info line and the locals show', async () => {
    await session.step('open migrate_offc.patch', () => session.openFile('migrate_offc.patch'));
    await session.step('run "Kernel Offload: Simulate Migration"', () => session.runCommand('Kernel Offload: Simulate Migration'));
    const frame = await session.step('the panel opens on the patch', () => openedPanel(session, 'migrate_offc.patch'));
    await session.step('the extension lists the patch\'s functions', () =>
      waitFor('start_offloading in the function picker', async () => (await patchCodeState(frame)).functions.includes('start_offloading'), { timeout: 60_000 }));
    await session.step("check \u201cUse the patch's code\u201d", () => frame.locator('#use-patch-code').check());
    await frame.locator('#patch-function').selectOption('start_offloading');
    await session.step('Restart on start_offloading', async () => {
      await frame.locator('#patch-code-controls button', { hasText: 'Restart' }).click();
      await waitFor('a fresh snapshot', async () => (await patchCodeState(frame)).view?.status.startsWith('start_offloading(): statement 0'));
    });
    const printed = await session.step('Step until the pr_info has run', () => waitFor('the pr_info line in the panel', async () => {
      const state = await patchCodeState(frame);
      if (state.error) throw new Error(state.error);
      if (state.view?.log.some((line) => line.text.startsWith('starting migration offload by '))) return state;
      await frame.locator('#patch-code-controls button', { hasText: 'Step' }).click();
      return undefined;
    }, { timeout: 60_000, interval: 500 }));
    assert.ok(printed.view?.frames.some((f) => f.locals.some((l) => l.name === 'm')), JSON.stringify(printed.view?.frames));
    assert.match(await frame.locator('#patch-code .patch-code-log').innerText(), /starting migration offload by CPU_MT_COPY/);
    assert.ok(await frame.locator('#patch-code table.patch-code-locals tbody tr').count() >= 1, 'a locals row');
    await session.step('reveal the line that printed it', async () => {
      await frame.locator('#patch-code .patch-code-log button').first().click();
      // 1-based line of start_offloading()'s pr_info in the patch the workspace holds.
      const line = session.readWorkspaceFile('migrate_offc.patch').split('\n').findIndex((text) => text.includes('pr_info("starting migration offload by')) + 1;
      assert.ok(line > 0, 'the patch has the pr_info line');
      await waitFor('the editor cursor on the pr_info line', async () => new RegExp(`Ln ${line},`).test(await session.page.locator('.statusbar').innerText()));
    });
    await session.screenshot('patch-code-stepping');
  });

  it("runs the simulation with the patch's code: the stop-by-inactive log is the C's own pr_info", async () => {
    const frame = await openedPanel(session, 'migrate_offc.patch');
    assert.equal((await patchCodeState(frame)).usePatchCode, true);
    const state = await session.step('run stop-by-inactive with the patch\'s code', () => runPanel(frame, { scenario: 'stop-by-inactive' }));
    assert.equal(state.verdict, 'violated', JSON.stringify(state));
    assert.match(await frame.locator('#log').innerText(), /stopping migration offload by /);
    assert.equal(await frame.locator('#summary li.document', { hasText: 'migrator protocol' }).count(), 1, 'the protocol came from the document');
    assert.equal((await panelState(frame)).phase, 'done');
  });
});
