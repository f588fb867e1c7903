import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KernelModel, delay, printkStamp, type Task } from '../../src/core/sim/index';

function model(): KernelModel {
  return new KernelModel(7);
}

function run(k: KernelModel): void {
  while (k.engine.step());
}

test('engine runs threads in virtual-time order, ties in spawn order', () => {
  const k = model();
  const order: string[] = [];
  k.spawn('b', (function* () { yield delay(10); order.push('b@10'); })());
  k.spawn('a', (function* () { yield delay(5); order.push('a@5'); yield delay(5); order.push('a@10'); })());
  k.spawn('c', (function* () { order.push('c@0'); yield delay(0); })());
  run(k);
  assert.deepEqual(order, ['c@0', 'a@5', 'b@10', 'a@10']);
  assert.equal(k.now, 10);
});

test('mutex: one owner at a time, FIFO hand-over', () => {
  const k = model();
  const m = k.mutex('migrator_mut');
  const log: string[] = [];
  const worker = (name: string): Task => (function* () {
    yield* m.lock();
    log.push(`${name} in @${k.now}`);
    yield delay(100);
    log.push(`${name} out @${k.now}`);
    m.unlock();
  })();
  k.spawn('t1', worker('t1'));
  k.spawn('t2', worker('t2'));
  k.spawn('t3', worker('t3'));
  run(k);
  assert.deepEqual(log, ['t1 in @0', 't1 out @100', 't2 in @100', 't2 out @200', 't3 in @200', 't3 out @300']);
  assert.equal(k.trace.violations.length, 0);
});

test('mutex: unlocking a mutex someone else holds is a violation', () => {
  const k = model();
  const m = k.mutex('migratecfg_mutex');
  k.spawn('owner', (function* () { yield* m.lock(); yield delay(50); })());
  k.spawn('thief', (function* () { yield delay(10); m.unlock(); })());
  run(k);
  assert.equal(k.trace.violations[0]?.invariant, 'mutex-discipline');
});

test('SRCU: synchronize waits for readers that were inside, not for later ones', () => {
  const k = model();
  const srcu = k.srcu('mig_srcu');
  let gpEnd = -1;
  k.spawn('reader1', (function* () { const i = srcu.readLock(); yield delay(1_000_000); srcu.readUnlock(i); })());
  k.spawn('writer', (function* () { yield delay(10); yield* srcu.synchronize(); gpEnd = k.now; })());
  k.spawn('reader2', (function* () { yield delay(20); const i = srcu.readLock(); yield delay(5_000_000); srcu.readUnlock(i); })());
  run(k);
  assert.equal(gpEnd, 1_000_000);
});

test('SRCU: an rcu_head queued again before its callback ran is reported; barrier waits for callbacks', () => {
  const k = model();
  const srcu = k.srcu('mig_srcu');
  const head = k.rcuHead('migrator.srcu_head');
  let invoked = 0;
  let barrierDone = -1;
  k.spawn('w1', (function* () {
    srcu.callSrcu(head, 'srcu_mig_cb', () => invoked++);
    yield* srcu.barrier();
    barrierDone = k.now;
  })());
  k.spawn('w2', (function* () { yield delay(10); srcu.callSrcu(head, 'srcu_mig_cb', () => invoked++); })());
  run(k);
  assert.equal(invoked, 1);
  assert.equal(barrierDone, k.timings.srcuGracePeriodNs);
  assert.deepEqual(k.trace.violations.map((v) => v.invariant), ['rcu-head-queued-once']);
  // After the callback ran, the head may be queued again.
  const k2 = model();
  const s2 = k2.srcu('s');
  const h2 = k2.rcuHead('h');
  k2.spawn('w', (function* () { s2.callSrcu(h2, 'cb', () => {}); yield* s2.barrier(); s2.callSrcu(h2, 'cb', () => {}); yield* s2.barrier(); })());
  run(k2);
  assert.equal(k2.trace.violations.length, 0);
});

test('module: unload refused while referenced; freeing it while its code runs is reported', () => {
  const k = model();
  const mod = k.module('dcbm');
  const results: number[] = [];
  k.spawn('user', (function* () {
    assert.equal(mod.tryGet(), true);
    results.push(yield* mod.unload(function* () {}));
    mod.put();
  })());
  run(k);
  assert.deepEqual(results, [-16]);
  assert.equal(mod.state, 'live');

  k.spawn('copier', (function* () { mod.enter(); yield delay(1000); mod.leave(); })());
  k.spawn('rmmod', (function* () { yield delay(10); results.push(yield* mod.unload(function* () {})); })());
  run(k);
  assert.equal(results[1], 0);
  assert.equal(mod.state, 'freed');
  assert.ok(k.trace.violations.some((v) => v.invariant === 'module-code-alive'));
  assert.equal(mod.tryGet(), false);
});

test('module: refcount below zero is reported', () => {
  const k = model();
  k.module('mtcopy').put();
  assert.equal(k.trace.violations[0]?.invariant, 'module-refcount');
});

test('static call: update retargets later queries', () => {
  const k = model();
  const sc = k.staticCall('_folios_copy', 'folios_mc_copy', (t) => t);
  assert.equal(sc.query(), 'folios_mc_copy');
  sc.update('folios_copy_dma');
  assert.equal(sc.query(), 'folios_copy_dma');
  assert.ok(k.trace.events.some((e) => e.kind === 'static_call_update' && e.detail.includes('folios_copy_dma')));
});

test('printk: virtual timestamps in the kernel format; the log caps and summarises', () => {
  assert.equal(printkStamp(123_000), '[    0.000123]');
  assert.equal(printkStamp(12_345_678_901), '[   12.345678]');
  const k = new KernelModel(1, undefined, { maxLogLines: 2, maxEvents: 100 });
  k.log.info('a');
  k.log.info('b');
  k.log.info('c');
  assert.deepEqual(k.log.finish(), ['[    0.000000] a', '[    0.000000] b', '[    0.000000] sim: 1 further log lines summarised (log cap reached)']);
});
