import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { migratorLensesOfText } from '../../src/shared/migratorLenses';
import { lensesOfDocument } from '../../src/extension/features/migratorLensScan';
import { isSkip, obtainKernelSource } from '../kernel/kernelTree';

/** What lensesOfDocument reads of a TextDocument, with VS Code's line breaks (CRLF, LF, a lone CR). */
function documentOf(text: string): Pick<vscode.TextDocument, 'getText' | 'lineAt' | 'lineCount'> {
  const lines = text.split(/\r\n|\r|\n/);
  return {
    lineCount: lines.length,
    getText: () => text,
    lineAt: ((line: number) => ({ text: lines[line]! })) as unknown as vscode.TextDocument['lineAt'],
  };
}

function same(text: string, name: string): void {
  assert.deepEqual(lensesOfDocument(documentOf(text)), migratorLensesOfText(text), name);
}

describe('lensesOfDocument', () => {
  it('finds the lenses a scan of every line finds, on the examples (plain, CRLF and quoted)', () => {
    for (const name of readdirSync('examples').filter((file) => /\.(patch|txt|mbox|c)$/.test(file))) {
      const text = readFileSync(join('examples', name), 'utf8');
      assert.ok(migratorLensesOfText(text).length > 0 || !/migrator/.test(text), `${name} has lenses to compare`);
      same(text, name);
      same(text.replace(/\n/g, '\r\n'), `${name} with CRLF`);
      same(text.replace(/\n/g, '\r'), `${name} with lone CRs`);
    }
  });

  it('finds none where a word is there but no lens (a declaration, a call, a removed line)', () => {
    same('int start_offloading(void);\n-struct migrator old = {\nx = offload_stop();\n', 'no lens');
    same('struct migrator m = {\n\t.owner = NULL,\n\t.name = "DCBM",\n};\n', 'one lens with its name');
  });

  const kernel = obtainKernelSource();
  it('finds the same on the kernel files that mention offloading', { skip: isSkip(kernel) ? kernel.skip : false }, () => {
    if (isSkip(kernel)) return;
    for (const file of ['kernel/bpf/verifier.c', 'kernel/bpf/offload.c', 'mm/migrate.c']) {
      const path = join(kernel.root, file);
      if (existsSync(path)) same(readFileSync(path, 'utf8'), file);
    }
  });
});
