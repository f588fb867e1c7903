import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFirstFix, covered, findingsOf, fixture, parsesCleanly } from '../review/helpers';

const rule = 'redundant-initializer';

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

test('an all-zero brace list of an unsized array keeps the length', async () => {
  const code = 'static int weights[] = {0, 0, 0};\n';
  const [finding] = await findingsOf(rule, code);
  const fixed = applyFirstFix(code, finding);
  assert.equal(fixed, 'static int weights[3];\n');
  assert.ok(await parsesCleanly(fixed));
  const sized = 'static struct ops table = { 0 };\n';
  assert.equal(applyFirstFix(sized, (await findingsOf(rule, sized))[0]), 'static struct ops table;\n');
});

test('zero members of an automatic aggregate are flagged; the inline fix removes the member and its comma', async () => {
  const code = 'void f(void)\n{\n\tstruct cfg c = { .a = 1, .b = 0, .c = 2 };\n\tuse(&c);\n}\n';
  const [finding, ...rest] = await findingsOf(rule, code);
  assert.equal(rest.length, 0);
  assert.equal(covered(code, finding!.range), '.b = 0');
  const fixed = applyFirstFix(code, finding);
  assert.match(fixed, /struct cfg c = \{ \.a = 1, \.c = 2 \};/);
  assert.ok(await parsesCleanly(fixed));
  const last = 'void f(void)\n{\n\tstruct cfg c = { .a = 1, .b = false };\n}\n';
  assert.match(applyFirstFix(last, (await findingsOf(rule, last))[0]), /\{ \.a = 1 \}/);
});

test('trailing positional zeros are flagged, a zero between values is not', async () => {
  const code = 'void f(void)\n{\n\tint v[4] = {1, 2, 0};\n}\n';
  const trailing = await findingsOf(rule, code);
  assert.equal(trailing.length, 1);
  assert.equal(covered(code, trailing[0]!.range), '0');
  assert.match(applyFirstFix(code, trailing[0]), /int v\[4\] = \{1, 2\};/);
  assert.equal((await findingsOf(rule, 'void f(void)\n{\n\tint v[3] = {1, 0, 2};\n}\n')).length, 0);
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
  assert.equal(finding!.range.start.line, 39);
  assert.equal(covered(seed, finding!.range), '.owner = NULL');
  assert.equal(finding!.sourcePath, 'mm/migrate_offc.c');
  assert.equal(finding!.sourceLine, undefined, 'the reviewer cut the top of the hunk: its post-image line is unknown');
  const fixed = applyFirstFix(seed, finding);
  assert.ok(!fixed.includes('.owner = NULL'));
  assert.match(fixed, /^> @@ -0,0 \+1,57 @@$/m);
  assert.ok(fixed.includes('No point in setting this to null'), 'the reviewer\'s own lines stay');
});

test('per-CPU definitions initialized to zero are flagged; non-zero ones are not', async () => {
  const code = 'DEFINE_PER_CPU(int, cpu_count) = 0;\nDEFINE_PER_CPU(int, busy) = 1;\n';
  const findings = await findingsOf(rule, code);
  assert.equal(findings.length, 1);
  assert.match(findings[0]!.message, /per-CPU variable 'cpu_count'/);
  assert.equal(applyFirstFix(code, findings[0]), 'DEFINE_PER_CPU(int, cpu_count);\nDEFINE_PER_CPU(int, busy) = 1;\n');
});
