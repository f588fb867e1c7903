import type { ParsedDocument, SourceUnit } from '../patch/types';
import type { Severity } from './finding';
import type { Rule, UnitFinding } from './rule';

export interface TextUnitFinding {
  unit: SourceUnit;
  rule: Rule;
  severity: Severity;
  found: UnitFinding;
}

/**
 * Runs the line-based rules (those with `checkText`) over the non-C files a patch creates. Kept apart from the C
 * loop so a Kconfig or Makefile is never handed to tree-sitter or to a rule that expects C.
 */
export function reviewTextUnits(
  parsed: ParsedDocument, active: readonly { rule: Rule; severity: Severity }[], notes: string[],
): TextUnitFinding[] {
  const results: TextUnitFinding[] = [];
  for (const unit of parsed.textUnits ?? []) {
    const textLines = unit.text.split('\n');
    const isAdded = (line: number) => unit.lines[line]?.added ?? false;
    const patch = unit.patch !== undefined ? parsed.patches[unit.patch] : undefined;
    for (const { rule, severity } of active) {
      if (!rule.checkText) continue;
      try {
        rule.checkText({
          unit, textLines, document: parsed, patch, isAdded,
          report: (found) => {
            if (isAdded(found.range.start.line)) results.push({ unit, rule, severity, found });
          },
        });
      } catch (error) {
        notes.push(`rule ${rule.id} failed on ${unit.path}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return results;
}
