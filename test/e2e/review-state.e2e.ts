// Journey: a reviewer resolves a hint and writes a comment in a plain C file (no Message-ID: its review state is
// keyed by the file's URI), then renames the file in the Explorer; the renamed file keeps both.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from './harness/poll';
import { Session } from './harness/session';

const BEFORE = 'offc_driver.c';
const AFTER = 'offc_dma.c';
const OWN_COMMENT = 'Is this counter read anywhere, or only written?';
const OWNER_HINT = "'.owner = THIS_MODULE' is redundant";

/** Written for this journey (not kernel code): one redundant-owner and one redundant-initializer hint. */
const SOURCE = `// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/platform_device.h>

static int offc_copy_count = 0;

static int offc_probe(struct platform_device *pdev)
{
\toffc_copy_count++;
\treturn 0;
}

static struct platform_driver offc_driver = {
\t.probe = offc_probe,
\t.driver = {
\t\t.name = "offc",
\t\t.owner = THIS_MODULE,
\t},
};
module_platform_driver(offc_driver);
`;

const lineOf = (text: string) => SOURCE.split('\n').findIndex((line) => line.includes(text)) + 1;

describe('journey: review state survives renaming the file', () => {
  let session: Session;
  before(async () => {
    session = await Session.open({ name: 'review-state', files: [], write: { [BEFORE]: SOURCE }, settings: { 'kernelOffload.hintsAs': 'both' } });
  });
  after(async () => {
    await session?.close();
  });

  it('keeps a resolved hint resolved and a comment in its thread after an Explorer rename', async () => {
    const page = session.page;
    const explorerRow = (name: string) => page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
    await session.step(`wait for ${BEFORE} in the Explorer`, () => explorerRow(BEFORE).waitFor({ state: 'visible', timeout: 60_000 }));
    await session.step(`open ${BEFORE}`, () => session.openFile(BEFORE));
    await session.step('wait for the redundant-owner and redundant-initializer hints', () => session.problems((rows) =>
      rows.some((r) => r.file === BEFORE && r.code === 'redundant-owner') && rows.some((r) => r.file === BEFORE && r.code === 'redundant-initializer')));

    await session.step('expand the hint threads', () => session.runCommand('Comments: Expand All Comments'));
    await session.step('resolve the redundant-owner thread', async () => {
      await session.goToLine(lineOf('.owner = THIS_MODULE') - 3);
      const thread = page.locator('.review-widget', { hasText: OWNER_HINT }).first();
      await thread.waitFor({ state: 'visible', timeout: 60_000 });
      await thread.locator('.action-label[aria-label="Resolve Thread"]').click();
    });
    await session.step('wait for that diagnostic to go while the other stays', () => session.problems((rows) =>
      rows.some((r) => r.file === BEFORE && r.code === 'redundant-initializer') && !rows.some((r) => r.file === BEFORE && r.code === 'redundant-owner')));

    await session.step('add a comment under the offc_copy_count++ line', async () => {
      await session.goToLine(lineOf('offc_copy_count++;'), 2);
      await session.runCommand('Comments: Add Comment on Current Selection');
      const input = page.locator('.review-widget .comment-form .monaco-editor textarea').last();
      await input.waitFor({ state: 'visible', timeout: 30_000 });
      await page.keyboard.type(OWN_COMMENT, { delay: 2 });
      await page.keyboard.press('Control+Enter');
      await waitFor('the comment to show in its thread', () => page.locator('.review-widget .review-comment', { hasText: OWN_COMMENT }).first().isVisible());
    });

    await session.step(`rename ${BEFORE} to ${AFTER} in the Explorer`, async () => {
      await explorerRow(BEFORE).click();
      await page.keyboard.press('F2');
      const input = page.locator('.explorer-folders-view .monaco-inputbox input').first();
      await input.waitFor({ state: 'visible', timeout: 30_000 });
      await input.fill(AFTER);
      await page.keyboard.press('Enter');
      await explorerRow(AFTER).waitFor({ state: 'visible', timeout: 60_000 });
    });
    await session.step(`wait for the editor to show ${AFTER}`, () => waitFor(`an active editor tab for ${AFTER}`, async () =>
      (await session.activeTabName())?.split(/[,\s]/)[0] === AFTER));

    const rows = await session.step(`wait for ${AFTER}'s hints: the kept one, not the resolved one`, () => session.problems((found) =>
      found.some((r) => r.file === AFTER && r.code === 'redundant-initializer') && !found.some((r) => r.file === BEFORE)));
    assert.ok(!rows.some((r) => r.file === AFTER && r.code === 'redundant-owner'), `the resolved hint came back after the rename: ${rows.map((r) => `${r.file}:${r.line}:${r.code}`).join(', ')}`);

    await session.step('expand the threads of the renamed file', () => session.runCommand('Comments: Expand All Comments'));
    await session.step('find the comment in its thread, on its line', async () => {
      await session.goToLine(lineOf('offc_copy_count++;'));
      await waitFor('the comment to show in the renamed file', () => page.locator('.review-widget .review-comment', { hasText: OWN_COMMENT }).first().isVisible());
    });
  });
});
