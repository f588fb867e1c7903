import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runInt, logOf } from './helpers';

test('structs: designated initializers (nested .a.b too), omitted members are zero, -> and .', async () => {
  const src = `
struct inner { int x; int y; };
struct outer { char name[8]; struct inner in; int arr[3]; struct inner *p; };
static struct outer o = { .name = "ab", .in.y = 5, .arr = { [2] = 7 } };
int f(void)
{
	struct outer *q = &o;
	q->p = &q->in;
	q->p->x = 3;
	return o.in.x * 1000 + o.in.y * 100 + o.arr[2] * 10 + o.arr[0] + (o.name[2] == 0) + sizeof(struct outer);
}`;
  assert.equal(await runInt(src), 3000n + 500n + 70n + 0n + 1n + 40n);
});

test('the seed initializer shape: char array from a string, function pointer member, .srcu_head.func', async () => {
  const src = `
int my_copy(struct list_head *d, struct list_head *s, unsigned int n) { return 42; }
struct migrator mig = { .name = "mine", .migrate_offc = my_copy, .srcu_head.func = srcu_mig_cb, .owner = NULL };
int f(void) { return mig.migrate_offc(NULL, NULL, 0) + (mig.owner == NULL) + strlen(mig.name) * 100; }`;
  assert.equal(await runInt(src), 443n);
});

test('pointers: arithmetic within an array, difference, comparison, pointer to pointer', async () => {
  const src = `
int f(void)
{
	int a[5] = { 1, 2, 3, 4, 5 };
	int *p = a, *end = a + ARRAY_SIZE(a);
	int **pp = &p;
	int sum = 0;
	while (p < end)
		sum += *p++;
	(*pp)--;
	return sum * 100 + (int)(end - a) * 10 + **pp;
}`;
  assert.equal(await runInt(src), 1500n + 50n + 5n);
});

test('function pointers, static locals and global state persist across calls', async () => {
  const src = `
static int counter;
static int twice(int x) { return 2 * x; }
static int inc(void) { static int calls = 10; calls++; counter++; return calls; }
int f(void)
{
	int (*op)(int) = twice;
	inc();
	inc();
	return op(inc()) + counter * 1000;
}`;
  assert.equal(await runInt(src), 3026n);
});

test('control flow: for/continue/break, do-while, switch with fallthrough and default, goto', async () => {
  const src = `
int f(void)
{
	int i, acc = 0, n = 0;
	for (i = 0; i < 10; i++) {
		if (i % 2)
			continue;
		if (i > 6)
			break;
		acc += i;
	}
	do { n++; } while (n < 3);
	switch (n) {
	case 1:
		acc += 1000;
	case 3:
		acc += 100;
	case 4:
		acc += 10;
		break;
	default:
		acc += 5000;
	}
	if (acc > 0)
		goto out;
	acc = -1;
out:
	return acc + n * 10000;
}`;
  assert.equal(await runInt(src), 30000n + 12n + 110n);
});

test('goto backwards (retry loop) and error unwinding labels', async () => {
  const src = `
int f(void)
{
	int tries = 0;
	int ret;
retry:
	tries++;
	if (tries < 3)
		goto retry;
	ret = -EINVAL;
	if (ret)
		goto err;
	return 0;
err:
	return ret * 10 + tries;
}`;
  assert.equal(await runInt(src), -217n);
});

test('kernel macros: min/max/min_t, container_of, list_for_each_entry and _safe', async () => {
  const src = `
struct item { int v; struct list_head node; };
int f(void)
{
	struct item a = { .v = 1 }, b = { .v = 20 }, c = { .v = 300 };
	struct item *pos, *tmp;
	LIST_HEAD(head);
	int sum = 0;
	list_add_tail(&a.node, &head);
	list_add_tail(&b.node, &head);
	list_add_tail(&c.node, &head);
	list_for_each_entry(pos, &head, node)
		sum += pos->v;
	list_for_each_entry_safe(pos, tmp, &head, node) {
		if (pos->v == 20)
			list_del(&pos->node);
	}
	sum += 1000 * list_count_nodes(&head);
	sum += container_of(&c.node, struct item, node)->v * 10000;
	return sum + min(3, 7) * 100000 + max_t(u8, 300, 2) * 1000000;
}`;
  assert.equal(await runInt(src), 321n + 2000n + 3000000n + 300000n + 44000000n);
});

test('string literals, char arrays and strscpy', async () => {
  const log = await logOf(`
void f(void)
{
	char buf[6];
	long r1 = strscpy(buf, "kernel", sizeof(buf));
	pr_info("%s %ld\\n", buf, r1);
	r1 = strscpy(buf, "dma", sizeof(buf));
	pr_info("%s %ld %c%c\\n", buf, r1, "xyz"[1], 'q');
}`);
  assert.deepEqual(log, ['kerne -7', 'dma 3 yq']);
});
