import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReviewSession } from '../../src/core/review/engine';
import { nodeReviewEngine } from '../../src/node/reviewEngine';

const fn = [
  'int probe(int x)',
  '{',
  '\tint ret = 0;',
  '',
  '\tret = setup(x);',
  '\treturn ret;',
  '}',
].join('\n');

test('an edit elsewhere that changes a unit-wide fact re-judges untouched declarations (no stale finding is reused)', async () => {
  const engine = await nodeReviewEngine();
  const session = createReviewSession();
  const rules = { 'unused-initial-value': 'warning' as const };
  const before = engine.review(`${fn}\n`, { fileName: 'a.c', session, rules });
  assert.equal(before.findings.filter((f) => f.rule === 'unused-initial-value').length, 1);
  // A macro of the file that names the variable may read it: the function's text did not change, its verdict does.
  const withMacro = `#define SETUP_OR_KEEP(x) (ret ? ret : setup(x))\n${fn}\n`;
  const after = engine.review(withMacro, { fileName: 'a.c', session, rules });
  const fresh = engine.review(withMacro, { fileName: 'a.c', rules });
  assert.deepEqual(after.findings.map((f) => f.rule), fresh.findings.map((f) => f.rule), 'the session agrees with a fresh review');
  assert.equal(after.findings.filter((f) => f.rule === 'unused-initial-value').length, 0);
  session.dispose();
});
