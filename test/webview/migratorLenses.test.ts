import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { codeOfLine, findMigratorLenses, providerForMigratorName } from '../../src/shared/migratorLenses';

const fixture = (name: string) => readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8').split(/\r?\n/);

test('the seed reply: lenses above the quoted initializer and both switch functions', () => {
  const lines = fixture('seed-reply.txt');
  const lenses = findMigratorLenses(lines);
  assert.deepEqual(lenses.map((lens) => [lens.kind, lens.name, lens.migratorName]), [
    ['migrator', 'migrator', 'kernel'],
    ['switch-function', 'start_offloading', undefined],
    ['switch-function', 'stop_offloading', undefined],
  ]);
  assert.match(lines[lenses[0].line], /^> \+struct migrator migrator = \{/);
  assert.match(lines[lenses[1].line], /int start_offloading\(struct migrator \*m\)/);
});

test('the format-patch: definitions get lenses, prototypes and one-line stubs do not', () => {
  const lines = fixture('migrate_offc.patch');
  const lenses = findMigratorLenses(lines);
  const names = lenses.map((lens) => lens.name);
  assert.ok(names.includes('offc_update_migrator'));
  assert.ok(names.includes('start_offloading'));
  assert.ok(names.includes('stop_offloading'));
  assert.ok(lenses.some((lens) => lens.kind === 'migrator' && lens.migratorName === 'kernel'));
  for (const lens of lenses) assert.doesNotMatch(lines[lens.line], /;\s*$/);
  assert.equal(names.filter((name) => name === 'start_offloading').length, 1);
});

test('removed lines and plain prose get no lens; a driver initializer finds its name', () => {
  assert.deepEqual(findMigratorLenses(['-struct migrator old = {', 'we call start_offloading(m) here', 'int start_offloading(struct migrator *m);']), []);
  const lenses = findMigratorLenses(['static struct migrator dcbm_migrator = {', '\t.name = "DCBM",', '\t.migrate_offc = folios_copy_dma,', '};']);
  assert.deepEqual(lenses, [{ line: 0, kind: 'migrator', name: 'dcbm_migrator', migratorName: 'DCBM' }]);
  assert.equal(codeOfLine('> > +int x;'), 'int x;');
});

test('migrator names map to the series providers', () => {
  assert.equal(providerForMigratorName('CPU_MT_COPY'), 'mtcopy');
  assert.equal(providerForMigratorName('DCBM'), 'dcbm');
  assert.equal(providerForMigratorName('kernel'), 'kernel');
  assert.equal(providerForMigratorName('<img src=x onerror=alert(1)>'), undefined);
  assert.equal(providerForMigratorName(undefined), undefined);
});
