// The .vsix as users get it: made by the same `npm run package` code, then read back as a zip.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageExtension } from '../../scripts/package.mjs';
import { readZip, type ZipEntry } from './zip';

const MAX_BYTES = 3 * 1024 * 1024;
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
  main: string; browser: string; icon: string;
  contributes: { walkthroughs?: { steps: { media: Record<string, unknown> }[] }[] };
};

/** Paths that must never ship: sources, tests and their fixtures, maps, caches, tools the extension does not run. */
const FORBIDDEN: [RegExp, string][] = [
  [/\.map$/, 'a source map'],
  [/^src\//, 'TypeScript sources'],
  [/^test\//, 'tests'],
  [/(^|\/)fixtures?\//, 'test fixtures'],
  [/^\.vscode-test\//, 'the E2E tool cache'],
  [/^\.cache\//, 'the kernel source cache'],
  [/^\.tmp\//, 'scratch files'],
  [/^node_modules\//, 'node_modules (everything is bundled)'],
  [/^dist\/(cli|bench)\.cjs$/, 'the CLI and benchmark bundles (npm tools, not the extension)'],
  [/^docs\//, 'the developer documents (the README links to them on GitHub)'],
  [/^(tsconfig\.json|eslint\.config\.js|esbuild\.js|package-lock\.json)$/, 'build configuration'],
  [/^scripts\//, 'build scripts'],
  [/^bench\//, 'benchmarks'],
];

let scratch: string;
let vsixPath: string;
let entries: ZipEntry[];
/** Paths inside the extension folder (vsce puts it under extension/). */
let files: Map<string, ZipEntry>;

before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'kernel-offload-package-'));
  vsixPath = packageExtension({ stagingDir: join(scratch, 'staging'), out: join(scratch, 'extension.vsix'), quiet: true });
  entries = readZip(vsixPath);
  files = new Map(entries.filter((entry) => entry.name.startsWith('extension/')).map((entry) => [entry.name.slice('extension/'.length), entry]));
});

test.after(() => rmSync(scratch, { recursive: true, force: true }));

test('the package holds nothing that must not ship', () => {
  const wrong = [...files.keys()].flatMap((path) => FORBIDDEN.filter(([pattern]) => pattern.test(path)).map(([, what]) => `${path} (${what})`));
  assert.deepEqual(wrong, [], `files that must not ship:\n${wrong.join('\n')}`);
});

test('the package holds every file the manifest and the extension need', () => {
  const stepMedia = (manifest.contributes.walkthroughs ?? []).flatMap((walkthrough) => walkthrough.steps)
    .flatMap((step) => Object.values(step.media).filter((value): value is string => typeof value === 'string' && /\.(md|svg|png)$/.test(value)));
  const needed = [
    'package.json', 'readme.md', 'LICENSE.txt', 'changelog.md', manifest.main, manifest.browser, manifest.icon,
    'dist/web-tree-sitter.wasm', 'dist/tree-sitter-c.wasm', 'dist/words.txt', 'dist/copyWorker.cjs',
    // The review runs off the extension host: worker_threads on the desktop, a Web Worker in the web host.
    'dist/reviewWorker.cjs', 'dist/reviewWorker.web.js',
    'media/build/panel.js', 'media/panel.html', 'media/panel.css', 'media/build/codicon.ttf',
    'examples/seed-reply.txt', ...stepMedia,
  ].map((path) => path.replace(/^\.\//, ''));
  const missing = needed.filter((path) => !files.has(path) && !files.has(path.toLowerCase()));
  assert.deepEqual(missing, [], `listed in the package: ${[...files.keys()].sort().join(', ')}`);
});

test(`the package weighs under ${MAX_BYTES / 1024 / 1024} MB`, () => {
  const size = readFileSync(vsixPath).length;
  const largest = entries.toSorted((a, b) => b.compressedSize - a.compressedSize).slice(0, 5)
    .map((entry) => `${entry.name} ${(entry.compressedSize / 1024).toFixed(0)} KiB`).join(', ');
  assert.ok(size < MAX_BYTES, `the .vsix is ${(size / 1024 / 1024).toFixed(2)} MB; largest entries: ${largest}`);
});

test('the bundles are the production build: minified, no source map reference', () => {
  for (const path of [...files.keys()].filter((name) => /\.(c?js)$/.test(name))) {
    const text = files.get(path)!.read().toString('utf8');
    assert.doesNotMatch(text, /sourceMappingURL=/, `${path} points at a source map`);
    const lines = text.split('\n').length;
    assert.ok(lines < 50 || text.length / lines > 500, `${path} is not minified (${lines} lines, ${text.length} characters)`);
  }
});

test('the packaged README resolves its images and documents on the marketplace page (absolute URLs)', () => {
  const readme = files.get('readme.md')!.read().toString('utf8');
  const targets = [...readme.matchAll(/!?\[[^\]]*\]\(([^)\s]+)[^)]*\)/g)].map((match) => match[1]!);
  assert.ok(targets.some((target) => /\.png$/.test(target)), 'the README shows screenshots');
  const relative = targets.filter((target) => !/^(https:|#|mailto:)/.test(target));
  assert.deepEqual(relative, [], 'every link and image of the packaged README is absolute (vsce rewrites them from `repository`)');
  const repository = 'https://github.com/kernel-offload/kernel-offload-review';
  for (const image of targets.filter((target) => /\.(png|gif|jpe?g)$/.test(target))) {
    assert.ok(image.startsWith(`${repository}/raw/`), `${image} is served from the repository`);
  }
});
