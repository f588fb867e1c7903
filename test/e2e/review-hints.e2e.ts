// Journey 1: a reviewer opens the seed-style reply and a git format-patch file and works through the hints.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ProblemRow } from './harness/workbench';
import { Session } from './harness/session';

const SEED = 'seed-reply.txt';
const PATCH = 'migrate_offc.patch';

/** 1-based line of the first document line containing `text`; the journey finds lines the way a reader would. */
function lineOf(document: string, text: string): number {
  const index = document.split('\n').findIndex((line) => line.includes(text));
  assert.notEqual(index, -1, `the example no longer contains ${JSON.stringify(text)}`);
  return index + 1;
}

function rowsOf(rows: ProblemRow[], file: string, code: string): ProblemRow[] {
  return rows.filter((row) => row.file === file && row.code === code && row.severity !== undefined);
}

function describeRows(rows: ProblemRow[]): string {
  return rows.filter((row) => row.severity).map((row) => `${row.file}:${row.line}:${row.column} [${row.code}]`).join(', ');
}

/** The added lines of a patch (`+…`), where its identifiers live. */
function addedCode(document: string): string {
  return document.split('\n').filter((line) => /^\+/.test(line) && !/^\+\+\+/.test(line)).join('\n');
}

describe('journey 1: review hints on a seed-style reply and a git format-patch', () => {
  let session: Session;
  before(async () => {
    session = await Session.open({ name: 'review-hints' });
  });
  after(async () => {
    await session?.close();
  });

  it('lists the reply\'s hints in the Problems panel on the right lines', async () => {
    const seed = session.readWorkspaceFile(SEED);
    await session.step(`open ${SEED}`, () => session.openFile(SEED));
    const rows = await session.step('wait for the review hints in the Problems panel', () =>
      session.problems((found) => rowsOf(found, SEED, 'redundant-initializer').length > 0));
    const expected: [string, number][] = [
      ['redundant-initializer', lineOf(seed, '.owner = NULL')],
      ['terse-identifier', lineOf(seed, '.migrate_offc = ')],
      ['ignored-cmpxchg-result', lineOf(seed, 'atomic_try_cmpxchg(&dispatch_to_offc, &old, 1)')],
      ['ignored-cmpxchg-result', lineOf(seed, 'atomic_try_cmpxchg(&dispatch_to_offc, &old, 0)')],
      ['exported-symbol-prefix', lineOf(seed, 'EXPORT_SYMBOL_GPL(start_offloading)')],
    ];
    for (const [code, line] of expected) {
      assert.ok(rowsOf(rows, SEED, code).some((row) => row.line === line),
        `expected a ${code} hint on line ${line} of ${SEED}; the Problems panel shows: ${describeRows(rows)}`);
    }
    const terse = rowsOf(rows, SEED, 'terse-identifier').find((row) => row.line === lineOf(seed, '.migrate_offc = '));
    assert.match(terse?.label ?? '', /'offc'.*offload_copy/, 'the terse-identifier hint names the abbreviation and a spelled-out name');
    assert.ok(rows.filter((row) => row.file === SEED && row.severity).every((row) => row.text.includes('kernel-offload')), 'every hint comes from source kernel-offload');
    const activation = (await session.extensionHost()).activation();
    assert.match(activation ?? '', /activationEvent: 'onLanguage:plaintext'/, `the reply (plain text) is what woke the extension: ${activation}`);
  });

  it('shows the rule\'s rationale on hover', async () => {
    const line = lineOf(session.readWorkspaceFile(SEED), '.owner = NULL');
    await session.step(`scroll to line ${line}`, () => session.goToLine(line, 1));
    const hover = await session.step('hover over .owner = NULL until the rationale shows', () => session.hover('.owner', /coding-style\.rst/));
    assert.match(hover, /redundant-initializer/, `the hover names the rule; it shows: ${hover.slice(0, 300)}`);
    assert.match(hover, /coding-style\.rst/, 'the hover carries the rationale, which cites the kernel\'s coding style');
    await session.page.keyboard.press('Escape');
  });

  it('removes the .owner = NULL line with the redundant-initializer quick fix, and the hint goes away', async () => {
    const before = session.readWorkspaceFile(SEED);
    const line = lineOf(before, '.owner = NULL');
    await session.step(`put the cursor on line ${line}`, () => session.goToLine(line, 6));
    const titles = await session.step('open the quick fixes', () => session.quickFixes());
    assert.ok(titles.some((title) => title.includes("Remove '.owner = NULL'")), `quick fixes offered: ${titles.join(' | ')}`);
    await session.step('apply "Remove \'.owner = NULL\'"', () => session.applyQuickFix("Remove '.owner = NULL'"));
    await session.step('wait for the redundant-initializer hint to disappear', () =>
      session.problems((rows) => rows.some((row) => row.file === SEED) && rowsOf(rows, SEED, 'redundant-initializer').length === 0));
    const after = await session.step(`save ${SEED}`, () => session.saveAndRead(SEED));
    assert.ok(!after.includes('.owner = NULL'), 'the line is gone from the file');
    assert.equal(after.split('\n').length, before.split('\n').length - 1, 'exactly one line was removed');
    assert.equal(after.split('\n')[line - 1], before.split('\n')[line], 'the line after it moved up unchanged');
  });

  it('offers no rename of offc in the reply, which declares none of those names', async () => {
    const before = session.readWorkspaceFile(SEED);
    const line = lineOf(before, '.migrate_offc = ');
    await session.step(`put the cursor on migrate_offc (line ${line})`, () => session.goToLine(line, 8));
    const titles = await session.step('open the quick fixes', () => session.quickFixes());
    assert.ok(!titles.some((title) => /Rename 'offc'/.test(title)), `a rename there would not build; offered: ${titles.join(' | ')}`);
    await session.step('close the quick fixes', () => session.page.keyboard.press('Escape'));
  });

  it('reviews a git format-patch file at the lines of the patch', async () => {
    const patch = session.readWorkspaceFile(PATCH);
    await session.step(`open ${PATCH}`, () => session.openFile(PATCH));
    const rows = await session.step('wait for the patch\'s hints', () =>
      session.problems((found) => rowsOf(found, PATCH, 'redundant-initializer').length > 0));
    assert.ok(rowsOf(rows, PATCH, 'redundant-initializer').some((row) => row.line === lineOf(patch, '.owner = NULL')),
      `expected redundant-initializer on the .owner = NULL line of ${PATCH}; shown: ${describeRows(rows)}`);
    assert.ok(rowsOf(rows, PATCH, 'ignored-cmpxchg-result').some((row) => row.line === lineOf(patch, 'atomic_try_cmpxchg(&dispatch_to_offc, &old, 1)')),
      `expected ignored-cmpxchg-result on the first atomic_try_cmpxchg of ${PATCH}; shown: ${describeRows(rows)}`);
    assert.ok(rowsOf(rows, PATCH, 'terse-identifier').some((row) => row.label.includes("'offc'")), 'the patch\'s offc names are flagged');
  });

  it('renames offc in the patch, which declares the names, everywhere after the refactor preview', async () => {
    const before = session.readWorkspaceFile(PATCH);
    const occurrences = (addedCode(before).match(/offc/g) ?? []).length;
    // The hint stands where the patch first declares an offc name: the struct member in the header.
    const line = lineOf(before, 'int (*migrate_offc)(');
    const column = before.split('\n')[line - 1]!.indexOf('migrate_offc') + 2;
    await session.step(`put the cursor on the migrate_offc member (line ${line})`, () => session.goToLine(line, column));
    const titles = await session.step('open the quick fixes', () => session.quickFixes());
    const rename = titles.find((title) => /Rename 'offc' to 'offload_copy'/.test(title));
    assert.ok(rename, `quick fixes offered: ${titles.join(' | ')}`);
    await session.step('choose the rename', () => session.applyQuickFix("Rename 'offc' to 'offload_copy'"));
    await session.step('accept the refactor preview', () => session.applyRefactorPreview());
    const after = await session.step(`save ${PATCH}`, () => session.saveAndRead(PATCH));
    const code = addedCode(after);
    assert.ok((code.match(/offload_copy/g) ?? []).length > 0 && (code.match(/offload_copy/g) ?? []).length <= occurrences);
    assert.match(code, /int \(\*migrate_offload_copy\)\(/);
    assert.match(code, /\.migrate_offload_copy = folios_mc_copy/);
    assert.match(code, /offload_copy_update_migrator\(m\)/);
    assert.match(after, /#include <linux\/migrate_offc\.h>/, 'paths stay');
    await session.step('wait for the terse-identifier hint on offc to disappear', () =>
      session.problems((rows) => rows.some((row) => row.file === PATCH) && !rows.some((row) => row.file === PATCH && row.code === 'terse-identifier' && row.label.includes("'offc'"))));
  });
});
