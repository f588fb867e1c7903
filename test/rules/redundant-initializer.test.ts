import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFirstFix, covered, findingsOf, fixture, parsesCleanly } from '../review/helpers';
import { nodeReviewEngine } from '../../src/node/reviewEngine';

const rule = 'redundant-initializer';

async function messages(code: string): Promise<string[]> {
  return (await findingsOf(rule, code)).map((finding) => finding.message);
}

test('a designated NULL member alone on its line is flagged and the fix deletes the line', async () => {
  const code = 'static struct migrator m = {\n\t.name = "kernel",\n\t.owner = NULL,\n};\n';
  const [finding, ...rest] = await findingsOf(rule, code);
  assert.equal(rest.length, 0);
  assert.equal(covered(code, finding!.range), '.owner = NULL');
  assert.deepEqual(finding!.tags, ['unnecessary']);
  assert.equal(finding!.fixes?.[0]?.isPreferred, true);
  const fixed = applyFirstFix(code, finding);
  assert.equal(fixed, 'static struct migrator m = {\n\t.name = "kernel",\n};\n');
  assert.ok(await parsesCleanly(fixed));
});

test('every spelling of a literal zero in static storage is flagged and the fix keeps valid C', async () => {
  for (const [declaration, expected] of [
    ['static int count = 0;', 'static int count;'],
    ['unsigned long mask = 0UL;', 'unsigned long mask;'],
    ['static bool enabled = false;', 'static bool enabled;'],
    ["static char sep = '\\0';", 'static char sep;'],
    ['void *cookie = NULL;', 'void *cookie;'],
    ['static int hex = 0x0;', 'static int hex;'],
    ['static const char *label = NULL;', 'static const char *label;'],
    ['static int weights[4] = { 0 };', 'static int weights[4];'],
  ] as const) {
    const findings = await findingsOf(rule, `${declaration}\n`);
    assert.equal(findings.length, 1, declaration);
    const fixed = applyFirstFix(`${declaration}\n`, findings[0]);
    assert.equal(fixed, `${expected}\n`);
    assert.ok(await parsesCleanly(fixed));
  }
});

test('a static local is zero-filled too', async () => {
  const findings = await findingsOf(rule, 'void f(void)\n{\n\tstatic int calls = 0;\n\tcalls++;\n}\n');
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.range.start.line, 2);
});

test('the terminator of an array sized by its initializer is never reported, in any spelling', async () => {
  for (const terminator of ['NULL', '{}', '{ }', '{ 0 }', '{ NULL, 0 }', '{ .compatible = NULL }', '{ /* sentinel */ }']) {
    const code = `static const struct of_device_id ids[] = {\n\t{ .compatible = "amd,ptdma" },\n\t${terminator}\n};\n`;
    assert.deepEqual(await messages(code), [], terminator);
  }
  const attrs = 'static struct attribute *attrs[] = {\n\t&dev_attr_state.attr,\n\tNULL,\n};\n';
  assert.deepEqual(await messages(attrs), []);
  // An empty table is its terminator alone; an all-zero unsized array is as long as its list.
  assert.deepEqual(await messages('static struct attribute *none[] = { NULL, };\nstatic int w[] = {0, 0, 0};\n'), []);
  // Inside the terminator row nothing is judged either, and `[N] = 0` decides an unsized array's length.
  const row = 'static struct x_ops tbl[] = {\n\t{ .name = "a", .fn = a_fn },\n\t{ .name = "", .fn = NULL },\n};\nstatic int last[] = { 1, [5] = 0 };\n';
  assert.deepEqual(await messages(row), []);
});

test('a `{ 0, }` terminator gets an info suggestion to write `{ }`, never a deletion', async () => {
  const code = 'static const struct pci_device_id ids[] = {\n\t{ PCI_VDEVICE(AMD, 0x1498) },\n\t{ 0, }\n};\n';
  const [finding, ...rest] = await findingsOf(rule, code);
  assert.equal(rest.length, 0);
  assert.equal(finding!.severity, 'info');
  assert.equal(finding!.suggestion, '{ }');
  assert.equal(covered(code, finding!.range), '{ 0, }');
  const fixed = applyFirstFix(code, finding);
  assert.equal(fixed, code.replace('{ 0, }', '{ }'));
  assert.ok(await parsesCleanly(fixed));
  // The info never outranks what the user configured for the rule.
  const [hint] = await findingsOf(rule, code, { rules: { [rule]: 'hint' } });
  assert.equal(hint!.severity, 'hint');
});

test('per-CPU definitions with scalar, brace and range initializers name the variable', async () => {
  const code = [
    'DEFINE_PER_CPU(int, cpu_count) = 0;',
    'DEFINE_PER_CPU(int, busy) = 1;',
    'static DEFINE_PER_CPU(struct mthp_stat, mthp_stats) = {{{0}}};',
    'DEFINE_PER_CPU(struct task_struct *, idle_tasks[NR_SLOTS]) = { [0 ... NR_SLOTS - 1] = NULL };',
    '',
  ].join('\n');
  const findings = await findingsOf(rule, code);
  assert.deepEqual(findings.map((finding) => finding.message), [
    "'= 0' is redundant: per-CPU variable 'cpu_count' is zero-filled",
    "'= {{{0}}}' is redundant: per-CPU variable 'mthp_stats' is zero-filled",
    "'= { [0 ... NR_SLOTS - 1] = NULL }' is redundant: per-CPU variable 'idle_tasks' is zero-filled",
  ]);
  let fixed = code;
  for (const finding of [...findings].reverse()) fixed = applyFirstFix(fixed, finding);
  assert.equal(fixed, [
    'DEFINE_PER_CPU(int, cpu_count);',
    'DEFINE_PER_CPU(int, busy) = 1;',
    'static DEFINE_PER_CPU(struct mthp_stat, mthp_stats);',
    'DEFINE_PER_CPU(struct task_struct *, idle_tasks[NR_SLOTS]);',
    '',
  ].join('\n'));
});

test('a per-CPU range initializer tree-sitter cannot parse (plain type name) is read from its text', async () => {
  const code = 'DEFINE_PER_CPU(vector_irq_t, vector_irq) = { [0 ... NR_VECTORS - 1] = NULL };\n'
    + 'DEFINE_PER_CPU(vector_irq_t, used_irq) = { [0 ... NR_VECTORS - 1] = VECTOR_UNUSED };\n';
  const [finding, ...rest] = await findingsOf(rule, code);
  assert.equal(rest.length, 0);
  assert.equal(finding!.message, "'= { [0 ... NR_VECTORS - 1] = NULL }' is redundant: per-CPU variable 'vector_irq' is zero-filled");
  assert.equal(applyFirstFix(code, finding).split('\n')[0], 'DEFINE_PER_CPU(vector_irq_t, vector_irq);');
});

test('declarations with attributes: the message names the variable, never the attribute, and quotes brace lists', async () => {
  const code = [
    'static int level __read_mostly = 0;',
    'static struct boot_cfg cfg __initdata = { 0 };',
    'static unsigned long seed __aligned(8) = 0;',
    'static struct perf_callchain_entry __empty_callchain = { .nr = 0, };',
    'static struct ctl_table_header *hdr __ro_after_init = NULL;',
    'static int __initdata early = 0;',
    'int __read_mostly sysctl_level = 0;',
    '',
  ].join('\n');
  assert.deepEqual(await messages(code), [
    "'= 0' is redundant: 'level' has static storage, which C zero-fills",
    "'= { 0 }' is redundant: 'cfg' has static storage, which C zero-fills",
    "'= 0' is redundant: 'seed' has static storage, which C zero-fills",
    "'= { .nr = 0, }' is redundant: '__empty_callchain' has static storage, which C zero-fills",
    "'= NULL' is redundant: 'hdr' has static storage, which C zero-fills",
    "'= 0' is redundant: 'early' has static storage, which C zero-fills",
    "'= 0' is redundant: 'sysctl_level' has static storage, which C zero-fills",
  ]);
  const [first] = await findingsOf(rule, 'static int level __read_mostly = 0;\n');
  assert.equal(applyFirstFix('static int level __read_mostly = 0;\n', first), 'static int level __read_mostly;\n');
});

test('a member another element also writes, or written after a positional element, is kept', async () => {
  const code = [
    'static struct ops a = { .fn = f, .fn = NULL };',
    'static struct ops b = { f, .next = NULL };',
    'static struct blob c = { .len = 1, .data = { NULL } };',
    '',
  ].join('\n');
  assert.deepEqual(await messages(code), []);
});

test('a zero written after a member of the same anonymous union would overwrite it: kept when the unit shows the union', async () => {
  const hook = 'struct hook { const char *name; void *data; union { int (*single)(int); void *arg; }; };\n';
  assert.deepEqual(await messages(`${hook}static struct hook first = { .single = f_single, .arg = NULL };\n`), []);
  // The union's first writer, and members outside the union, are still judged.
  assert.equal((await messages(`${hook}static struct hook second = { .arg = NULL, .name = "b" };\n`)).length, 1);
  assert.equal((await messages(`${hook}static struct hook third = { .name = "c", .data = NULL };\n`)).length, 1);
});

test('automatic aggregates, zero numbers and false in tables, pairs, commented zeros and twin rows are left alone', async () => {
  const code = [
    'void f(void)',
    '{',
    '\tstruct writeback_control wbc = { .sync_mode = WB_SYNC_ALL, .range_start = 0, .fn_arg = NULL };',
    '\tuse(&wbc);',
    '}',
    'static const struct epc_features feat = { .msi_capable = true, .msix_capable = false, .align = 0 };',
    'static struct res_ops r = { .first = NULL, .last = &tail };',
    'static const struct vm_ops v = {',
    '\t.fault = v_fault,',
    '\t/* callers rely on this being unset */',
    '\t.access = NULL,',
    '};',
    'static const struct row_ops rows[2] = {',
    '\t{ .name = "a", .data = &a_data },',
    '\t{ .name = "b", .data = NULL },',
    '};',
    '',
  ].join('\n');
  assert.deepEqual(await messages(code), []);
});

test('per-SoC objects of one type that give a member a value elsewhere keep its NULL', async () => {
  const soc = 'static const struct ep_soc_data pro5 = { .init = pro5_init, .wait = NULL };\n'
    + 'static const struct ep_soc_data nx1 = { .init = nx1_init, .wait = nx1_wait };\n';
  assert.deepEqual(await messages(soc), []);
  const alone = 'static const struct ep_soc_data pro5 = { .init = pro5_init, .wait = NULL };\n';
  assert.equal((await messages(alone)).length, 1);
});

test('const objects, named zeros and statements of a function tree-sitter split apart are not reported', async () => {
  const code = [
    'static const int limit = 0;',
    'static char *const fixed_name = NULL;',
    'static long ue_zero = 0;',
    'static __always_inline __realloc_size(2) void *grow(const void *p, size_t n)',
    '{',
    '\tsize_t ks;',
    '\tif (p) {',
    '\t\tks = 1;',
    '\t} else',
    '\t\tks = 0;',
    '\treturn NULL;',
    '}',
    '',
  ].join('\n');
  assert.deepEqual(await messages(code), []);
});

test('file-scope objects inside #ifdef blocks are judged like any other', async () => {
  assert.deepEqual(await messages('#ifdef CONFIG_HWPOISON\nu32 hwpoison_filter_enable = 0;\n#endif\n'),
    ["'= 0' is redundant: 'hwpoison_filter_enable' has static storage, which C zero-fills"]);
});

test('automatic scalars, non-zero values, macros and the automatic zeroing idiom are never flagged', async () => {
  const code = [
    'static int one = 1;',
    'static atomic_t users = ATOMIC_INIT(0);',
    'static struct file_operations fops = { .owner = THIS_MODULE, .open = my_open };',
    'static bool on = true;',
    'extern int shared;',
    'int f(void)',
    '{',
    '\tint ret = 0;',
    '\tstruct cfg c = {0};',
    '\tchar *name = NULL;',
    '\treturn ret;',
    '}',
    '',
  ].join('\n');
  assert.deepEqual(await findingsOf(rule, code), []);
});

test('on the seed: only `.owner = NULL`, and the fix lowers the hunk header', async () => {
  const seed = fixture('seed-reply.txt');
  const findings = await findingsOf(rule, seed);
  assert.equal(findings.length, 1);
  const [finding] = findings;
  assert.equal(finding!.range.start.line, 40);
  assert.equal(covered(seed, finding!.range), '.owner = NULL');
  assert.equal(finding!.sourcePath, 'mm/migrate_offc.c');
  const fixed = applyFirstFix(seed, finding);
  assert.ok(!fixed.includes('.owner = NULL'));
  assert.match(fixed, /^> @@ -0,0 \+1,65 @@$/m);
  assert.ok(fixed.includes('Members a designated initializer leaves out'), 'the reviewer\'s own lines stay');
});

test('a hunk that starts inside a function: its indented locals are not file-scope objects', async () => {
  const patch = [
    'diff --git a/drivers/dma/idxd/cdev.c b/drivers/dma/idxd/cdev.c',
    'index 1111111..2222222 100644',
    '--- a/drivers/dma/idxd/cdev.c',
    '+++ b/drivers/dma/idxd/cdev.c',
    '@@ -230,6 +230,7 @@ static int idxd_cdev_open(struct inode *inode, struct file *filp)',
    ' \tstruct idxd_wq *wq;',
    ' \tstruct device *dev;',
    '+\tbool wq_ref = false;',
    ' \tint rc = 0;',
    ' ',
    ' \tidxd_cdev = container_of(inode->i_cdev, struct idxd_cdev, cdev);',
    '',
  ].join('\n');
  const engine = await nodeReviewEngine();
  const found = engine.review(patch, { fileName: 'cdev.patch', rules: { 'redundant-initializer': 'warning' } }).findings;
  assert.deepEqual(found.filter((f) => f.rule === 'redundant-initializer'), []);
});
