import { test } from 'node:test';
import assert from 'node:assert/strict';
import { covered, findingsOf, fixture } from '../review/helpers';

const rule = 'ignored-cmpxchg-result';

test('on the seed: both bare atomic_try_cmpxchg calls', async () => {
  const seed = fixture('seed-reply.txt');
  const findings = await findingsOf(rule, seed);
  assert.deepEqual(findings.map((finding) => covered(seed, finding.range)), [
    'atomic_try_cmpxchg(&dispatch_to_offc, &offloading, 1)',
    'atomic_try_cmpxchg(&dispatch_to_offc, &offloading, 0)',
  ]);
});

test('the whole family as a bare statement is flagged', async () => {
  for (const call of ['cmpxchg(&x, 0, 1)', 'try_cmpxchg(&x, &o, 1)', 'atomic_cmpxchg(&v, 0, 1)', 'atomic64_try_cmpxchg(&v, &o, 1)',
    'atomic_long_cmpxchg_relaxed(&v, 0, 1)', 'cmpxchg64(&x, 0, 1)']) {
    const findings = await findingsOf(rule, `void f(void)\n{\n\t${call};\n}\n`);
    assert.equal(findings.length, 1, call);
    assert.match(findings[0]!.message, /is dropped/);
  }
});

test('results that are used, and unrelated calls, pass', async () => {
  const code = [
    'int f(void)',
    '{',
    '\tif (!atomic_try_cmpxchg(&v, &o, 1))',
    '\t\treturn -EBUSY;',
    '\told = cmpxchg(&x, 0, 1);',
    '\tatomic_set(&v, 1);',
    '\txchg_helper(&v);',
    '\treturn atomic_cmpxchg(&v, 0, 1);',
    '}',
    '',
  ].join('\n');
  assert.deepEqual(await findingsOf(rule, code), []);
});

test('a call on a context line of a patch is not judged', async () => {
  assert.deepEqual(await findingsOf(rule, fixture('modify.patch')), []);
});
