import type { ParsedDocument, SourceUnit } from '../../patch/types';
import type { Rule, TextRuleContext } from '../rule';

interface Form {
  pattern: RegExp;
  example: string;
}

const lineForm: Form = { pattern: /^\/\/ SPDX-License-Identifier: \S/, example: '// SPDX-License-Identifier: GPL-2.0' };
const blockForm: Form = { pattern: /^\/\* SPDX-License-Identifier: \S.*\*\/\s*$/, example: '/* SPDX-License-Identifier: GPL-2.0 */' };
const hashForm: Form = { pattern: /^# SPDX-License-Identifier: \S/, example: '# SPDX-License-Identifier: GPL-2.0' };

/** license-rules.rst "Style": headers and assembly the block form, C/Rust/DT the line form, Kconfig/Makefiles/scripts `#`. */
function expectedForm(path: string): Form {
  if (/\.(?:h|S|s)$/.test(path)) return blockForm;
  if (/\.(?:c|rs|dts|dtsi)$/.test(path)) return lineForm;
  return hashForm;
}

/**
 * True when the document holds line 1 of the file: a plain C file, or a new file whose hunk starts at line 1 and
 * lost none of its lines. A reply that trimmed the quote may have dropped the top (the seed's reviewer did: the
 * real migrate_offc.c starts with its SPDX line), and a cut anywhere means the top may be gone.
 */
export function holdsFirstLine(document: ParsedDocument, unit: SourceUnit): boolean {
  if (unit.origin === 'whole-file') return true;
  if (unit.origin !== 'new-file' || unit.patch === undefined || unit.file === undefined) return false;
  const hunks = document.patches[unit.patch]?.files[unit.file]?.hunks ?? [];
  const first = hunks[0];
  return first !== undefined && first.newStart <= 1 && hunks.every((hunk) => hunk.missingNewLines === 0) && unit.lines[0]?.hunk === 0;
}

function check(context: TextRuleContext): void {
  const { unit, textLines, document } = context;
  if (!holdsFirstLine(document, unit)) return;
  // Scripts keep `#!interpreter` on line 1; the tag goes on line 2 (license-rules.rst "Placement").
  const line = /^#!\s*\//.test(textLines[0] ?? '') ? 1 : 0;
  const text = textLines[line] ?? '';
  const { pattern, example } = expectedForm(unit.path);
  if (pattern.test(text)) return;
  const mentions = text.includes('SPDX-License-Identifier');
  context.report({
    range: { start: { line, column: 0 }, end: { line, column: text.length } },
    message: mentions
      ? `the SPDX line of ${unit.path} has the wrong comment style: write '${example}'`
      : `${unit.path} does not start with an SPDX license line such as '${example}'` + (text.trim() === '' ? ` (its line ${line + 1} is blank)` : ''),
    suggestion: example,
  });
}

export const missingSpdx: Rule = {
  id: 'missing-spdx',
  defaultSeverity: 'warning',
  title: 'New file without an SPDX license line first',
  checkpatchTypes: ['SPDX_LICENSE_TAG'],
  rationale: [
    'Every source file starts with an SPDX license identifier on its first line (`Documentation/process/license-rules.rst`;',
    '`submitting-patches.rst` sends you to checkpatch, which reports it as **SPDX_LICENSE_TAG**). `.c` files use',
    '`// SPDX-License-Identifier: GPL-2.0`, headers use `/* SPDX-License-Identifier: GPL-2.0 */`, and new `Kconfig`, `Makefile`',
    'and script files `# SPDX-License-Identifier: GPL-2.0` (line 2 after a `#!` line), as 4,266 of the 4,548 Kconfig files and',
    'Makefiles of Linux 6.12 do.',
    'checkpatch checks `.c`/`.h`/`.S`/`.rs`/`.dts` and scripts, not Kconfig or Makefiles.',
    '',
    'Only whole files and files a patch creates are judged, and only when the document holds their first line: a hunk of a',
    'modified file does not show line 1, and a reply that cut a quoted new file may have cut its top. There is no quick',
    'fix because the license is the author\'s choice.',
  ].join('\n'),
  check,
  checkText: check,
};
