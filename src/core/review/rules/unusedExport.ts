import type { ParsedDocument } from '../../patch/types';
import { checkByCollecting, type Rule } from '../rule';
import { collectExports, definitionsFrom, exportsFrom, type ExportFacts } from './exports';

/** `[RFC V3 5/9]` → 5 of 9; a subject without a number is a patch on its own (1 of 1). */
function seriesPosition(subject: string | undefined): { index: number; total: number } {
  const m = /\[[^\]]*?\b(\d+)\/(\d+)\]/.exec(subject ?? '');
  return m ? { index: Number(m[1]), total: Number(m[2]) } : { index: 1, total: 1 };
}

/**
 * True when the document holds every patch of its series, so that "nothing here calls it" means "nothing in the
 * series does": a lone `[PATCH]` mail, or an mbox with patches 1..n of n. A reply quotes one patch, and 5/9 alone
 * cannot know what 7/9 calls.
 */
export function holdsWholeSeries(document: ParsedDocument): boolean {
  // A bare diff names no series: it may be any patch of one.
  if (document.kind !== 'mbox' && document.kind !== 'format-patch') return false;
  if (document.patches.some((patch) => patch.subject === undefined && patch.files.length > 0)) return false;
  const positions = document.patches.map((patch) => seriesPosition(patch.subject)).filter((position) => position.index > 0);
  const total = positions[0]?.total;
  if (total === undefined || positions.some((position) => position.total !== total)) return false;
  const present = new Set(positions.map((position) => position.index));
  for (let index = 1; index <= total; index++) if (!present.has(index)) return false;
  return true;
}

const notAUse = new Set(['return', 'else', 'do', 'case', 'goto', 'sizeof', 'typeof']);

/**
 * True when `name` occurs in the text of a C file of the document other than the one defining it, as something other
 * than a prototype or a comment: a call, a function pointer, a macro that wraps it. Uses in the defining file (in any
 * patch of the series) need no export, so they do not count.
 */
export function usedElsewhere(document: ParsedDocument, name: string, definingPath: string): boolean {
  const word = new RegExp(`\\b${name}\\b`, 'g');
  return document.units.some((unit) => {
    if (unit.path === definingPath) return false;
    for (const match of unit.text.matchAll(word)) {
      const start = unit.text.lastIndexOf('\n', match.index) + 1;
      const endIndex = unit.text.indexOf('\n', match.index);
      const line = unit.text.slice(start, endIndex < 0 ? undefined : endIndex);
      const before = unit.text.slice(start, match.index).trim();
      if (/^\s*(?:\/\/|\/\*|\*)/.test(line) || /\bEXPORT_SYMBOL\w*\s*\(/.test(line)) continue;
      // A prototype or a stub: a type stands in front of the name (`int start_offloading(`, `static inline void x(`).
      const lastWord = /(\w+)\W*$/.exec(before)?.[1];
      if (before !== '' && /^[\w\s*]+$/.test(before) && lastWord !== undefined && !notAUse.has(lastWord)) continue;
      return true;
    }
    return false;
  });
}

export const unusedExport: Rule<ExportFacts> = {
  id: 'unused-export',
  defaultSeverity: 'info',
  title: 'New export with no user in the series',
  checkpatchTypes: [],
  rationale: [
    'An `EXPORT_SYMBOL()` exists for modules to call. A new export that nothing in the series uses is dead API: maintainers',
    'ask for it to come with its user (`Documentation/process/submitting-patches.rst`, "Separate your changes": each patch',
    'must be justifiable on its own merits) and routinely remove exports no module needs.',
    '',
    'Only judged when the document holds the whole series (a lone patch, or an mbox with patches 1..n of n): a reply or one',
    'patch of a series cannot know what a later patch calls. Prototypes, comments and uses in the exporting file itself are',
    'not uses (they need no export).',
    'checkpatch.pl has no such rule.',
  ].join('\n'),
  check(context) {
    checkByCollecting(unusedExport, context);
  },
  // Exports and definitions are collected per declaration and kept with it: an edit re-reads only what it touched.
  collect: collectExports,
  judge(context, collected) {
    if (!holdsWholeSeries(context.document)) return;
    const exported = exportsFrom(collected);
    if (exported.length === 0) return;
    const definitions = definitionsFrom(collected);
    for (const { name, range } of exported) {
      const definition = definitions.get(name);
      if (!definition || !context.isAdded(definition.nameRange.start.line) || !context.isAdded(range.start.line)) continue;
      if (usedElsewhere(context.document, name, context.unit.path)) continue;
      context.report({
        range,
        message: `'${name}' is exported but nothing in this series outside ${context.unit.path} uses it: an export usually comes with the module that calls it`,
      });
    }
  },
};
