import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFirstFix, covered, findingsOf, parsesCleanly } from '../review/helpers';

const rule = 'unused-initial-value';

/** One function around `body` (tab-indented lines); the names it reports. */
async function reported(body: string[], head = 'int f(struct dev *d, int x)'): Promise<string[]> {
  const code = `${head}\n{\n${body.map((line) => `\t${line}`).join('\n')}\n}\n`;
  return (await findingsOf(rule, code)).map((finding) => /'(\w+)'/.exec(finding.message)?.[1] ?? '?');
}

test('int ret = 0 overwritten before every read: clang-style message, range on the initializer, fix removes it', async () => {
  const code = 'int f(struct dev *d)\n{\n\tint ret = 0;\n\n\tret = dev_start(d);\n\tif (ret)\n\t\treturn ret;\n\treturn dev_wait(d);\n}\n';
  const [finding, ...rest] = await findingsOf(rule, code);
  assert.equal(rest.length, 0);
  assert.equal(finding!.message, "value stored to 'ret' during its initialization is never read: every path assigns it first");
  assert.equal(covered(code, finding!.range), '= 0');
  assert.deepEqual(finding!.tags, ['unnecessary']);
  assert.equal(finding!.related?.length, 1);
  const fixed = applyFirstFix(code, finding);
  assert.equal(fixed, code.replace('int ret = 0;', 'int ret;'));
  assert.ok(await parsesCleanly(fixed));
});

test('a path that reads the initial value means no finding: goto, a branch without assignment, early exits', async () => {
  assert.deepEqual(await reported(['int ret = -ENOMEM;', 'char *p;', 'p = kmalloc(8, GFP_KERNEL);', 'if (!p)', '\tgoto out;',
    'ret = use(p);', 'out:', 'return ret;']), []);
  assert.deepEqual(await reported(['int ret = 0;', 'if (x)', '\tret = foo();', 'return ret;']), []);
  assert.deepEqual(await reported(['int ret = 0;', 'if (x)', '\tret = foo();', 'else', '\tret = bar();', 'return ret;']), ['ret']);
  // A return before the read leaves no path with the initial value to the read.
  assert.deepEqual(await reported(['int ret = 0;', 'if (!x)', '\treturn -EINVAL;', 'ret = foo();', 'return ret;']), ['ret']);
});

test('switch: every case including default assigns, or a missing default keeps the value, or fallthrough reads it', async () => {
  assert.deepEqual(await reported(['int ret = 0;', 'switch (x) {', 'case 1:', '\tret = foo();', '\tbreak;', 'default:',
    '\tret = bar();', '}', 'return ret;']), ['ret']);
  assert.deepEqual(await reported(['int ret = 0;', 'switch (x) {', 'case 1:', '\tret = foo();', '\tbreak;', 'case 2:',
    '\tret = bar();', '}', 'return ret;']), []);
  assert.deepEqual(await reported(['int ret = 0;', 'switch (x) {', 'case 1:', '\tret += 1;', '\tfallthrough;', 'default:',
    '\tret = bar();', '}', 'return ret;']), []);
});

test('loops: a body that may not run keeps the value; a do-while body and for(;;) always run once', async () => {
  assert.deepEqual(await reported(['int i = 0, n = 0;', 'for (i = 0; i < x; i++)', '\tn += i;', 'return n;']), ['i']);
  assert.deepEqual(await reported(['int v = 0;', 'while (x--)', '\tv = foo();', 'return v;']), []);
  assert.deepEqual(await reported(['int v = 0;', 'do {', '\tv = foo();', '} while (v == -EAGAIN);', 'return v;']), ['v']);
  assert.deepEqual(await reported(['int err = 0;', 'for (;;) {', '\terr = step(d);', '\tif (err)', '\t\tbreak;', '}', 'return err;']), ['err']);
  // A value read on the next round of the loop is read.
  assert.deepEqual(await reported(['int last = 0;', 'while (x--) {', '\tuse(last);', '\tlast = x;', '}', 'return 0;']), []);
});

test('reads: compound assignment, increment, address taken, calls and conditions; sizeof is not a read', async () => {
  for (const read of ['ret += foo();', 'ret++;', 'take(&ret);', 'log(ret);', 'if (ret) return 1;', 'ret = ret * 2;']) {
    assert.deepEqual(await reported(['int ret = 0;', read, 'ret = foo();', 'return ret;']), [], read);
  }
  assert.deepEqual(await reported(['int ret = 0;', 'memset(d, 0, sizeof(ret));', 'ret = foo();', 'return ret;']), ['ret']);
  // An assignment in a condition kills; one in a branch of `&&` or `?:` may not run.
  assert.deepEqual(await reported(['int ret = 0;', 'if ((ret = foo()) < 0)', '\treturn ret;', 'return ret + 1;']), ['ret']);
  assert.deepEqual(await reported(['int ret = 0;', 'if (x && (ret = foo()))', '\treturn 1;', 'return ret;']), []);
  assert.deepEqual(await reported(['int ret = 0;', 'x ? (ret = foo()) : 0;', 'return ret;']), []);
});

test('macros that may hide a read, a return or a goto mean no finding', async () => {
  // A loop macro's body may not run.
  assert.deepEqual(await reported(['struct item *p;', 'int ret = 0;', 'list_for_each_entry(p, &d->items, node) {',
    '\tret = visit(p);', '}', 'return ret;']), []);
  // A comment between a loop macro and its body does not make the body unconditional.
  assert.deepEqual(await reported(['struct item *p;', 'int ret = 0;', 'list_for_each_entry(p, &d->items, node) /* all */',
    '\tret = visit(p);', 'return ret;']), []);
  // A one-argument loop macro and its block (tree-sitter reads them as a nested function): a goto out of it keeps the value.
  assert.deepEqual(await reported(['int ret = 0;', 'for_each_sched_entity(se) {', '\tif (x)', '\t\tgoto out;', '}', 'ret = 1;', 'out:',
    'return ret;']), []);
  assert.deepEqual(await reported(['int ret = 0;', 'for_each_sched_entity(se) {', '\tuse(se);', '}', 'ret = 1;', 'return ret;']), ['ret']);
  // An upper-case macro in a function with labels may jump to one; a call naming a label may too.
  assert.deepEqual(await reported(['int ret = 0;', 'CHECK_OR_GOTO(x);', 'ret = foo();', 'return ret;', 'out:', 'return ret;']), []);
  assert.deepEqual(await reported(['int ret = 0;', 'unsafe_get_user(x, &d->x, out);', 'ret = foo();', 'return ret;', 'out:',
    'return ret;']), []);
  // A macro of the file that names the variable.
  const withMacro = '#define BAIL() do { if (ret) return ret; } while (0)\nint f(int x)\n{\n\tint ret = 0;\n\tBAIL();\n\tret = foo();\n\treturn ret;\n}\n';
  assert.deepEqual(await findingsOf(rule, withMacro), []);
  // A statement expression using the variable.
  assert.deepEqual(await reported(['int ret = 0;', 'x = ({ ret; });', 'ret = foo();', 'return ret;']), []);
});

test('#ifdef branches may each be compiled, or none', async () => {
  assert.deepEqual(await reported(['int ret = 0;', '#ifdef CONFIG_FOO', 'ret = foo();', '#endif', 'return ret;']), []);
  assert.deepEqual(await reported(['int ret = 0;', '#ifdef CONFIG_FOO', 'ret = foo();', '#else', 'ret = bar();', '#endif',
    'return ret;']), ['ret']);
});

test('variables the rule leaves alone: side effects, cleanup, static, const, never read, shadowed, arrays', async () => {
  assert.deepEqual(await reported(['int ret = setup(d);', 'ret = foo();', 'return ret;']), []);
  assert.deepEqual(await reported(['struct page *p __free(put_page) = NULL;', 'p = get(d);', 'return use(p);']), []);
  assert.deepEqual(await reported(['static int calls = 0;', 'calls = x;', 'return calls;']), []);
  assert.deepEqual(await reported(['volatile int spin = 0;', 'spin = x;', 'return spin;']), []);
  assert.deepEqual(await reported(['int unused = 0;', 'unused = x;']), []);
  assert.deepEqual(await reported(['int ret = 0;', 'if (x) {', '\tint ret = 1;', '\tret = 2;', '\tuse(ret);', '}', 'ret = foo();',
    'return ret;']), []);
  assert.deepEqual(await reported(['int buf[2] = { 0 };', 'buf[0] = x;', 'return buf[0];']), []);
});

test('pointers and booleans are judged like integers; a const pointee does not make the pointer const', async () => {
  assert.deepEqual(await reported(['struct page *page = NULL;', 'const char *name = NULL;', 'bool found = false;',
    'page = alloc_page(GFP_KERNEL);', 'name = d->name;', 'found = lookup(name, page);', 'return found;']), ['page', 'name', 'found']);
  assert.deepEqual(await reported(['char *const p = NULL;', 'return p != NULL;']), []);
});

test('a function tree-sitter cannot parse whole is skipped', async () => {
  const code = 'static __always_inline __realloc_size(2) void *grow(const void *p)\n{\n\tint ret = 0;\n\tret = foo();\n\treturn ret;\n}\n';
  assert.deepEqual(await findingsOf(rule, code), []);
});

test('in a patch only functions the document shows whole are judged', async () => {
  const whole = [
    'diff --git a/drivers/dma/x.c b/drivers/dma/x.c', '--- a/drivers/dma/x.c', '+++ b/drivers/dma/x.c', '@@ -10,3 +10,10 @@',
    ' static int a;', '+int x_start(struct dev *d)', '+{', '+\tint ret = 0;', '+', '+\tret = dev_start(d);', '+\treturn ret;', '+}',
    ' static int b;', ' static int c;', '',
  ].join('\n');
  assert.deepEqual((await findingsOf(rule, whole)).map((finding) => finding.sourceLine), [12]);
  // The same function split over two hunks: the lines between them are not in the document.
  const split = [
    'diff --git a/drivers/dma/x.c b/drivers/dma/x.c', '--- a/drivers/dma/x.c', '+++ b/drivers/dma/x.c', '@@ -10,3 +10,4 @@',
    ' int x_start(struct dev *d)', ' {', '+\tint ret = 0;', ' \tstruct x *p;', '@@ -40,3 +41,3 @@', ' \tret = dev_start(d);',
    ' \treturn ret;', ' }', '',
  ].join('\n');
  assert.deepEqual(await findingsOf(rule, split), []);
});
