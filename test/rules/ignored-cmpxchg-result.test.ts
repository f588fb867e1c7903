import { test } from 'node:test';
import assert from 'node:assert/strict';
import { covered, findingsOf, fixture } from '../review/helpers';

const rule = 'ignored-cmpxchg-result';

const inFunction = (...body: string[]) => ['int f(void)', '{', '\tint o = 0;', ...body.map((line) => `\t${line}`), '\treturn 0;', '}', ''].join('\n');

test('on the seed: both bare atomic_try_cmpxchg calls, whose expected value is never read again', async () => {
  const seed = fixture('seed-reply.txt');
  const findings = await findingsOf(rule, seed);
  assert.deepEqual(findings.map((finding) => covered(seed, finding.range)), [
    'atomic_try_cmpxchg(&dispatch_to_offc, &old, 1)',
    'atomic_try_cmpxchg(&dispatch_to_offc, &old, 0)',
  ]);
  assert.match(findings[0]!.message, /'old' is not read again/);
});

test('every try_ width and ordering as a bare statement with a dead expected value is flagged', async () => {
  for (const call of ['try_cmpxchg(&x, &o, 1)', 'atomic64_try_cmpxchg(&v, &o, 1)', 'atomic_long_try_cmpxchg_relaxed(&v, &o, 1)',
    'raw_atomic_try_cmpxchg_acquire(&v, &o, 1)']) {
    const findings = await findingsOf(rule, inFunction(`${call};`));
    assert.equal(findings.length, 1, call);
  }
});

test('what a maintainer accepts passes: plain cmpxchg dropped on purpose, loops, a read expected value, used results', async () => {
  for (const body of [
    ['cmpxchg(&owner, current, NULL);'],
    ['atomic_cmpxchg(&v, 0, 1);'],
    ['do {', '\tn = o + 1;', '} while (!atomic_try_cmpxchg(&v, &o, n));'],
    ['for (;;) {', '\tatomic_try_cmpxchg(&v, &o, o + 1);', '\tif (o > 3)', '\t\tbreak;', '}'],
    ['atomic_try_cmpxchg(&v, &o, 1);', 'pr_info("was %d\\n", o);'],
    ['if (!atomic_try_cmpxchg(&v, &o, 1))', '\treturn -EBUSY;'],
    ['old = cmpxchg(&x, 0, 1);'],
  ]) {
    assert.deepEqual(await findingsOf(rule, inFunction(...body)), [], body.join(' '));
  }
});

test('a call on a context line of a patch is not judged', async () => {
  assert.deepEqual(await findingsOf(rule, fixture('modify.patch')), []);
});
