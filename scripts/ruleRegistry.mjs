// Build step: what the rule registry (src/core/review/rules/index.ts) implies outside the code, derived from it so a
// new rule is one module, one test and one registry line: the rule entries of `kernelOffload.rules` in
// package.json and the pages docs/rules/<id>.md (the target of each diagnostic's code link).
// The build rewrites what is out of date. With CI set it still does (a stale page must not stop the product from
// building) but says loudly which committed files were stale; test/rules/registry.test.ts checks the committed
// files against the sources whenever the unit tests run without a build before them.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import process from 'node:process';

const root = resolve(import.meta.dirname, '..');

/** The registry and the page/schema builders, bundled from TypeScript for this plain-Node script. */
async function loadRegistry() {
  const result = await esbuild.build({
    stdin: {
      contents: "export { allRules } from './src/core/review/rules'; export * from './src/core/review/ruleDoc';",
      resolveDir: root, loader: 'ts', sourcefile: 'rule-registry.ts',
    },
    bundle: true, format: 'esm', platform: 'node', target: 'node20', write: false, logLevel: 'warning',
  });
  const dir = mkdtempSync(join(tmpdir(), 'kernel-offload-rules-'));
  try {
    const file = join(dir, 'registry.mjs');
    writeFileSync(file, result.outputFiles[0].text);
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every generated file with its wanted content; package.json is rewritten only when its rule entries differ. */
function wantedFiles(registry) {
  const { allRules, ruleDocumentation, ruleIndex, ruleSettingSchema } = registry;
  const files = new Map(allRules.map((rule) => [join('docs', 'rules', `${rule.id}.md`), ruleDocumentation(rule)]));
  files.set(join('docs', 'rules', 'README.md'), ruleIndex(allRules));
  const manifestText = readFileSync(join(root, 'package.json'), 'utf8');
  const manifest = JSON.parse(manifestText);
  const setting = manifest.contributes.configuration.properties['kernelOffload.rules'];
  const wanted = Object.fromEntries(allRules.map((rule) => [rule.id, ruleSettingSchema(rule)]));
  if (JSON.stringify(setting.properties) !== JSON.stringify(wanted)) {
    setting.properties = wanted;
    files.set('package.json', JSON.stringify(manifest, null, 2) + '\n');
  }
  return files;
}

/** Writes (or, with `check`, only lists) the generated files that are out of date; returns their paths. */
export async function syncRuleRegistry({ check = false } = {}) {
  const files = wantedFiles(await loadRegistry());
  const stale = [...files].filter(([path, text]) => !existsSync(join(root, path)) || readFileSync(join(root, path), 'utf8') !== text);
  const pages = new Set([...files.keys()].filter((path) => path.startsWith(join('docs', 'rules'))));
  const orphans = existsSync(join(root, 'docs', 'rules'))
    ? readdirSync(join(root, 'docs', 'rules')).map((name) => join('docs', 'rules', name)).filter((path) => !pages.has(path))
    : [];
  if (check) {
    const wrong = [...stale.map(([path]) => path), ...orphans];
    if (wrong.length) {
      throw new Error(`the rule registry changed but these generated files were not rebuilt: ${wrong.join(', ')} (run npm run build and commit them)`);
    }
    return [];
  }
  mkdirSync(join(root, 'docs', 'rules'), { recursive: true });
  for (const [path, text] of stale) writeFileSync(join(root, path), text);
  for (const path of orphans) rmSync(join(root, path));
  return [...stale.map(([path]) => path), ...orphans];
}
