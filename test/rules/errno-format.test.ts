import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFirstFix, covered, findingsOf, fixture, parsesCleanly } from '../review/helpers';

const rule = 'errno-format';

test('on the seed: both %d with err on the next line; the fix edits both lines of the quoted patch', async () => {
  const seed = fixture('seed-reply.txt');
  const findings = await findingsOf(rule, seed);
  assert.equal(findings.length, 2);
  assert.equal(covered(seed, findings[0]!.range), '%d');
  assert.equal(covered(seed, findings[0]!.related![0]!.range), 'err');
  const fixed = applyFirstFix(seed, findings[0]);
  assert.ok(fixed.includes('> + pr_err("could not hand migration copies to %s: %pe\\n",\n> + m->name, ERR_PTR(err));'));
});

test('identifiers named like error codes, -E constants and PTR_ERR() are caught; the fix is correct C', async () => {
  const code = [
    'void f(struct device *dev, void *p, int err, long rc)',
    '{',
    '\tdev_err(dev, "probe failed: %d\\n", err);',
    '\tpr_warn("map %s: %ld\\n", name, rc);',
    '\tpr_err("no memory: %d\\n", -ENOMEM);',
    '\tpr_err("bad ptr %d\\n", PTR_ERR(p));',
    '}',
    '',
  ].join('\n');
  const findings = await findingsOf(rule, code);
  assert.deepEqual(findings.map((finding) => finding.fixes?.[0]?.edits.map((edit) => edit.newText)), [
    ['%pe', 'ERR_PTR(err)'], ['%pe', 'ERR_PTR(rc)'], ['%pe', 'ERR_PTR(-ENOMEM)'], ['%pe', 'p'],
  ]);
  let fixed = code;
  for (const finding of [...findings].reverse()) fixed = applyFirstFix(fixed, finding);
  assert.ok(fixed.includes('dev_err(dev, "probe failed: %pe\\n", ERR_PTR(err));'));
  assert.ok(fixed.includes('pr_err("bad ptr %pe\\n", p);'));
  assert.ok(await parsesCleanly(fixed));
});

test('width stars and concatenated formats keep arguments in step', async () => {
  const code = 'void f(void)\n{\n\tpr_err("%*s " "failed %d\\n", width, name, ret);\n}\n';
  const [finding] = await findingsOf(rule, code);
  assert.equal(covered(code, finding!.range), '%d');
  assert.equal(covered(code, finding!.related![0]!.range), 'ret');
});

test('non-error values, %pe already, %u and plain counters pass', async () => {
  const code = [
    'void f(void)',
    '{',
    '\tpr_err("count %d\\n", count);',
    '\tpr_err("failed %pe\\n", ERR_PTR(ret));',
    '\tpr_info("ret %u\\n", ret_count);',
    '\tpr_err("%s %d\\n", err_name, nr);',
    '\tsnprintf(buf, 8, "%d", ret);',
    '}',
    '',
  ].join('\n');
  assert.deepEqual(await findingsOf(rule, code), []);
});
