import { test } from 'node:test';
import assert from 'node:assert/strict';
import { covered, findingsOf, fixture } from '../review/helpers';

const rule = 'duplicate-function-body';

const twin = (name: string, field: string, value: string) => [
  `int ${name}(struct dev *d)`,
  '{',
  '\tint ret;',
  '',
  `\tret = setup_field(d->${field}, ${value});`,
  '\tif (ret < 0) {',
  `\t\tpr_err("${name} failed %d\\n", ret);`,
  '\t\treturn ret;',
  '\t}',
  `\tret = enable_field(d->${field}, d->flags | ${value});`,
  '\tif (ret < 0) {',
  `\t\tteardown_field(d->${field});`,
  `\t\tpr_err("${name} enable failed %d\\n", ret);`,
  '\t\treturn ret;',
  '\t}',
  `\td->${field} = ${value};`,
  '\treturn 0;',
  '}',
].join('\n');

test('on the seed: start_offloading/stop_offloading are seven short statements, a matter of taste: no finding', async () => {
  assert.deepEqual(await findingsOf(rule, fixture('seed-reply.txt')), []);
});

test('bodies differing in names, members, `->`/`.` and literals (NULL too) match', async () => {
  const code = `${twin('enable_a', 'alpha', '1')}\n\n${twin('enable_b', 'beta', 'NULL')}\n`;
  const findings = await findingsOf(rule, code);
  assert.equal(findings.length, 1);
  assert.equal(covered(code, findings[0]!.range), 'enable_b');
});

test('twins calling different functions, and bodies of 1-3 statements, are not worth a comment', async () => {
  const callsOther = twin('enable_b', 'beta', '2').replace('setup_field(', 'setup_other(');
  assert.deepEqual(await findingsOf(rule, `${twin('enable_a', 'alpha', '1')}\n${callsOther}\n`), []);
  const small = (name: string, field: string) => [`static ssize_t ${name}_show(struct device *dev, struct device_attribute *attr, char *buf)`, '{',
    `\tstruct dcbm *d = dev_get_drvdata(dev);`, `\treturn sysfs_emit(buf, "%lu\\n", atomic64_read(&d->stats.${field}) + d->stats.base.${field});`, '}'].join('\n');
  assert.deepEqual(await findingsOf(rule, `${small('migrated', 'migrated')}\n${small('failures', 'failures')}\n`), []);
});

test('a different statement breaks the match; tiny bodies never match', async () => {
  const other = twin('enable_b', 'beta', '2').replace('\treturn 0;', '\td->count++;\n\treturn 0;');
  assert.deepEqual(await findingsOf(rule, `${twin('enable_a', 'alpha', '1')}\n${other}\n`), []);
  assert.deepEqual(await findingsOf(rule, 'int a(void)\n{\n\treturn 1;\n}\nint b(void)\n{\n\treturn 2;\n}\n'), []);
});
