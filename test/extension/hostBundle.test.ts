// The extension host's bundles carry none of the review engine: reviews, the grammar they parse with and the rule
// modules live in the review worker (dist/reviewWorker.*), and the host only sends text and receives findings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as esbuild from 'esbuild';

/** Modules of src/core/review the host may hold, and why: plain text helpers that run no rule and parse nothing. */
const ALLOWED: Record<string, string> = {
  'src/core/review/ruleDoc.ts': 'the rule pages\' addresses (each diagnostic links to its rule)',
  'src/core/review/rules/missingSpdx.ts': 'holdsFirstLine(), which checkpatch\'s input uses to know whether the file\'s first line is in the patch',
};

interface Metafile {
  inputs: Record<string, { imports: { path: string }[] }>;
}

/** The inputs of one entry's bundle, built as esbuild.js builds it (only what matters for what gets bundled). */
async function bundleInputs(entry: string, platform: 'node' | 'browser'): Promise<Metafile['inputs']> {
  const result = await esbuild.build({
    entryPoints: [entry], bundle: true, write: false, metafile: true, platform, format: 'cjs', logLevel: 'silent',
    outfile: 'out.cjs', external: platform === 'node' ? ['vscode'] : ['vscode', 'node:*'],
    define: { 'import.meta.url': '"file:///"', __KERNEL_OFFLOAD_ENTRY__: '"test"' },
  });
  return (result.metafile as Metafile).inputs;
}

/** How `target` got into the bundle: the first chain of importers back to the entry. */
function chainTo(inputs: Metafile['inputs'], target: string): string {
  const importer = new Map<string, string>();
  for (const [path, input] of Object.entries(inputs)) for (const imported of input.imports) if (!importer.has(imported.path)) importer.set(imported.path, path);
  const chain = [target];
  for (let at = importer.get(target); at && !chain.includes(at); at = importer.get(at)) chain.push(at);
  return chain.join(' <- ');
}

describe('the extension host bundles', () => {
  for (const [entry, platform] of [['src/extension/extension.ts', 'node'], ['src/extension/web.ts', 'browser']] as const) {
    it(`${entry} holds no module of the review engine`, async () => {
      const inputs = await bundleInputs(entry, platform);
      const review = Object.keys(inputs).filter((path) => path.startsWith('src/core/review/'));
      assert.ok(Object.keys(inputs).includes('src/extension/review/reviewClient.ts'), 'the bundle was built from the extension (it holds the review client)');
      const unexpected = review.filter((path) => !(path in ALLOWED));
      assert.deepEqual(unexpected.map((path) => chainTo(inputs, path)), [], 'review modules reached the extension host');
    });
  }
});
