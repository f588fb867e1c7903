// @ts-check
// Builds every bundle of the project: the desktop extension (node), the web extension (browser),
// the CLI, the benchmark, the webview panel script and the workers it starts from blob: URLs.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { builtinModules, createRequire } from 'node:module';
import { syncRuleRegistry } from './scripts/ruleRegistry.mjs';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
/** Minified, without source maps: what `npm run package` ships. */
const production = process.argv.includes('--production');

/**
 * esbuild leaves `import.meta` empty in CommonJS output; web-tree-sitter's ESM entry needs
 * `import.meta.url` (createRequire, locateFile), so Node bundles get it from __filename.
 * @type {Partial<esbuild.BuildOptions>}
 */
const nodeCjs = {
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  define: { 'import.meta.url': '__import_meta_url' },
  banner: { js: "const __import_meta_url = require('url').pathToFileURL(__filename).href;" },
};

/** Worker sources are bundled first and inlined as text: a webview can only start workers from blob: URLs. */
/** @type {esbuild.Plugin} */
const inlineWorkers = {
  name: 'inline-workers',
  setup(build) {
    build.onResolve({ filter: /\?worker-source$/ }, (args) => ({
      path: join(args.resolveDir, args.path.replace(/\?worker-source$/, '')),
      namespace: 'worker-source',
    }));
    build.onLoad({ filter: /.*/, namespace: 'worker-source' }, async (args) => {
      const result = await esbuild.build({
        entryPoints: [args.path],
        bundle: true,
        write: false,
        format: 'iife',
        platform: 'browser',
        target: 'es2022',
        minify: production,
      });
      return { contents: `export default ${JSON.stringify(result.outputFiles[0].text)};`, loader: 'js', watchFiles: [args.path] };
    });
  },
};

/**
 * A script compiled from V8's code cache loses its import() callback on Node 20, and web-tree-sitter and the CLI import
 * Node built-ins with import(): in dist/cliMain.cjs those calls go through `__cliImport`, which is the require() the
 * launcher passes in (src/cli/launch.ts) and a plain import() where Node loads the bundle itself (the review pool's
 * workers). Rewritten here once rather than by the launcher on every call (a regex over 1 MB of source).
 * @type {esbuild.Plugin}
 */
const launcherImports = {
  name: 'launcher-imports',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length > 0) return;
      const file = /** @type {string} */ (build.initialOptions.outfile);
      const text = readFileSync(file, 'utf8');
      const rewritten = text.replace(/\bimport\("((?:node:)?[a-z_/]+)"\)/g, (call, name) =>
        builtinModules.includes(name.replace(/^node:/, '')) ? `__cliImport(${JSON.stringify(name)})` : call);
      writeFileSync(file, rewritten);
    });
  },
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...nodeCjs, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.cjs', external: ['vscode'],
    define: { ...nodeCjs.define, __KERNEL_OFFLOAD_ENTRY__: '"dist/extension.cjs"' },
  },
  // dist/cli.cjs is a launcher that runs dist/cliMain.cjs from V8's code cache (src/cli/launch.ts).
  {
    ...nodeCjs, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cliMain.cjs', plugins: [launcherImports],
    banner: { js: `${nodeCjs.banner.js}\nconst __cliImport = typeof __launcherImport === "function" ? __launcherImport : (name) => import(name);` },
  },
  { ...nodeCjs, entryPoints: ['src/cli/launch.ts'], outfile: 'dist/cli.cjs', banner: { js: '#!/usr/bin/env node' } },
  { ...nodeCjs, entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.cjs' },
  { ...nodeCjs, entryPoints: ['src/core/copy/node/copyWorker.node.ts'], outfile: 'dist/copyWorker.cjs' },
  // The review worker, one per window: worker_threads for the desktop host, a Web Worker for the web host.
  { ...nodeCjs, entryPoints: ['src/node/reviewWorker.ts'], outfile: 'dist/reviewWorker.cjs' },
  {
    entryPoints: ['src/core/review/reviewWorker.browser.ts'], outfile: 'dist/reviewWorker.web.js', platform: 'browser', format: 'iife',
    target: 'es2022', define: { 'import.meta.url': '"file:///"' },
  },
  {
    // node:* imports sit behind a runtime check for the desktop host (src/extension/review/workerPort.ts).
    entryPoints: ['src/extension/web.ts'], outfile: 'dist/web.cjs', platform: 'browser', format: 'cjs', target: 'es2022',
    external: ['vscode', 'node:*'], define: { 'import.meta.url': '"file:///"', __KERNEL_OFFLOAD_ENTRY__: '"dist/web.cjs"' },
  },
  {
    entryPoints: ['src/webview/panel/main.ts'], outfile: 'media/build/panel.js', platform: 'browser', format: 'iife', target: 'es2022',
    plugins: [inlineWorkers],
  },
];

function copyAssets() {
  mkdirSync('dist', { recursive: true });
  mkdirSync('media/build', { recursive: true });
  cpSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), 'dist/web-tree-sitter.wasm');
  cpSync(join(dirname(require.resolve('tree-sitter-c/package.json')), 'tree-sitter-c.wasm'), 'dist/tree-sitter-c.wasm');
  // Shipped in the form the review searches in place (sorted, lower case, unique): see src/core/review/wordList.ts.
  const words = readFileSync(join(dirname(require.resolve('word-list')), 'words.txt'), 'utf8').toLowerCase().replace(/\r/g, '').split('\n');
  const sorted = [...new Set(words.filter(Boolean))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join('\n');
  // The CLI and the workers read it as latin1, which is UTF-8 only for ASCII (and twice as fast to decode).
  const nonAscii = /[\u0080-\uffff]/.exec(sorted);
  if (nonAscii) throw new Error(`esbuild: dist/words.txt must be ASCII (src/node/assets.ts reads it as latin1); found U+${nonAscii[0].codePointAt(0).toString(16)}`);
  writeFileSync('dist/words.txt', sorted);
  const codicons = join(dirname(require.resolve('@vscode/codicons/package.json')), 'dist');
  cpSync(join(codicons, 'codicon.css'), 'media/build/codicon.css');
  cpSync(join(codicons, 'codicon.ttf'), 'media/build/codicon.ttf');
}

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: /** @type {const} */ ('warning') };
/** `__KERNEL_OFFLOAD_ENTRY__` names the extension entry a bundle was built as (what the host-kind check reports). */
const placed = builds.map((options) => ({ ...options, define: { __KERNEL_OFFLOAD_ENTRY__: '"none"', ...options.define } }));
/** A production build leaves no map of an earlier dev build behind, so nothing can package one by mistake. */
function removeSourceMaps() {
  for (const dir of ['dist', 'media/build']) {
    for (const name of readdirSync(dir).filter((file) => file.endsWith('.map'))) rmSync(join(dir, name));
  }
}

// The manifest's rule settings and docs/rules/*.md follow the rule registry.
const regenerated = await syncRuleRegistry();
if (regenerated.length && process.env.CI) {
  console.warn(`esbuild: WARNING: the commit's generated files were out of date with the rule registry (regenerated now; run npm run build and commit them): ${regenerated.join(', ')}`);
} else if (regenerated.length) {
  console.log(`esbuild: regenerated from the rule registry: ${regenerated.join(', ')}`);
}
copyAssets();
if (production) removeSourceMaps();
if (watch) {
  for (const options of placed) await (await esbuild.context({ ...common, ...options })).watch();
  console.log('esbuild: watching');
} else {
  await Promise.all(placed.map((options) => esbuild.build({ ...common, ...options })));
}
