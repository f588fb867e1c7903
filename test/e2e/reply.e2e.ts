// Journey: a reviewer opens the seed-style reply, resolves one hint, writes a comment of their own and exports
// the review as a mailing-list reply; the reply's text is checked line by line.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { waitFor } from './harness/poll';
import { Session } from './harness/session';
import { obtainCheckpatch } from '../checkpatch/obtainCheckpatch';

const SEED = 'seed-reply.txt';
const PATCH = 'migrate_offc.patch';
const OWN_COMMENT = 'Small thing: please write "offc" out.';

/** Two rules only, so the exported reply fits a few screens and every line of it can be checked. */
const settings = {
  'kernelOffload.hintsAs': 'both',
  'kernelOffload.rules': {
    'terse-identifier': 'off', 'exported-symbol-prefix': 'off', 'errno-format': 'off',
    'ignored-cmpxchg-result': 'off', 'duplicate-function-body': 'off',
  },
};

function lineOf(document: string, text: string): number {
  const index = document.split('\n').findIndex((line) => line.includes(text));
  assert.notEqual(index, -1, `the example no longer contains ${JSON.stringify(text)}`);
  return index + 1;
}

/** Every line of the active editor, by line number: Monaco renders only what is on screen, so it is paged through. */
async function wholeEditor(session: Session): Promise<string> {
  const lines = new Map<number, string>();
  // A string, not a function: the test runner's transform would wrap inner functions in a helper the page lacks.
  const read = (page: Page) => page.evaluate(`(() => {
    const editor = document.querySelector('.editor-group-container.active .monaco-editor');
    if (!editor) return [];
    const numbers = new Map();
    for (const element of editor.querySelectorAll('.margin-view-overlays > div')) {
      const number = Number(element.querySelector('.line-numbers')?.textContent?.trim());
      if (number > 0) numbers.set(Math.round(parseFloat(element.style.top) || 0), number);
    }
    return [...editor.querySelectorAll('.view-lines .view-line')].flatMap((element) => {
      const number = numbers.get(Math.round(parseFloat(element.style.top) || 0));
      return number ? [[number, (element.textContent ?? '').replace(/\u00a0/g, ' ')]] : [];
    });
  })()`) as Promise<[number, string][]>;
  // Gutter and text render on their own frames: a screen counts once two reads a frame apart agree.
  const settled = () => waitFor('the editor to finish rendering', async () => {
    const first = JSON.stringify(await read(session.page));
    await session.page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
    const second = await read(session.page);
    return first === JSON.stringify(second) && second.length > 0 ? second : undefined;
  });
  for (let line = 1; ; line += 20) {
    await session.goToLine(line);
    const before = lines.size;
    for (const [number, text] of await settled()) lines.set(number, text);
    if (lines.size === before && line > 1) break;
  }
  const last = Math.max(...lines.keys());
  return Array.from({ length: last }, (_, i) => lines.get(i + 1) ?? '<missing>').join('\n');
}

/**
 * The reply as the user takes it away: "Copy to Clipboard" on the export's notification, then the clipboard's
 * text. Should the browser refuse clipboard access, the editor's lines are read instead.
 */
async function copiedReply(session: Session): Promise<string> {
  await session.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.env.url });
  const copy = session.page.locator('.notifications-toasts .monaco-button', { hasText: 'Copy to Clipboard' }).first();
  await waitFor('the "reply ready" notification with Copy to Clipboard', () => copy.isVisible());
  await copy.click();
  try {
    return await waitFor('the reply on the clipboard', async () => {
      const text = String(await session.page.evaluate('navigator.clipboard.readText()'));
      return text.startsWith('Subject: ') ? text.replace(/\n$/, '') : undefined;
    }, { timeout: 15_000 });
  } catch (error) {
    console.log(`clipboard not readable (${error instanceof Error ? error.message : error}); reading the editor instead`);
    return wholeEditor(session);
  }
}

describe('journey: resolve a hint, add a comment, export the review as a reply', () => {
  let session: Session;
  before(async () => {
    session = await Session.open({ name: 'reply', files: [SEED], settings });
  });
  after(async () => {
    await session?.close();
  });

  it('exports a reply that reads like the seed', async () => {
    const seed = session.readWorkspaceFile(SEED);
    await session.step(`open ${SEED}`, () => session.openFile(SEED));
    const kernelDoc = 'exported-symbol-kernel-doc';
    const startDoc = "'start_offloading' has no kernel-doc";
    await session.step('wait for the kernel-doc and redundant-initializer hints', () => session.problems((rows) =>
      rows.some((r) => r.file === SEED && r.code === kernelDoc) && rows.some((r) => r.file === SEED && r.code === 'redundant-initializer')));

    await session.step('expand the hint threads', () => session.runCommand('Comments: Expand All Comments'));
    const docThread = session.page.locator('.review-widget', { hasText: startDoc }).first();
    await session.step('resolve the start_offloading kernel-doc thread', async () => {
      // A few lines above the hinted one: the thread's widget, and its title with Resolve, open below the cursor.
      await session.goToLine(lineOf(seed, 'int start_offloading(struct migrator *m)') - 3);
      await docThread.waitFor({ state: 'visible', timeout: 60_000 });
      await docThread.locator('.action-label[aria-label="Resolve Thread"]').click();
    });
    await session.step('wait for that diagnostic to go while the others stay', () => session.problems((rows) =>
      rows.some((r) => r.file === SEED && r.code === 'redundant-initializer') && rows.some((r) => r.file === SEED && r.code === kernelDoc)
      && !rows.some((r) => r.file === SEED && r.label.includes(startDoc))));

    await session.step('add a comment under the migrate_offc() line', async () => {
      await session.goToLine(lineOf(seed, 'migrate_offc() - copy every folio'), 3);
      await session.runCommand('Comments: Add Comment on Current Selection');
      const input = session.page.locator('.review-widget .comment-form .monaco-editor textarea').last();
      await input.waitFor({ state: 'visible', timeout: 30_000 });
      await session.page.keyboard.type(OWN_COMMENT, { delay: 2 });
      await session.page.keyboard.press('Control+Enter');
      await waitFor('the comment to show in its thread', () =>
        session.page.locator('.review-widget .review-comment', { hasText: OWN_COMMENT }).first().isVisible());
    });

    await session.step('run Export Review as Reply', () => session.runCommand('Kernel Offload: Export Review as Reply'));
    await session.step('wait for the reply editor', () => waitFor('an Untitled editor with the reply', async () =>
      (await session.visibleEditorLines()).some((line) => line.startsWith('Subject: Re: '))));
    const reply = await session.step('copy the reply with the notification\'s button and read it', () => copiedReply(session));
    const lines = reply.split('\n');
    assert.equal(lines[0], 'Subject: Re: [RFC V3 5/9] mm: let a driver take over the batch copy of folio migration', reply);
    assert.ok(reply.includes('On Wed, 24 Sep 2025 09:12:35 +0000,\nExample Sender <sender@example.org> wrote:\n'), reply);
    assert.ok(!reply.includes('Example Author <author@example.org> wrote:'), 'the sender is named, not the commit author');
    const anchor = lines.indexOf('> migrate_offc() - copy every folio on the source list to the folio at the');
    assert.ok(anchor > 0, reply);
    assert.deepEqual(lines.slice(anchor + 1, anchor + 3), ['', OWN_COMMENT], 'the own comment sits right under its line');
    const owner = lines.findIndex((line) => /^> \+\s+\.owner = NULL,$/.test(line));
    assert.ok(owner > anchor, reply);
    assert.match(lines[owner + 2] ?? '', /^'\.owner = NULL' is redundant/, 'the kept hint sits under its line');
    assert.ok(!reply.includes(startDoc), 'the resolved hint is not in the reply');
    assert.ok(reply.includes("'stop_offloading' has no kernel-doc"), 'the unresolved twin is');
    assert.ok(!reply.includes('One nit inline'), 'the earlier replier\'s words are not quoted back');
    assert.ok(!/^(Reviewed|Acked)-by:/m.test(reply), 'no tag the reviewer did not type');
    for (const line of lines) {
      assert.equal(line, line.replace(/\s+$/, ''), `trailing white space: ${JSON.stringify(line)}`);
      assert.ok(line.startsWith('>') || line.length <= 72 || line.startsWith('Subject:'), `over 72 columns: ${line}`);
    }
  });
});

describe('journey: checkpatch.pl findings beside the extension\'s own', () => {
  // checkpatch.pl is obtained at test time (Debian's linux-source package) and never committed.
  const obtained = obtainCheckpatch();
  let session: Session | undefined;
  after(async () => {
    await session?.close();
  });

  it('shows checkpatch\'s reports with source "checkpatch" and the type as code', async (t) => {
    if ('skip' in obtained) return void t.skip(`checkpatch.pl unavailable: ${obtained.skip}`);
    session = await Session.open({ name: 'checkpatch', files: [PATCH], settings: { 'kernelOffload.checkpatch.path': obtained.path, 'kernelOffload.checkpatch.strict': true } });
    const s = session;
    const patch = s.readWorkspaceFile(PATCH);
    await s.step(`open ${PATCH}`, () => s.openFile(PATCH));
    const rows = await s.step('wait for checkpatch and review rows in the Problems panel', () => s.problems((found) =>
      found.some((r) => r.file === PATCH && r.text.includes('checkpatch')) && found.some((r) => r.file === PATCH && r.code === 'redundant-initializer')));
    const checkpatchRows = rows.filter((r) => r.file === PATCH && r.text.includes('checkpatch'));
    const describe = checkpatchRows.map((r) => `${r.line}:${r.code}`).join(', ');
    assert.ok(checkpatchRows.some((r) => r.code === 'FILE_PATH_CHANGES' && r.line === lineOf(patch, 'new file mode')), `checkpatch rows: ${describe}`);
    assert.ok(checkpatchRows.some((r) => r.code === 'UNCOMMENTED_DEFINITION' && r.line === lineOf(patch, 'DEFINE_MUTEX')), `--strict reports; checkpatch rows: ${describe}`);
    assert.ok(rows.some((r) => r.file === PATCH && r.text.includes('kernel-offload')), 'our hints stay beside them');
  });
});
