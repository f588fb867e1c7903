import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runError, runInt } from './helpers';

test('integer promotion: u8 and char operands become int before arithmetic', async () => {
  assert.equal(await runInt('int f(void) { u8 a = 200, b = 100; return a + b; }'), 300n);
  assert.equal(await runInt('int f(void) { unsigned char c = 255; return c + 1; }'), 256n);
  // char is unsigned in the kernel (-funsigned-char since 6.2)
  assert.equal(await runInt('int f(void) { char c = 200; return c > 0; }'), 1n);
  assert.equal(await runInt('int f(void) { s8 c = 200; return c; }'), -56n);
  assert.equal(await runInt('int f(void) { u8 a = 250; a += 10; return a; }'), 4n);
});

test('usual arithmetic conversions: int compared with unsigned int converts to unsigned', async () => {
  assert.equal(await runInt('int f(void) { int a = -1; unsigned int b = 1; return a < b; }'), 0n);
  assert.equal(await runInt('int f(void) { int a = -1; long b = 1; return a < b; }'), 1n);
  assert.equal(await runInt('int f(void) { unsigned int a = 1; long b = -1; return a > b; }'), 1n);
  assert.equal(await runInt('int f(void) { unsigned long a = 1; long b = -1; return a > b; }'), 0n);
  assert.equal(await runInt('long f(void) { unsigned int a = 0; return a - 1; }'), 4294967295n);
  assert.equal(await runInt('long f(void) { return sizeof(long) + sizeof(int) + sizeof(char) + sizeof(u16) + sizeof(void *); }'), 23n);
});

test('unsigned arithmetic wraps modulo 2^N', async () => {
  assert.equal(await runInt('unsigned int f(void) { unsigned int x = 4294967295U; return x + 2; }'), 1n);
  assert.equal(await runInt('u64 f(void) { u64 x = 0; return x - 1; }'), 18446744073709551615n);
  assert.equal(await runInt('u16 f(void) { u16 x = 65535; x++; return x; }'), 0n);
  assert.equal(await runInt('int f(void) { return -7 / 2 * 10 + -7 % 2; }'), -31n);
});

test('integer literals take the first type that holds them', async () => {
  assert.equal(await runInt('int f(void) { return sizeof(2147483647) + 10 * sizeof(2147483648) + 100 * sizeof(0xffffffff); }'), 484n);
  assert.equal(await runInt('int f(void) { return 0x10 + 010 + 1UL; }'), 25n);
});

test('signed overflow stops the run as undefined behaviour, at its line', async () => {
  const e = await runError('int f(void)\n{\n\tint x = 2147483647;\n\tx = x + 1;\n\treturn x;\n}');
  assert.equal(e.kind, 'signed-overflow');
  assert.equal(e.line, 4);
  const m = await runError('long f(void) {\n long a = -9223372036854775807L - 1;\n return a * -1;\n}');
  assert.equal(m.kind, 'signed-overflow');
  assert.equal(m.line, 3);
  const neg = await runError('int f(void) {\n int a = -2147483647 - 1;\n return -a;\n}');
  assert.equal(neg.kind, 'signed-overflow');
});

test('division by zero and bad shifts are undefined behaviour', async () => {
  assert.equal((await runError('int f(void) {\n int z = 0;\n return 5 / z;\n}')).kind, 'division-by-zero');
  assert.equal((await runError('int f(void) {\n int s = 32;\n return 1 << s;\n}')).kind, 'invalid-shift');
  assert.equal((await runError('int f(void) {\n int s = -1;\n return s << 2;\n}')).kind, 'invalid-shift');
  assert.equal(await runInt('unsigned int f(void) { return 1U << 31; }'), 2147483648n);
  assert.equal(await runInt('int f(void) { return -16 >> 2; }'), -4n);
});

test('property: int addition either matches exact arithmetic or is reported as overflow', async () => {
  await fc.assert(fc.asyncProperty(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), async (a, b) => {
    const src = `int f(void) { int a = ${a}; int b = ${b}; return a + b; }`.replace(/= (-?\d+)/g, (_m, n: string) => (n === '-2147483648' ? '= (-2147483647 - 1)' : `= ${n}`));
    const exact = BigInt(a) + BigInt(b);
    if (exact > 2147483647n || exact < -2147483648n) assert.equal((await runError(src)).kind, 'signed-overflow');
    else assert.equal(await runInt(src), exact);
  }), { numRuns: 40 });
});

test('property: unsigned int arithmetic equals the exact result modulo 2^32', async () => {
  await fc.assert(fc.asyncProperty(fc.nat({ max: 2 ** 32 - 1 }), fc.nat({ max: 2 ** 32 - 1 }), async (a, b) => {
    const got = await runInt(`unsigned int f(void) { unsigned int a = ${a}U, b = ${b}U; return a * b - b; }`);
    assert.equal(got, BigInt.asUintN(32, BigInt(a) * BigInt(b) - BigInt(b)));
  }), { numRuns: 40 });
});

test('the conditional operator converts its integer branches to their common type', async () => {
  assert.equal(await runInt('long f(void) { int c = 1; return c ? -1 : 1U; }'), 4294967295n);
  assert.equal(await runInt('long f(void) { int c = 0; return c ? 1U : -1L; }'), -1n);
  assert.equal(await runInt('int f(void) { u8 a = 1; return sizeof(a + a) + sizeof(a ? 1L : 2) * 10; }'), 84n);
});
