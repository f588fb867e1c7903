import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logOf, runInt, runtime, runError } from './helpers';
import { runCall } from '../../src/core/interp/runtime/runCall';
import { unresolvedCalls } from '../../src/core/interp/unresolved';
import { CRuntimeError } from '../../src/core/interp/errors';

test('printk formats: %s %d %u %ld %lu %x %X %#x %5d %-4d| %*d %03u %c %%', async () => {
  const log = await logOf(`
void f(void)
{
	int neg = -5;
	unsigned int big = 4294967295U;
	long l = -9000000000L;
	unsigned long ul = 18446744073709551615UL;
	pr_info("%s %d %u %ld %lu\\n", "kernel", neg, big, l, ul);
	pr_info("%x %X %#x %5d %-4d| %*d %03u %c %%\\n", 255, 255, 255, 42, 7, 4, 9, 5U, 'z');
	pr_info("%d as unsigned is %u\\n", neg, neg);
}`);
  assert.deepEqual(log, [
    'kernel -5 4294967295 -9000000000 18446744073709551615',
    'ff FF 0xff    42 7   |    9 005 z %',
    '-5 as unsigned is 4294967291',
  ]);
});

test('printk pointer extensions: %pe names the errno, %px is raw, %p is hashed, %ps names a function, NULL %s', async () => {
  const log = await logOf(`
static int cb(void) { return 0; }
void f(void)
{
	void *e = ERR_PTR(-ENODEV);
	pr_err("a %pe b %pe c %px\\n", e, ERR_PTR(-EBUSY), (void *)0x1000);
	pr_info("%p %ps %s\\n", NULL, cb, (char *)NULL);
	pr_info("%p\\n", &e);
}`);
  assert.equal(log[0], 'a -ENODEV b -EBUSY c 0000000000001000');
  assert.equal(log[1], '0000000000000000 cb (null)');
  assert.match(log[2] ?? '', /^[0-9a-f]{16}$/);
  assert.notEqual(log[2], '0000000000000000');
});

test('every log line carries the C location and goes to the kernel model log with a timestamp', async () => {
  const rt = await runtime('void f(void)\n{\n\tpr_info("one\\n");\n\tpr_err("two %d\\n", 2);\n}');
  runCall(rt, 'f', []);
  assert.deepEqual(rt.interp.log.map((l) => [l.level, l.text, l.loc?.line]), [['info', 'one', 2], ['err', 'two 2', 3]]);
  assert.deepEqual(rt.k.log.lines.map((l) => l.replace(/^\[[ .0-9]+\] /, '')), ['one', 'two 2']);
});

test('atomics: read/set/inc/dec, try_cmpxchg writes the current value back on failure, cmpxchg, xchg', async () => {
  const src = `
atomic_t v = ATOMIC_INIT(5);
int f(void)
{
	int old = 1, r1, r2;
	atomic_inc(&v);
	atomic_dec(&v);
	atomic_set(&v, atomic_read(&v) + 1);
	r1 = atomic_try_cmpxchg(&v, &old, 9);
	r2 = atomic_try_cmpxchg(&v, &old, 9);
	return r1 * 100000 + r2 * 10000 + old * 1000 + atomic_cmpxchg(&v, 9, 3) * 10 + atomic_xchg(&v, 0) + atomic_read(&v);
}`;
  assert.equal(await runInt(src), 0n + 10000n + 6000n + 90n + 3n + 0n);
});

test("dispatch_to_offc is the model's atomic when the patch does not define it", async () => {
  const rt = await runtime('int f(void)\n{\n\tint zero = 0;\n\tatomic_try_cmpxchg(&dispatch_to_offc, &zero, 1);\n\treturn atomic_read(&dispatch_to_offc);\n}');
  const v = runCall(rt, 'f', []).value;
  assert.equal(v.k === 'int' && v.v, 1n);
  assert.equal(rt.interp.globals.get('dispatch_to_offc')?.storage, 'kernel');
});

test('mutex: lock/unlock pairs run; locking twice deadlocks and the model reports the self-deadlock', async () => {
  assert.equal(await runInt('static DEFINE_MUTEX(m);\nint f(void)\n{\n\tmutex_lock(&m);\n\tif (!mutex_is_locked(&m))\n\t\treturn -1;\n\tmutex_unlock(&m);\n\treturn mutex_trylock(&m);\n}'), 1n);
  const rt = await runtime('static DEFINE_MUTEX(m);\nint f(void)\n{\n\tmutex_lock(&m);\n\tmutex_lock(&m);\n\treturn 0;\n}');
  assert.throws(() => runCall(rt, 'f', []), /never returned/);
  assert.ok(rt.k.trace.violations.some((v) => v.invariant === 'mutex-discipline'));
});

test('SRCU: read sections, synchronize_srcu waits a grace period, call_srcu runs the C callback, double queueing is caught', async () => {
  const src = `
DEFINE_SRCU(s);
static struct rcu_head head;
static int ran;
static void cb(struct rcu_head *h) { ran++; }
int f(void)
{
	int idx = srcu_read_lock(&s);
	srcu_read_unlock(&s, idx);
	synchronize_srcu(&s);
	call_srcu(&s, &head, cb);
	srcu_barrier(&s);
	return ran * 10 + (head.func == cb);
}
int twice(void)
{
	call_srcu(&s, &head, cb);
	call_srcu(&s, &head, cb);
	srcu_barrier(&s);
	return ran;
}`;
  const rt = await runtime(src);
  const out = runCall(rt, 'f', []);
  assert.equal(out.value.k === 'int' && out.value.v, 11n);
  assert.ok(out.elapsedNs >= rt.k.timings.srcuGracePeriodNs * 2, 'two grace periods of virtual time');
  runCall(rt, 'twice', []);
  assert.ok(rt.k.trace.violations.some((v) => v.invariant === 'rcu-head-queued-once'));
});

test('module references: try_module_get/module_put on the model module; NULL owner is built-in code', async () => {
  const rt = await runtime('int get(struct migrator *m)\n{\n\treturn try_module_get(m->owner) * 10 + try_module_get(NULL);\n}\nvoid put(struct migrator *m)\n{\n\tmodule_put(m->owner);\n\tmodule_put(NULL);\n}');
  const mod = rt.k.module('dcbm');
  const m = rt.migratorObject({ name: 'DCBM', kind: 'dcbm', owner: mod, running: 0, copy: () => { throw new Error('not called'); } });
  const got = runCall(rt, 'get', [m]).value;
  assert.equal(got.k === 'int' && got.v, 11n);
  assert.equal(mod.refcount, 1);
  runCall(rt, 'put', [m]);
  assert.equal(mod.refcount, 0);
  runCall(rt, 'put', [m]);
  assert.ok(rt.k.trace.violations.some((v) => v.invariant === 'module-refcount'), 'a put below zero is a violation of the model');
});

test('static calls: DEFINE_STATIC_CALL, static_call_update retargets static_call()', async () => {
  const src = `
static int one(int x) { return x + 1; }
static int two(int x) { return x + 2; }
DEFINE_STATIC_CALL(op, one);
int f(void)
{
	int a = static_call(op)(10);
	static_call_update(op, two);
	return a * 100 + static_call(op)(10);
}`;
  assert.equal(await runInt(src), 1112n);
});

test('strings and memory: strlen, strcmp, memset, memcpy of a struct, kzalloc zeroes, kfree', async () => {
  const src = `
struct pair { int a; int b; };
int f(void)
{
	struct pair x = { 1, 2 }, y;
	struct pair *p = kzalloc(sizeof(*p), GFP_KERNEL);
	char buf[8];
	int r;
	memset(buf, 0, sizeof(buf));
	memcpy(&y, &x, sizeof(y));
	r = y.b * 1000 + p->a * 100 + strlen("abc") * 10 + (strcmp("a", "b") < 0) + strlen(buf);
	kfree(p);
	return r;
}`;
  assert.equal(await runInt(src), 2031n);
});

test('an unknown function is reported by name and line; a stub supplies its return value', async () => {
  const src = 'int f(void)\n{\n\tint ret = offc_register_thing(3);\n\treturn ret + 1;\n}';
  const stopped = await runError(src);
  assert.equal(stopped.kind, 'unknown-function');
  assert.equal(stopped.line, 3);
  assert.match(stopped.message, /offc_register_thing/);
  const rt = await runtime(src, { offc_register_thing: -22 });
  assert.deepEqual(unresolvedCalls(rt.interp).map((c) => [c.name, c.at, c.caller]), [['offc_register_thing', 'test.c:3', 'f']]);
  const v = runCall(rt, 'f', []).value;
  assert.equal(v.k === 'int' && v.v, -21n);
  assert.deepEqual(rt.interp.unknownCalls.map((c) => c.name), ['offc_register_thing']);
  assert.ok(!(unresolvedCalls(rt.interp).some((c) => c.name === 'offc_update_migrator')));
  assert.ok(CRuntimeError);
});
