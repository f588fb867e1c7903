import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Node } from 'web-tree-sitter';
import { nodeReviewEngine } from '../../src/node/reviewEngine';

/**
 * Makes every Node accessor throw when its tree was deleted (web-tree-sitter zeroes a deleted tree's handle): reading
 * one reads freed WASM memory, which may trap ("memory access out of bounds") or silently return garbage.
 */
function guardDeletedTrees(): { uses: string[]; restore: () => void } {
  const uses: string[] = [];
  const proto = Node.prototype as unknown as Record<string, unknown>;
  const saved = new Map<string, PropertyDescriptor>();
  for (const name of Object.getOwnPropertyNames(proto)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, name)!;
    const original = (descriptor.get ?? descriptor.value) as ((...args: unknown[]) => unknown) | undefined;
    if (name === 'constructor' || typeof original !== 'function') continue;
    saved.set(name, descriptor);
    const guarded = function (this: { tree: { 0: number } }, ...args: unknown[]) {
      if (this.tree[0] === 0) uses.push(name);
      return original.apply(this, args);
    };
    Object.defineProperty(proto, name, descriptor.get ? { ...descriptor, get: guarded } : { ...descriptor, value: guarded });
  }
  return { uses, restore: () => saved.forEach((descriptor, name) => Object.defineProperty(proto, name, descriptor)) };
}

function message(n: number, driver: string): string {
  return [
    `From 0123456789abcdef0123456789abcdef0123456${n} Mon Sep 17 00:00:00 2001`,
    'From: A Developer <dev@example.org>',
    `Subject: [PATCH ${n}/2] dma: add ${driver}`,
    `Message-ID: <20261201.${n}@example.org>`,
    '',
    `Adds ${driver}.`,
    '',
    'Signed-off-by: A Developer <dev@example.org>',
    '---',
    `diff --git a/drivers/dma/${driver}.c b/drivers/dma/${driver}.c`,
    'new file mode 100644',
    'index 000000000000..1111111111111',
    '--- /dev/null',
    `+++ b/drivers/dma/${driver}.c`,
    '@@ -0,0 +1,9 @@',
    '+// SPDX-License-Identifier: GPL-2.0',
    `+static struct platform_driver ${driver}_driver = {`,
    `+\t.probe = ${driver}_probe,`,
    '+\t.driver = {',
    `+\t\t.name = "${driver}",`,
    '+\t\t.owner = THIS_MODULE,',
    '+\t},',
    '+};',
    `+module_platform_driver(${driver}_driver);`,
    '-- ',
    '2.43.0',
    '',
  ].join('\n');
}

test('fixes asked again for a unit whose scratch tree was replaced never read the deleted tree', async () => {
  const engine = await nodeReviewEngine();
  const text = message(1, 'first') + '\n' + message(2, 'second');
  const result = engine.review(text, { fileName: 'series.mbox' });
  const owners = result.findings.filter((finding) => finding.rule === 'redundant-owner');
  assert.equal(owners.length, 2, 'one redundant-owner finding per message');
  const guard = guardDeletedTrees();
  try {
    // Without a session every fix is computed on a scratch tree; asking the second message's replaces the first's.
    const first = result.fixes(owners[0]!);
    result.fixes(owners[1]!);
    const again = result.fixes(owners[0]!);
    assert.deepEqual(guard.uses, [], 'no Node of a deleted tree was read');
    assert.ok(first.length > 0);
    assert.deepEqual(again, first);
    assert.deepEqual(result.notes.filter((note) => /could not be computed/.test(note)), []);
  } finally {
    guard.restore();
    result.dispose();
  }
});
