// Journey: what users expect of a code checker, on the installed .vsix in the desktop (Node) extension host — the
// walkthrough "Review your first patch" step by step, the hint count in the status bar, "Fix all <rule>",
// "Disable <rule>", the rule's code linking to its page, "Show Rule Documentation", and the editor-title
// Simulate Migration button only where a migrator is.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { waitFor } from './harness/poll';
import type { ProblemRow } from './harness/workbench';
import { Session } from './harness/session';

const SEED = 'seed-reply.txt';
/** Two file-scope variables initialised to the zero C gives them anyway: two fixable redundant-initializer hints. */
const ZEROS = 'zeros.c';
const ZEROS_TEXT = '// SPDX-License-Identifier: GPL-2.0\n#include <linux/types.h>\n\nstatic int offload_users = 0;\nstatic bool offload_ready = false;\n';
const REPOSITORY = 'https://github.com/kernel-offload/kernel-offload-review';

const rowsOf = (rows: ProblemRow[], file: string, code: string) => rows.filter((row) => row.file === file && row.code === code && row.severity !== undefined);

function lineOf(document: string, text: string): number {
  const index = document.split('\n').findIndex((line) => line.includes(text));
  assert.notEqual(index, -1, `the text no longer contains ${JSON.stringify(text)}`);
  return index + 1;
}

describe('journey: conventions of a code checker, and the walkthrough', () => {
  let session: Session;
  const step = (id: string): Locator => session.page.locator(`button.getting-started-step[data-step-id$="#${id}"]`).first();
  const stepDone = (id: string) => waitFor(`walkthrough step ${id} to be checked`, async () => (await step(id).getAttribute('aria-checked')) === 'true');
  const simulateButton = () => session.page.locator('.editor-group-container.active .editor-actions a.action-label[aria-label*="Simulate Migration"]');

  before(async () => {
    session = await Session.open({ name: 'conventions', files: [SEED, 'migrate_offc.patch'] });
    writeFileSync(join(session.workspaceDir, ZEROS), ZEROS_TEXT);
  });
  after(async () => {
    await session?.close();
  });

  /** "Welcome: Open Walkthrough..." answers with a second list (the walkthroughs), so the palette stays open. */
  async function openWalkthrough(): Promise<void> {
    const page = session.page;
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 60_000 });
    await input.fill('>Welcome: Open Walkthrough');
    const command = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Open Walkthrough' }).first();
    await waitFor('the Open Walkthrough command', () => command.isVisible());
    await command.click();
    const row = session.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Review your first patch' }).first();
    await waitFor('our walkthrough in the list', () => row.isVisible());
    await row.click();
    await step('openExample').waitFor({ timeout: 60_000 });
  }

  it('each hint\'s code links to its rule page, and Show Rule Documentation opens that page', async () => {
    await session.step(`open ${ZEROS}`, () => session.openFile(ZEROS));
    await session.step('wait for its two redundant-initializer hints', () => session.problems((rows) => rowsOf(rows, ZEROS, 'redundant-initializer').length === 2));
    // The hover of a hint shows its code as the link VS Code also puts in the Problems panel.
    await session.step('scroll to the second hint', () => session.goToLine(lineOf(ZEROS_TEXT, 'offload_ready'), 1));
    await session.step('hover its "= false"', () => session.hover('false', /redundant-initializer/));
    const href = await session.step('read the link of the hint\'s code', () => waitFor('the code link in the hover', async () => {
      const link = session.page.locator('.monaco-hover:not(.hidden) a.code-link').first();
      return (await link.count()) ? link.getAttribute('href') : undefined;
    }));
    assert.equal(href, `${REPOSITORY}/blob/main/docs/rules/redundant-initializer.md`);
    await session.page.keyboard.press('Escape');
    await session.step('put the cursor on the first hint', () => session.goToLine(lineOf(ZEROS_TEXT, 'offload_users'), 27));
    await session.step('run Show Rule Documentation', () => session.runCommand('Kernel Offload: Show Rule Documentation'));
    const frame = await session.step('the rule page opens in the Markdown preview', () => session.webviewFrame('h1 code', 60_000));
    assert.match(await frame.locator('h1').first().innerText(), /redundant-initializer/);
    assert.match(await frame.locator('body').innerText(), /kernelOffload\.rules/);
    // The preview (a webview) has the focus and may swallow keys (Ctrl+1, F1): a click on the file's tab gives the
    // focus back to the workbench before Quick Open.
    await session.step(`back to ${ZEROS}`, async () => {
      await session.page.locator('.editor-group-container .tab', { hasText: ZEROS }).first().click();
      await session.openFile(ZEROS);
    });
  });

  it('"Fix all redundant-initializer problems in this file" removes both zeros at once', async () => {
    await session.step(`open ${ZEROS}`, () => session.openFile(ZEROS));
    await session.step('put the cursor on the first hint', () => session.goToLine(lineOf(ZEROS_TEXT, 'offload_users'), 27));
    const titles = await session.step('open the quick fixes', () => session.quickFixes());
    const fixAll = titles.find((title) => /Fix all redundant-initializer problems in this file \(2\)/.test(title));
    assert.ok(fixAll, `quick fixes offered: ${titles.join(' | ')}`);
    await session.step('apply "Fix all"', () => session.applyQuickFix('Fix all redundant-initializer problems'));
    const after = await session.step(`save ${ZEROS}`, () => session.saveAndRead(ZEROS));
    assert.match(after, /^static int offload_users;$/m);
    assert.match(after, /^static bool offload_ready;$/m);
    await session.step('the hints are gone', () => session.problems((rows) => rowsOf(rows, ZEROS, 'redundant-initializer').length === 0));
  });

  it('the Simulate Migration button shows on a document with a migrator, not on other C', async () => {
    await session.step(`open ${ZEROS}`, () => session.openFile(ZEROS));
    await session.step('no Simulate Migration button on plain C without a migrator', () =>
      waitFor('the button to be absent', async () => (await simulateButton().count()) === 0));
    await session.step(`open ${SEED}`, () => session.openFile(SEED));
    await session.step('the button shows on the reply that defines a struct migrator', () => simulateButton().first().waitFor({ timeout: 60_000 }));
  });

  it('"Disable ignored-cmpxchg-result" writes kernelOffload.rules and its hints go', async () => {
    const seed = session.readWorkspaceFile(SEED);
    await session.step('wait for the reply\'s cmpxchg hints', () => session.problems((rows) => rowsOf(rows, SEED, 'ignored-cmpxchg-result').length > 0));
    await session.step('put the cursor on the dropped cmpxchg', () => session.goToLine(lineOf(seed, 'atomic_try_cmpxchg(&dispatch_to_offc, &old, 1)'), 6));
    await session.step('open the quick fixes', () => session.quickFixes());
    await session.step('apply "Disable ignored-cmpxchg-result"', () => session.applyQuickFix('Disable ignored-cmpxchg-result'));
    // VS Code creates the file as {} and then writes the key into it: wait for the key.
    const settings = await session.step('the workspace settings say it is off', () => waitFor('kernelOffload.rules in .vscode/settings.json', () => {
      try {
        const json = JSON.parse(session.readWorkspaceFile(join('.vscode', 'settings.json'))) as Record<string, unknown>;
        return 'kernelOffload.rules' in json ? json : undefined;
      } catch {
        return undefined;
      }
    }));
    assert.deepEqual(settings['kernelOffload.rules'], { 'ignored-cmpxchg-result': 'off' });
    let seen: ProblemRow[] = [];
    await session.step('its hints disappear, the others stay', () => session.problems((rows) => {
      seen = rows.filter((row) => row.file === SEED && row.severity !== undefined);
      return rowsOf(rows, SEED, 'ignored-cmpxchg-result').length === 0 && seen.length > 0;
    }).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; ${SEED} rows: ${seen.map((row) => `${row.line}:${row.code}`).join(', ')}`);
    }));
  });
  it('walkthrough: opening the bundled example completes the first step', async () => {
    await session.step('open the walkthrough "Review your first patch"', openWalkthrough);
    await session.step('click "Open the Example"', async () => {
      await step('openExample').click();
      await session.page.locator('.getting-started-step .monaco-button', { hasText: 'Open the Example' }).first().click();
    });
    await session.step('the example opens as an untitled reply with its hints', () =>
      waitFor('hints in the status bar', async () => /\d+ hints/.test(await session.page.locator('.statusbar').innerText()), { timeout: 90_000 }));
    const lines = await session.visibleEditorLines();
    const example = session.readWorkspaceFile(SEED).split('\n');
    assert.deepEqual(lines.slice(0, 3), example.slice(0, 3), 'the untitled editor holds the bundled example reply');
    // An untitled editor is titled by its first line and names itself Untitled-N in its label.
    assert.match(await session.activeTabName() ?? '', /Untitled-\d+/, 'an untitled copy: the installed extension\'s files are never edited');
    await session.step('the extension runs from the installed .vsix in the Node host', async () => {
      assert.deepEqual(await session.hostKind(), { entry: 'dist/extension.cjs', runtime: 'node' });
    });
  });

  it('status bar: the hint count lists this document\'s hints, and choosing one goes to it (walkthrough: read a hint)', async () => {
    const item = session.page.locator('.statusbar-item', { hasText: /\d+ hints?/ }).first();
    const count = Number(/(\d+) hints?/.exec(await item.innerText())?.[1]);
    assert.ok(count >= 3, `the seed has several hints; the status bar says ${count}`);
    await session.step('click the status-bar hint count', () => item.click());
    const rows = session.page.locator('.quick-input-widget .monaco-list-row');
    await session.step('the list of this document\'s hints opens', () => waitFor('the hint list', async () => (await rows.count()) >= count));
    const title = await session.page.locator('.quick-input-widget .quick-input-title').innerText();
    assert.match(title, new RegExp(`Kernel Offload: ${count} hints in Untitled`), title);
    await session.step('choose the redundant-initializer hint', () => rows.filter({ hasText: 'redundant-initializer' }).first().click());
    await session.step('the cursor is on the .owner = NULL line', () => waitFor('the cursor on .owner', async () =>
      /Ln \d+, Col 5/.test(await session.page.locator('.statusbar').innerText())));
    await session.step('hover the hint', () => session.hover('.owner', /redundant-initializer/));
    await session.page.keyboard.press('Escape');
  });

  it('walkthrough: a quick fix, a simulation and the exported reply complete the other steps', async () => {
    await session.step('open the quick fixes on .owner = NULL', async () => {
      const titles = await session.quickFixes();
      assert.ok(titles.some((title) => title.includes("Remove '.owner = NULL'")), `quick fixes offered: ${titles.join(' | ')}`);
      assert.ok(titles.some((title) => title.includes('Disable redundant-initializer')), `quick fixes offered: ${titles.join(' | ')}`);
      assert.ok(titles.some((title) => title.includes('Show documentation for redundant-initializer')), `quick fixes offered: ${titles.join(' | ')}`);
    });
    await session.step('apply the fix', () => session.applyQuickFix("Remove '.owner = NULL'"));
    await session.step('the line is gone', () => waitFor('.owner = NULL to disappear', async () =>
      !(await session.visibleEditorLines()).some((line) => line.includes('.owner = NULL'))));
    await session.step('run Simulate Migration', () => session.runCommand('Kernel Offload: Simulate Migration'));
    await session.step('the panel opens', () => session.webviewFrame('#controls select#scenario', 60_000));
    // The panel opened beside the reply and has the focus; the export works on the reply.
    await session.step('back to the reply', () => session.runCommand('View: Focus First Editor Group'));
    await session.step('run Export Review as Reply', () => session.runCommand('Kernel Offload: Export Review as Reply'));
    await session.step('the reply opens', () => waitFor('a reply editor', async () =>
      (await session.visibleEditorLines()).some((line) => /^> /.test(line))));
    await session.step('back to the walkthrough\'s tab', async () => {
      const tab = session.page.locator('.tab', { hasText: 'Welcome' }).first();
      if (await tab.count()) await tab.click();
      else await openWalkthrough();
      await step('exportReply').waitFor({ timeout: 60_000 });
    });
    for (const id of ['openExample', 'readHint', 'applyFix', 'simulate', 'exportReply']) {
      await session.step(`step ${id} is checked`, () => stepDone(id));
    }
    await session.screenshot('conventions-walkthrough');
  });
});
