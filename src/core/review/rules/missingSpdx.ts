import type { Rule } from '../rule';

const cStyle = /^\/\/ SPDX-License-Identifier: \S/;
const headerStyle = /^\/\* SPDX-License-Identifier: \S.*\*\/\s*$/;

/** `.h` files (and assembly, linker scripts) use the block form; `.c` files the line form. */
function expectedForm(path: string): { pattern: RegExp; example: string } {
  return path.endsWith('.h')
    ? { pattern: headerStyle, example: '/* SPDX-License-Identifier: GPL-2.0 */' }
    : { pattern: cStyle, example: '// SPDX-License-Identifier: GPL-2.0' };
}

export const missingSpdx: Rule = {
  id: 'missing-spdx',
  defaultSeverity: 'warning',
  title: 'New C file without an SPDX license line first',
  checkpatchTypes: ['SPDX_LICENSE_TAG'],
  rationale: [
    'Every source file starts with an SPDX license identifier on its first line (`Documentation/process/license-rules.rst`;',
    '`submitting-patches.rst` sends you to checkpatch, which reports it as **SPDX_LICENSE_TAG**). `.c` files use',
    '`// SPDX-License-Identifier: GPL-2.0`, headers use `/* SPDX-License-Identifier: GPL-2.0 */`.',
    '',
    'Only whole files and files a patch creates are judged: a hunk of a modified file does not show line 1. There is no quick',
    'fix because the license is the author\'s choice.',
  ].join('\n'),
  check(context) {
    const { unit } = context;
    if (unit.origin === 'hunks') return;
    const first = unit.text.split('\n', 1)[0] ?? '';
    const { pattern, example } = expectedForm(unit.path);
    if (pattern.test(first)) return;
    const mentions = first.includes('SPDX-License-Identifier');
    context.report({
      range: { start: { line: 0, column: 0 }, end: { line: 0, column: first.length } },
      message: mentions
        ? `the SPDX line of ${unit.path} has the wrong comment style: write '${example}'`
        : `${unit.path} does not start with an SPDX license line such as '${example}'` + (first.trim() === '' ? ' (its first line is blank)' : ''),
      suggestion: example,
    });
  },
};
