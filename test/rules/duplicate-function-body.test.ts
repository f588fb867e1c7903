import { test } from 'node:test';
import assert from 'node:assert/strict';
import { covered, findingsOf, fixture } from '../review/helpers';

const rule = 'duplicate-function-body';

const twin = (name: string, field: string, value: string) => [
  `int ${name}(struct dev *d)`,
  '{',
  '\tint ret;',
  '',
  `\tret = setup_${field}(d->${field}, ${value});`,
  '\tif (ret < 0) {',
  `\t\tpr_err("${name} failed %d\\n", ret);`,
  '\t\treturn ret;',
  '\t}',
  `\td->${field} = ${value};`,
  '\treturn 0;',
  '}',
].join('\n');

test('on the seed: stop_offloading duplicates start_offloading', async () => {
  const seed = fixture('seed-reply.txt');
  const findings = await findingsOf(rule, seed);
  assert.equal(findings.length, 1);
  assert.equal(covered(seed, findings[0]!.range), 'stop_offloading');
  assert.equal(covered(seed, findings[0]!.related![0]!.range), 'start_offloading');
});

test('bodies differing in names, members, `->`/`.` and literals (NULL too) match', async () => {
  const code = `${twin('enable_a', 'alpha', '1')}\n\n${twin('enable_b', 'beta', 'NULL')}\n`;
  const findings = await findingsOf(rule, code);
  assert.equal(findings.length, 1);
  assert.equal(covered(code, findings[0]!.range), 'enable_b');
});

test('a different statement breaks the match; tiny bodies never match', async () => {
  const other = twin('enable_b', 'beta', '2').replace('\treturn 0;', '\td->count++;\n\treturn 0;');
  assert.deepEqual(await findingsOf(rule, `${twin('enable_a', 'alpha', '1')}\n${other}\n`), []);
  assert.deepEqual(await findingsOf(rule, 'int a(void)\n{\n\treturn 1;\n}\nint b(void)\n{\n\treturn 2;\n}\n'), []);
});
