import type { Page } from 'playwright-core';
import { activeTabName, notifications } from './workbench';

/** A few lines saying what the user would see now: for failure messages, instead of a bare timeout. */
export async function describeScreen(page: Page): Promise<string> {
  const parts: string[] = [];
  const safely = async (label: string, read: () => Promise<string | undefined>) => {
    try {
      const value = await read();
      if (value) parts.push(`${label}: ${value}`);
    } catch {
      // A closed page or a detached element says nothing useful; keep the rest.
    }
  };
  await safely('active editor', () => activeTabName(page));
  await safely('notifications', async () => (await notifications(page)).join(' | '));
  await safely('quick input', async () => {
    const widget = page.locator('.quick-input-widget');
    return (await widget.isVisible()) ? (await widget.innerText()).replace(/\s+/g, ' ').slice(0, 300) : undefined;
  });
  await safely('hover', async () => {
    const hover = page.locator('.monaco-hover-content').first();
    return (await hover.isVisible()) ? (await hover.innerText()).replace(/\s+/g, ' ').slice(0, 300) : undefined;
  });
  await safely('problems panel', async () => {
    const panel = page.locator('.markers-panel');
    if (!(await panel.isVisible())) return undefined;
    const rows = await panel.locator('.monaco-list-row').evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') ?? ''));
    return rows.slice(0, 15).join(' | ') || '(empty)';
  });
  await safely('status bar', async () => (await page.locator('.statusbar').innerText()).replace(/\s+/g, ' ').slice(0, 200));
  return parts.length ? parts.map((part) => `  ${part}`).join('\n') : '  (nothing readable on screen)';
}
