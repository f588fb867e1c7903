import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { e2eEnvironment, type E2eEnvironment } from './env';
import { ExtensionHostLog, extensionHostDirs } from './extensionHostLog';
import { waitFor } from './poll';
import { describeScreen } from './screen';
import * as workbench from './workbench';

/** Bound to the test-only command kernelOffload.test.hostKind in the user keybindings (test/e2e/run.mjs). */
const HOST_KIND_KEY = 'Control+Alt+Shift+K';

/** The browser flags the issue fixes for Debian's Chromium on CI machines. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface SessionOptions {
  /** Names the workspace copy and the screenshots (`<name>.png`). */
  name: string;
  /** Files of examples/ to copy into the workspace; all of them when left out. */
  files?: string[];
  /**
   * Files written into the workspace (name → text) before the window opens: one written after it opens waits for
   * the workbench's file watcher, which under load once missed it for over a minute.
   */
  write?: Record<string, string>;
  /** Extra `.vscode/settings.json` for this workspace. */
  settings?: Record<string, unknown>;
  /**
   * User settings for this window only (merged into the user settings, restored on close). Some settings,
   * `workbench.colorTheme` among them, are not taken from a workspace by this workbench.
   */
  userSettings?: Record<string, unknown>;
}

/**
 * One VS Code window on a fresh copy of the examples, in its own Chromium. Every journey opens one in
 * `before` and closes it in `after`; the helpers below are what a user does, with polling instead of sleeps.
 */
export class Session {
  private hostLog: ExtensionHostLog | undefined;

  private constructor(
    readonly name: string,
    readonly env: E2eEnvironment,
    readonly workspaceDir: string,
    readonly browser: Browser,
    readonly page: Page,
    private readonly knownHostDirs: Set<string>,
    private readonly restoreUserSettings?: () => void,
  ) {}

  static async open(options: SessionOptions): Promise<Session> {
    const env = e2eEnvironment();
    const workspaceDir = join(env.scratchDir, 'workspaces', `${options.name}-${Date.now()}`);
    mkdirSync(workspaceDir, { recursive: true });
    if (options.files) for (const file of options.files) cpSync(join(env.examplesDir, file), join(workspaceDir, file));
    else cpSync(env.examplesDir, workspaceDir, { recursive: true });
    for (const [file, text] of Object.entries(options.write ?? {})) writeFileSync(join(workspaceDir, file), text);
    if (options.settings) {
      mkdirSync(join(workspaceDir, '.vscode'), { recursive: true });
      writeFileSync(join(workspaceDir, '.vscode', 'settings.json'), JSON.stringify(options.settings, null, 2));
    }
    const restoreUserSettings = options.userSettings ? mergeUserSettings(env.userDataDir, options.userSettings) : undefined;
    const knownHostDirs = new Set(extensionHostDirs(env.userDataDir));
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    try {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers: 'allow' });
      const page = await context.newPage();
      const session = new Session(options.name, env, workspaceDir, browser, page, knownHostDirs, restoreUserSettings);
      await session.step('load the workbench', async () => {
        await page.goto(`${env.url}/?folder=${encodeURIComponent(workspaceDir)}`, { waitUntil: 'domcontentloaded', timeout: 90_000 });
        await page.locator('.monaco-workbench .explorer-folders-view').waitFor({ timeout: 90_000 });
        await session.extensionHost();
      });
      return session;
    } catch (error) {
      await browser.close();
      restoreUserSettings?.();
      throw error;
    }
  }

  /**
   * Runs one user-visible step. A failure names the step and says what was on screen, and leaves a
   * screenshot `<name>-failed.png`, so a broken journey reads as "step X failed: … on screen: …".
   */
  async step<T>(title: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      const screen = await describeScreen(this.page).catch(() => '  (the page is gone)');
      const shot = await this.screenshot(`${this.name}-failed`).catch(() => undefined);
      throw new Error(`[${this.name}] step "${title}" failed: ${reason}\nOn screen:\n${screen}${shot ? `\nScreenshot: ${shot}` : ''}`, { cause: error });
    }
  }

  /** This window's extension host logs (code-server starts one host per window). */
  async extensionHost(): Promise<ExtensionHostLog> {
    this.hostLog ??= new ExtensionHostLog(await waitFor('the window\'s extension host to start', () =>
      extensionHostDirs(this.env.userDataDir).find((dir) => !this.knownHostDirs.has(dir)), { timeout: 90_000 }));
    return this.hostLog;
  }

  openFile(fileName: string): Promise<void> {
    return workbench.openFile(this.page, fileName);
  }

  /** The active editor tab's accessible name ("seed-reply.txt", "Untitled-1, preview", …). */
  activeTabName(): Promise<string | undefined> {
    return workbench.activeTabName(this.page);
  }

  runCommand(title: string): Promise<void> {
    return workbench.runCommand(this.page, title);
  }

  /** Problem rows once `ready` accepts them (e.g. "has a redundant-initializer row"). */
  problems(ready: (rows: workbench.ProblemRow[]) => boolean = (rows) => rows.length > 0, timeout = 60_000): Promise<workbench.ProblemRow[]> {
    return waitFor('the Problems panel rows', async () => {
      const rows = await workbench.problems(this.page);
      return ready(rows) ? rows : undefined;
    }, { timeout });
  }

  goToLine(line: number, column?: number): Promise<void> {
    return workbench.goToLine(this.page, line, column);
  }

  /**
   * Hovers the on-screen occurrence of `text` in the active editor and returns the hover's text, once it
   * matches `expected` when given (hover parts arrive one by one).
   */
  hover(text: string, expected?: RegExp): Promise<string> {
    return workbench.hoverText(this.page, workbench.editorText(this.page, text), expected ? (shown) => expected.test(shown) : undefined);
  }

  /** Opens the quick-fix menu at the cursor and returns the offered titles. */
  quickFixes(): Promise<string[]> {
    return workbench.quickFixTitles(this.page);
  }

  applyQuickFix(title: string): Promise<void> {
    return workbench.applyQuickFix(this.page, title);
  }

  /** Clicks Apply in the Refactor Preview (opened by a rename quick fix). */
  applyRefactorPreview(): Promise<void> {
    return workbench.applyRefactorPreview(this.page);
  }

  visibleEditorLines(): Promise<string[]> {
    return workbench.visibleEditorLines(this.page);
  }

  notifications(): Promise<string[]> {
    return workbench.notifications(this.page);
  }

  /** The notification toasts shown with the error icon. */
  errorNotifications(): Promise<string[]> {
    return workbench.errorNotifications(this.page);
  }

  /** Saves the active editor and returns the file as it now is on disk. */
  async saveAndRead(fileName: string): Promise<string> {
    const before = this.readWorkspaceFile(fileName);
    await this.page.keyboard.press('Control+S');
    return waitFor(`${fileName} to be saved`, async () => {
      const dirty = await this.page.locator('.editor-group-container.active .tab.active.dirty').count();
      const now = this.readWorkspaceFile(fileName);
      return dirty === 0 && now !== before ? now : undefined;
    });
  }

  readWorkspaceFile(fileName: string): string {
    return readFileSync(join(this.workspaceDir, fileName), 'utf8');
  }

  /**
   * Which bundle and runtime run the extension in this window, from its test-only command (bound to a key by
   * test/e2e/run.mjs): `{ entry: 'dist/web.cjs', runtime: 'webworker' }` in the web worker extension host,
   * `{ entry: 'dist/extension.cjs', runtime: 'node' }` in the Node one. The extension must be active.
   */
  async hostKind(): Promise<{ entry: string; runtime: string }> {
    const known = new Set(await this.notifications());
    await this.page.keyboard.press(HOST_KIND_KEY);
    const text = await waitFor('the host-kind notification', async () =>
      (await this.notifications()).find((shown) => shown.includes('Kernel Offload host:') && !known.has(shown)));
    const match = /entry (\S+), runtime (\w+)/.exec(text);
    if (!match) throw new Error(`unexpected host-kind notification: ${text}`);
    return { entry: match[1]!, runtime: match[2]! };
  }

  /** The first frame (webviews are nested iframes) in which `selector` exists. */
  webviewFrame(selector: string, timeout = 30_000): Promise<Frame> {
    return waitFor(`a webview frame with ${selector}`, async () => {
      for (const frame of this.page.frames()) {
        if (await frame.locator(selector).count().catch(() => 0)) return frame;
      }
      return undefined;
    }, { timeout });
  }

  async screenshot(label = this.name): Promise<string> {
    mkdirSync(this.env.screenshotsDir, { recursive: true });
    const path = join(this.env.screenshotsDir, `${label}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  /** Saves the final-state screenshot `<name>.png` and closes the browser; safe to call twice. */
  async close(): Promise<void> {
    if (!this.browser.isConnected()) return;
    await this.screenshot().catch(() => undefined);
    await this.browser.close();
    this.restoreUserSettings?.();
  }
}

/** Writes `extra` into the user settings file and returns how to put the previous contents back. */
function mergeUserSettings(userDataDir: string, extra: Record<string, unknown>): () => void {
  const file = join(userDataDir, 'User', 'settings.json');
  const previous = readFileSync(file, 'utf8');
  writeFileSync(file, JSON.stringify({ ...(JSON.parse(previous) as Record<string, unknown>), ...extra }, null, 2));
  return () => writeFileSync(file, previous);
}
