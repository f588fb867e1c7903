import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runScenario, type Protocol, type ScheduledOp } from '../../src/core/sim/index';

/** Random interleavings of sysfs writes and rmmod from three shells, racing one migration. */
const opArb: fc.Arbitrary<ScheduledOp> = fc.record({
  at: fc.integer({ min: 0, max: 3_000_000 }),
  op: fc.constantFrom<'enable' | 'disable' | 'unload'>('enable', 'disable', 'unload'),
  provider: fc.constantFrom<'dcbm' | 'mtcopy'>('dcbm', 'mtcopy'),
  actor: fc.constantFrom('sh0', 'sh1', 'sh2'),
});

const scheduleArb = fc.record({
  ops: fc.array(opArb, { minLength: 0, maxLength: 6 }),
  migrateAt: fc.integer({ min: 0, max: 2_000_000 }),
  count: fc.integer({ min: 1, max: 24 }),
  seed: fc.integer({ min: 1, max: 1000 }),
});

type Schedule = typeof scheduleArb extends fc.Arbitrary<infer T> ? T : never;

function run(protocol: Protocol, s: Schedule) {
  const schedule: ScheduledOp[] = [...s.ops, { at: s.migrateAt, op: 'migrate', count: s.count, actor: 'migrate' }];
  return runScenario({ scenario: 'plain', protocol, provider: 'dcbm', providers: ['dcbm', 'mtcopy'], schedule, seed: s.seed, eagainRate: 0.02 });
}

/** Issue 16's bar: ten thousand random interleavings of the fixed protocol, every one holding. */
const INTERLEAVINGS = Number(process.env.KERNEL_OFFLOAD_INTERLEAVINGS ?? 10_000);

test(`fixed protocol: ${INTERLEAVINGS} interleavings of start/stop/unload/migrate break no invariant`, () => {
  fc.assert(
    fc.property(scheduleArb, (s) => {
      const r = run('fixed', s);
      assert.equal(r.verdict, 'held', r.violations.map((v) => `${v.invariant}: ${v.message}`).join('; '));
      assert.equal(r.stats.succeeded + r.stats.failed, s.count);
    }),
    { numRuns: INTERLEAVINGS, seed: 4242 },
  );
});

test('V3 protocol: a violating interleaving is found and shrunk to a minimal schedule', () => {
  const out = fc.check(fc.property(scheduleArb, (s) => run('v3', s).verdict === 'held'), { numRuns: 300, seed: 4242 });
  assert.equal(out.failed, true, 'V3 must have a violating schedule');
  const [minimal] = out.counterexample!;
  // Two sysfs writes suffice: enable one provider, then the other (the first one's flag stays 1).
  assert.equal(minimal.ops.length, 2, JSON.stringify(minimal));
  assert.deepEqual(new Set(minimal.ops.map((o) => o.op)), new Set(['enable']));
  const replay = run('v3', minimal);
  assert.equal(replay.verdict, 'violated');
  assert.ok(replay.violations.some((v) => v.invariant === 'provider-state-consistent'));
});

test('V3 protocol: a schedule that needs a copy in flight (unload race) is found too', () => {
  // Restrict to one provider so the only way to fail is the unload/quiesce race, not the replace defect.
  const single = fc.record({
    ops: fc.array(fc.record({ at: fc.integer({ min: 0, max: 400_000 }), op: fc.constantFrom<'enable' | 'disable' | 'unload'>('enable', 'disable', 'unload'), provider: fc.constant<'dcbm'>('dcbm'), actor: fc.constantFrom('sh0', 'sh1') }), { maxLength: 5 }),
    migrateAt: fc.integer({ min: 0, max: 200_000 }),
    count: fc.integer({ min: 1, max: 24 }),
    seed: fc.integer({ min: 1, max: 1000 }),
  });
  const out = fc.check(fc.property(single, (s) => run('v3', s).verdict === 'held'), { numRuns: 500, seed: 7 });
  assert.equal(out.failed, true);
  const [minimal] = out.counterexample!;
  const replay = run('v3', minimal);
  const names = new Set(replay.violations.map((v) => v.invariant));
  assert.ok(names.has('old-callback-quiesced') || names.has('module-code-alive'), [...names].join(','));
  assert.ok(minimal.ops.length <= 3, JSON.stringify(minimal.ops));
  assert.equal(run('fixed', minimal).verdict, 'held');
});

test('V4 and V5: no interleaving of start/stop/unload/migrate breaks an invariant either', () => {
  for (const protocol of ['v4', 'v5'] as const) {
    fc.assert(
      fc.property(scheduleArb, (s) => {
        const r = run(protocol, s);
        assert.equal(r.verdict, 'held', `${protocol}: ${r.violations.map((v) => `${v.invariant}: ${v.message}`).join('; ')}`);
        assert.equal(r.stats.succeeded + r.stats.failed, s.count);
      }),
      { numRuns: 60, seed: 4243 },
    );
  }
});
