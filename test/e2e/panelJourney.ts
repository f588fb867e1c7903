import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Frame } from 'playwright-core';
import { waitFor } from './harness/poll';
import { Session } from './harness/session';
import type { PanelTestState } from '../../src/shared/protocol';

/** What the panel reports through its in-page test channel. */
export type PanelState = PanelTestState;

export const THEMES = { dark: 'Default Dark Modern', light: 'Default Light Modern' } as const;

export function panelState(frame: Frame): Promise<PanelState> {
  return frame.evaluate(() => (globalThis as unknown as { kernelOffloadPanel: { state(): PanelState } }).kernelOffloadPanel.state());
}

/** The panel's frame once its script has run and the extension has answered the ready handshake. */
export async function openedPanel(session: Session, documentName: string): Promise<Frame> {
  const frame = await session.webviewFrame('#controls select#scenario', 60_000);
  await waitFor(`the panel to be attached to ${documentName}`, async () => (await frame.locator('#document-name').innerText()) === documentName);
  return frame;
}

/** Presses Run and waits for the run to finish; returns what the panel then shows. */
export async function runPanel(frame: Frame, setup: { scenario: string; realCopy?: boolean }): Promise<PanelState> {
  await frame.locator('#scenario').selectOption(setup.scenario);
  await frame.locator('#realCopy').setChecked(setup.realCopy ?? false);
  const before = await panelState(frame);
  await frame.locator('#run').click();
  return waitFor(`the ${setup.scenario} run to finish (status: ${before.status})`, async () => {
    const state = await panelState(frame);
    if (state.phase === 'failed') throw new Error(`the run failed: ${state.status}`);
    return state.phase === 'done' && state.scenario === setup.scenario && !(await frame.locator('#run').isDisabled()) ? state : undefined;
  }, { timeout: 180_000 });
}

/** Screenshots show the results, not the controls at the top of the panel. */
export async function showResults(frame: Frame): Promise<void> {
  await frame.locator('#results-title').scrollIntoViewIfNeeded();
}

export async function canvasIsDrawn(frame: Frame, id: string): Promise<boolean> {
  return frame.locator(`#${id}`).evaluate((canvas: HTMLCanvasElement) => {
    const context = canvas.getContext('2d');
    if (!context || canvas.width === 0 || canvas.height === 0) return false;
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
    return false;
  });
}

export interface JourneyContext {
  session(): Session;
  /** Content-Security-Policy reports seen on the page so far. */
  cspReports: string[];
}

/**
 * Journey 2 in one theme: open the panel from the editor-title button on the patch, a plain run, the
 * stop-by-inactive race with its links. `more` adds journeys that share the same window.
 */
export function describePanelJourney(theme: keyof typeof THEMES, more?: (context: JourneyContext) => void): void {
  const colorTheme = THEMES[theme];
  describe(`journey 2 (${theme} theme): Simulate Migration from the seed patch`, () => {
    let session: Session;
    const cspReports: string[] = [];
    before(async () => {
      session = await Session.open({ name: `panel-${theme}`, files: ['migrate_offc.patch', 'seed-reply.txt'], userSettings: { 'workbench.colorTheme': colorTheme } });
      session.page.on('console', (message) => {
        if (/Content.Security.Policy|Refused to/i.test(message.text())) cspReports.push(message.text());
      });
    });
    after(async () => {
      await session?.close();
    });

    it('opens from the editor-title button on the patch and explains a plain run', async () => {
      await session.step('open migrate_offc.patch', () => session.openFile('migrate_offc.patch'));
      await session.step('click the editor-title "Simulate Migration" button', async () => {
        const button = session.page.locator('.editor-group-container.active .editor-actions a.action-label[aria-label*="Simulate Migration"]').first();
        await button.waitFor({ state: 'visible', timeout: 60_000 });
        // The title toolbar re-renders while the workbench settles (diagnostics, context keys): click until the panel opens.
        await waitFor('the panel to open from the button', async () => {
          await button.click({ timeout: 5_000 }).catch(() => undefined);
          return session.page.locator('.tab', { hasText: 'Simulate Migration' }).count().then((n) => n > 0);
        }, { timeout: 90_000, interval: 1_000 });
      });
      const frame = await session.step('the panel opens on the patch', () => openedPanel(session, 'migrate_offc.patch'));
      const themeClass = await frame.evaluate(() => document.body.className);
      assert.match(themeClass, theme === 'light' ? /\bvscode-light\b/ : /\bvscode-dark\b/, `the panel follows the ${theme} theme`);
      const facts = await frame.locator('#document-facts').innerText();
      assert.match(facts, /migrator "kernel"/, 'the header says what the patch defines');
      const state = await session.step('run a plain migration', () => runPanel(frame, { scenario: 'plain' }));
      assert.equal(state.verdict, 'held');
      assert.ok(state.throughputGBps !== null && state.throughputGBps > 1, `throughput ${state.throughputGBps}`);
      assert.ok(state.lanes >= 1 && state.logLines > 3, JSON.stringify(state));
      assert.match(await frame.locator('#verdict').innerText(), /Held: all \d+ invariants held \(plain, protocol v3\)/);
      assert.match(await frame.locator('#summary').innerText(), /Throughput\s+\d+\.\d\d GB\/s/);
      assert.equal(state.chartsDrawn, 2);
      assert.ok(await canvasIsDrawn(frame, 'throughput-chart'), 'the throughput chart has pixels');
      assert.ok(await canvasIsDrawn(frame, 'timeline-chart'), 'the timeline has pixels');
      await showResults(frame);
      await session.screenshot(`panel-${theme}-plain`);
    });

    it('runs the stop-by-inactive race and links the broken invariant to its event', async () => {
      const frame = await openedPanel(session, 'migrate_offc.patch');
      const state = await session.step('run stop-by-inactive', () => runPanel(frame, { scenario: 'stop-by-inactive' }));
      assert.equal(state.verdict, 'violated');
      assert.ok(state.violations >= 1);
      const verdict = await frame.locator('#verdict').innerText();
      assert.match(verdict, /Violated: .*stop-targets-caller/);
      const broken = frame.locator('#invariants li.violated', { hasText: 'stop-targets-caller' });
      assert.match(await broken.innerText(), /asked to stop offloading, but .* was stopped/);
      await session.step('follow the failure to its log line', async () => {
        await broken.locator('button', { hasText: 'show the event in the log' }).click();
        await waitFor('a focused log line', () => frame.locator('#log li.focused').count().then((n) => n === 1));
      });
      assert.match(await frame.locator('#log li.focused').innerText(), /^\[\s*\d+\.\d{6}\]/);
      await session.screenshot(`panel-${theme}-race`);
      const link = broken.locator('button', { hasText: /mm\/migrate_offc\.c, line \d+/ });
      const line = Number(/line (\d+)/.exec(await link.innerText())?.[1]);
      await session.step(`follow the failure to line ${line} of the patch`, async () => {
        await link.click();
        await waitFor(`the editor cursor on line ${line}`, async () => (await session.page.locator('.statusbar').innerText()).includes(`Ln ${line},`));
      });
      const lines = await session.visibleEditorLines();
      assert.ok(lines.some((text) => /pr_info\("stopping migration offload by %s\\n", migrator\.name\)/.test(text)), lines.join('\n'));
      assert.deepEqual(cspReports, [], 'no Content-Security-Policy violations');
    });

    more?.({ session: () => session, cspReports });
  });
}
