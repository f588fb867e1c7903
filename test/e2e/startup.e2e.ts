// Journey 3: start-up stays quiet and lazy; the extension does its work only for a command or a relevant file.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from './harness/poll';
import { Session } from './harness/session';

describe('journey 3: extension start-up', () => {
  let session: Session;
  before(async () => {
    session = await Session.open({ name: 'startup' });
  });
  after(async () => {
    await session?.close();
  });

  it('does no work at start-up: nothing wakes it but, at times, the workbench\'s own plain-text model, and the review engine stays unloaded', async () => {
    const log = await session.extensionHost();
    // "onStartupFinished" extensions run once start-up is over: past that point nothing of ours may have woken.
    await session.step('wait for the end of start-up', () =>
      waitFor('the extension host to finish start-up', () => log.host().includes("activationEvent: 'onStartupFinished'"), { timeout: 120_000 }));
    const activation = log.activation();
    if (activation !== undefined) {
      // The workbench sometimes creates a plain-text model of its own while it starts (seen in a CI run, in the
      // same millisecond as emmet's generic onLanguage), which fires our onLanguage:plaintext. What must hold
      // then is that nothing eager ran: no start-up activation event, and the review engine was not loaded.
      assert.match(activation, /startup: false, activationEvent: 'onLanguage:plaintext'/, `the extension activated at start-up: ${activation}`);
      assert.doesNotMatch(log.extension(), /review engine ready/, 'a start-up activation loaded the review engine');
    }
    assert.deepEqual(await session.errorNotifications(), [], 'no error notification at start-up');
  });

  it('activates for the Review Workspace Folder command and fills the Problems panel', async () => {
    const log = await session.extensionHost();
    const activatedBefore = log.activation() !== undefined;
    await session.step('run "Kernel Offload: Review Workspace Folder"', () => session.runCommand('Kernel Offload: Review Workspace Folder'));
    const activation = await session.step('wait for the activation', () => waitFor('our extension to activate', () => log.activation()));
    if (!activatedBefore) assert.match(activation, /activationEvent: 'onCommand:kernelOffload\.reviewWorkspace'/);
    const rows = await session.step('wait for hints of files that are not open', () =>
      session.problems((found) => ['migrate_offc.patch', 'series.mbox'].every((file) => found.some((row) => row.file === file && row.severity))));
    const patchHints = rows.filter((row) => row.file === 'migrate_offc.patch' && row.severity);
    assert.ok(patchHints.some((row) => row.code === 'redundant-initializer'), 'the workspace review ran the rules on the format-patch file');
    assert.ok(rows.filter((row) => row.severity).every((row) => row.text.includes('kernel-offload')), 'every hint comes from kernel-offload');
    await session.step('wait for the summary in the status bar', () =>
      waitFor('"reviewed N files" in the status bar', async () => /Kernel Offload: reviewed \d+ files/.test(await session.page.locator('.statusbar').innerText())));
  });

  it('leaves no error notification and no error of ours in the extension host log', async () => {
    const log = await session.extensionHost();
    assert.deepEqual(await session.errorNotifications(), [], 'no error notification');
    assert.deepEqual(log.ourErrors(), [], 'no error from kernel-offload in the extension host log');
    const ours = log.extension();
    assert.match(ours, /review engine ready/, 'the review engine loaded (the grammar and word list were read from dist/)');
    assert.deepEqual(ours.split('\n').filter((line) => /\[error\]/.test(line)), [], 'no error in the Kernel Offload Review output channel');
  });
});
