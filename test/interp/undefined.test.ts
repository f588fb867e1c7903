import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runError, runtime } from './helpers';
import { runCall } from '../../src/core/interp/runtime/runCall';
import { CRuntimeError } from '../../src/core/interp/errors';

test('NULL dereference stops at the line that dereferences', async () => {
  const e = await runError('int f(void)\n{\n\tstruct migrator *m = NULL;\n\tint x = 1;\n\treturn m->name[0] + x;\n}');
  assert.equal(e.kind, 'null-dereference');
  assert.equal(e.line, 5);
});

test('calling through a NULL function pointer is a NULL dereference', async () => {
  const e = await runError('struct migrator m;\nint f(void)\n{\n\treturn m.migrate_offc(NULL, NULL, 0);\n}');
  assert.equal(e.kind, 'null-dereference');
  assert.equal(e.line, 4);
});

test('use after kfree, double kfree, and a pointer to a dead local are caught', async () => {
  const uaf = await runError('struct migrator *p;\nint f(void)\n{\n\tp = kzalloc(sizeof(*p), GFP_KERNEL);\n\tkfree(p);\n\treturn p->name[0];\n}');
  assert.equal(uaf.kind, 'use-after-free');
  assert.equal(uaf.line, 6);
  assert.match(uaf.message, /freed at test\.c:5/);
  const twice = await runError('int f(void)\n{\n\tint *p = kmalloc(4, GFP_KERNEL);\n\tkfree(p);\n\tkfree(p);\n\treturn 0;\n}');
  assert.equal(twice.kind, 'use-after-free');
  assert.equal(twice.line, 5);
  const dangling = await runError('static int *g(void)\n{\n\tint local = 3;\n\treturn &local;\n}\nint f(void)\n{\n\tint *p = g();\n\treturn *p;\n}');
  assert.equal(dangling.kind, 'use-after-free');
  assert.equal(dangling.line, 9);
});

test('out-of-bounds: array index, pointer arithmetic, string without NUL', async () => {
  const idx = await runError('int f(void)\n{\n\tint a[4] = { 0 };\n\tint i = 4;\n\treturn a[i];\n}');
  assert.equal(idx.kind, 'out-of-bounds');
  assert.equal(idx.line, 5);
  const arith = await runError('int f(void)\n{\n\tint a[4];\n\tint *p = a + 6;\n\treturn 0;\n}');
  assert.equal(arith.kind, 'out-of-bounds');
  assert.equal(arith.line, 4);
  const write = await runError('struct migrator m;\nint f(void)\n{\n\tint i;\n\tfor (i = 0; i <= MIGRATOR_NAME_LEN; i++)\n\t\tm.name[i] = \'x\';\n\treturn 0;\n}');
  assert.equal(write.kind, 'out-of-bounds');
  assert.equal(write.line, 6);
  const unterminated = await runError('int f(void)\n{\n\tchar s[3] = { \'a\', \'b\', \'c\' };\n\tpr_info("%s\\n", s);\n\treturn 0;\n}');
  assert.equal(unterminated.kind, 'out-of-bounds');
  assert.equal(unterminated.line, 4);
});

test('reading an uninitialized local is reported; a brace initializer zeroes the rest', async () => {
  const e = await runError('int f(void)\n{\n\tint ret;\n\tint ok = 0;\n\tif (ok)\n\t\tret = 1;\n\treturn ret;\n}');
  assert.equal(e.kind, 'uninitialized-read');
  assert.equal(e.line, 7);
  assert.match(e.message, /ret/);
  const partial = await runError('int f(void)\n{\n\tstruct migrator m;\n\treturn m.owner != NULL;\n}');
  assert.equal(partial.kind, 'uninitialized-read');
  const rt = await runtime('int f(void)\n{\n\tstruct migrator m = { .name = "x" };\n\treturn m.owner != NULL;\n}');
  assert.equal(runCall(rt, 'f', []).value.k, 'int');
});

test('an endless loop is stopped by the step limit at the loop', async () => {
  const rt = await runtime('int f(void)\n{\n\tint i = 0;\n\twhile (1)\n\t\ti = 1;\n\treturn i;\n}');
  rt.interp.stepLimit = 500;
  assert.throws(() => runCall(rt, 'f', []), (e: unknown) => e instanceof CRuntimeError && e.kind === 'step-limit' && (e.loc?.line ?? 0) >= 3);
});

test('dereferencing an ERR_PTR or a list_del()-poisoned link is an invalid pointer', async () => {
  const err = await runError('int f(void)\n{\n\tstruct migrator *m = ERR_PTR(-ENOMEM);\n\treturn m->name[0];\n}');
  assert.equal(err.kind, 'invalid-pointer');
  assert.equal(err.line, 4);
  const poisoned = await runError('int f(void)\n{\n\tLIST_HEAD(h);\n\tstruct list_head e;\n\tlist_add(&e, &h);\n\tlist_del(&e);\n\treturn e.next->next == NULL;\n}');
  assert.equal(poisoned.kind, 'invalid-pointer');
  assert.equal(poisoned.line, 7);
  assert.match(poisoned.message, /0xdead000000000100/);
});

test('unbounded recursion is stopped before the JavaScript stack overflows', async () => {
  const e = await runError('static int g(int n)\n{\n\treturn g(n + 1);\n}\nint f(void)\n{\n\treturn g(0);\n}');
  assert.equal(e.kind, 'kernel');
  assert.match(e.message, /call depth/);
});
