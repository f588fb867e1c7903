// Journey: the extension in the workbench's web worker extension host, i.e. the browser entry dist/web.cjs, as
// vscode.dev or a browser-only code-server would run it. code-server picks the host per extension from its kinds;
// the user setting remote.extensionKind set to ["web"] for this extension makes the web worker its only place.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openedPanel, runPanel } from './panelJourney';
import type { ProblemRow } from './harness/workbench';
import { Session } from './harness/session';

const SEED = 'seed-reply.txt';
const EXTENSION_ID = 'kernel-offload.kernel-offload-review';

function lineOf(document: string, text: string): number {
  const index = document.split('\n').findIndex((line) => line.includes(text));
  assert.notEqual(index, -1, `the example no longer contains ${JSON.stringify(text)}`);
  return index + 1;
}

const ofRule = (rows: ProblemRow[], code: string) => rows.filter((row) => row.file === SEED && row.code === code && row.severity !== undefined);

describe('journey: the web extension host runs the browser entry', () => {
  let session: Session;
  before(async () => {
    session = await Session.open({
      name: 'web-host',
      files: [SEED, 'migrate_offc.patch'],
      userSettings: { 'remote.extensionKind': { [EXTENSION_ID]: ['web'] } },
    });
  });
  after(async () => {
    await session?.close();
  });

  it('reviews the seed reply in the web worker host, from dist/web.cjs', async () => {
    const seed = session.readWorkspaceFile(SEED);
    await session.step(`open ${SEED}`, () => session.openFile(SEED));
    const rows = await session.step('wait for the review hints', () => session.problems((found) => ofRule(found, 'redundant-initializer').length > 0, 120_000));
    assert.ok(ofRule(rows, 'redundant-initializer').some((row) => row.line === lineOf(seed, '.owner = NULL')), 'the .owner = NULL hint is on its line');
    const kind = await session.step('ask the extension where it runs', () => session.hostKind());
    assert.deepEqual(kind, { entry: 'dist/web.cjs', runtime: 'webworker' }, 'the browser entry runs, in a web worker');
    const nodeHost = (await session.extensionHost()).activation();
    assert.equal(nodeHost, undefined, `the Node extension host did not activate the extension too: ${nodeHost}`);
  });

  it('shows the rationale on hover', async () => {
    const line = lineOf(session.readWorkspaceFile(SEED), '.owner = NULL');
    await session.step(`scroll to line ${line}`, () => session.goToLine(line, 1));
    const hover = await session.step('hover over .owner = NULL', () => session.hover('.owner', /coding-style\.rst/));
    assert.match(hover, /redundant-initializer/);
    await session.page.keyboard.press('Escape');
  });

  it('removes .owner = NULL with its quick fix', async () => {
    const before = session.readWorkspaceFile(SEED);
    const line = lineOf(before, '.owner = NULL');
    await session.step(`put the cursor on line ${line}`, () => session.goToLine(line, 6));
    const titles = await session.step('open the quick fixes', () => session.quickFixes());
    assert.ok(titles.some((title) => title.includes("Remove '.owner = NULL'")), `quick fixes offered: ${titles.join(' | ')}`);
    await session.step('apply "Remove \'.owner = NULL\'"', () => session.applyQuickFix("Remove '.owner = NULL'"));
    await session.step('wait for the hint to go', () =>
      session.problems((found) => found.some((row) => row.file === SEED) && ofRule(found, 'redundant-initializer').length === 0));
    const after = await session.step(`save ${SEED}`, () => session.saveAndRead(SEED));
    assert.equal(after.split('\n').length, before.split('\n').length - 1, 'exactly the one line was removed');
  });

  it('opens the Simulate Migration panel and runs a plain migration', async () => {
    await session.step('open migrate_offc.patch', () => session.openFile('migrate_offc.patch'));
    await session.step('run "Kernel Offload: Simulate Migration"', () => session.runCommand('Kernel Offload: Simulate Migration'));
    const frame = await session.step('the panel opens on the patch', () => openedPanel(session, 'migrate_offc.patch'));
    const state = await session.step('run a plain migration', () => runPanel(frame, { scenario: 'plain' }));
    assert.equal(state.verdict, 'held');
    await session.screenshot('web-host-panel');
  });
});
