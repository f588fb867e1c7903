import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { splitDocumentLines } from '../../src/core/patch/docLines';
import { captureAnchor, locateAnchor } from '../../src/core/review-state';
import { linesOfDocument } from '../../src/extension/review/documentLines';

/** The two members linesOfDocument reads, over lines split as VS Code splits them; counts the lines read. */
function documentOf(text: string): { document: vscode.TextDocument; reads: () => number } {
  const lines = splitDocumentLines(text).lines;
  let reads = 0;
  const document = {
    lineCount: lines.length,
    lineAt: (line: number) => {
      reads++;
      return { text: lines[line]! };
    },
  } as unknown as vscode.TextDocument;
  return { document, reads: () => reads };
}

const TEXT = 'static int a = 0;\r\nint b;\rint c;\n\nvoid f(void)\n{\n}\n';

describe('linesOfDocument', () => {
  it('behaves as the split lines do for the array operations the core uses', () => {
    const expected = splitDocumentLines(TEXT).lines;
    const lines = linesOfDocument(documentOf(TEXT).document);
    assert.equal(lines.length, expected.length);
    assert.deepEqual([...lines], expected);
    assert.deepEqual(lines.slice(1, 4), expected.slice(1, 4));
    assert.equal(lines[2], 'int c;');
    assert.equal(lines[expected.length], undefined);
    assert.equal(lines[-1], undefined);
    assert.ok(3 in lines && !(99 in lines));
    assert.deepEqual(captureAnchor(lines, 4), captureAnchor(expected, 4));
    assert.deepEqual(locateAnchor(lines, captureAnchor(expected, 5)), locateAnchor(expected, captureAnchor(expected, 5)));
  });

  it('reads only the lines asked for', () => {
    const big = documentOf('int x;\n'.repeat(20_000));
    const lines = linesOfDocument(big.document);
    assert.equal(lines[12_345], 'int x;');
    assert.equal(lines.length, 20_001);
    assert.equal(big.reads(), 1);
  });
});
