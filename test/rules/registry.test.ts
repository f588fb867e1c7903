// Everything a rule implies outside its module, checked for every rule of the registry: adding a rule is its
// module, its test file test/rules/<id>.test.ts and one line in src/core/review/rules/index.ts; the build
// (scripts/ruleRegistry.mjs) derives the manifest's settings and docs/rules/<id>.md from the module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_URL, ruleDocumentation, ruleIndex, ruleSettingSchema } from '../../src/core/review/ruleDoc';
import { allRules } from '../../src/core/review/rules';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const rebuild = 'run `npm run build` (it regenerates them from the registry) and commit the result';

test('rule ids are unique kebab-case names, each rule titled on one line and documented with a reason', () => {
  const ids = allRules.map((rule) => rule.id);
  assert.equal(new Set(ids).size, ids.length, `duplicate ids: ${ids.join(', ')}`);
  for (const rule of allRules) {
    assert.match(rule.id, /^[a-z]+(-[a-z0-9]+)*$/, rule.id);
    assert.ok(rule.title.length > 0 && !rule.title.includes('\n'), `${rule.id}: one-line title`);
    assert.ok(['error', 'warning', 'info', 'hint'].includes(rule.defaultSeverity), `${rule.id}: default severity`);
    assert.match(rule.rationale, /\.rst|\.txt|checkpatch/, `${rule.id}: the rationale cites the kernel's documents or checkpatch`);
  }
});

test('every rule has its own test file test/rules/<id>.test.ts', () => {
  const missing = allRules.filter((rule) => !existsSync(join('test', 'rules', `${rule.id}.test.ts`))).map((rule) => rule.id);
  assert.deepEqual(missing, [], 'rules without a test file');
});

test('the manifest\'s kernelOffload.rules settings are generated from the registry, in its order', () => {
  const setting = manifest.contributes.configuration.properties['kernelOffload.rules'];
  assert.deepEqual(Object.keys(setting.properties), allRules.map((rule) => rule.id), `package.json lists other rules than the registry: ${rebuild}`);
  for (const rule of allRules) {
    assert.deepEqual(setting.properties[rule.id], ruleSettingSchema(rule), `package.json's entry for ${rule.id} is out of date: ${rebuild}`);
  }
  assert.equal(setting.additionalProperties, false, 'an unknown rule id in settings.json is flagged by VS Code');
});

test('docs/rules holds exactly one generated page per rule and the index', () => {
  const pages = readdirSync(join('docs', 'rules')).sort();
  assert.deepEqual(pages, [...allRules.map((rule) => `${rule.id}.md`), 'README.md'].sort(), `docs/rules does not match the registry: ${rebuild}`);
  for (const rule of allRules) {
    assert.equal(readFileSync(join('docs', 'rules', `${rule.id}.md`), 'utf8'), ruleDocumentation(rule), `docs/rules/${rule.id}.md is out of date: ${rebuild}`);
  }
  assert.equal(readFileSync(join('docs', 'rules', 'README.md'), 'utf8'), ruleIndex(allRules), `docs/rules/README.md is out of date: ${rebuild}`);
});

test('the rule pages\' links point at this project\'s repository', () => {
  assert.equal(manifest.repository.url.replace(/\.git$/, ''), REPOSITORY_URL);
  for (const rule of allRules) assert.ok(ruleSettingSchema(rule).markdownDescription.includes(`${REPOSITORY_URL}/blob/main/docs/rules/${rule.id}.md`));
});

test('a rule page says what the rule is, why, and how to turn it off', () => {
  const rule = allRules.find((candidate) => candidate.id === 'redundant-initializer');
  assert.ok(rule, 'redundant-initializer is registered');
  const page = ruleDocumentation(rule);
  assert.match(page, /^# `redundant-initializer`\n/);
  assert.ok(page.includes(rule.rationale.trim()), 'the page carries the rationale');
  assert.match(page, /"kernelOffload\.rules": \{ "redundant-initializer": "off" \}/);
  assert.match(page, new RegExp(`Default severity: \`${rule.defaultSeverity}\``));
});
