import type { Tree } from 'web-tree-sitter';
import type { CParser } from '../c/parser';
import { parseDocument } from '../patch';
import type { InputKind, ParsedDocument, SourceUnit } from '../patch/types';
import { mapUnitFinding } from './documentMapping';
import type { Finding, Severity } from './finding';
import { mergeFindings } from './mergeFindings';
import type { Rule, RuleInfo, UnitFinding } from './rule';
import { allRules } from './rules';
import { ReviewSession } from './session';
import { createVocabulary } from './vocabulary';

export type { RuleInfo } from './rule';
export { ReviewSession } from './session';

export interface ReviewEngineAssets {
  parser: CParser;
  /** words.txt contents, one word per line. */
  englishWords: string;
}

export interface ReviewOptions {
  fileName?: string;
  /** Per rule id; a missing id keeps the rule's default severity. */
  rules?: Record<string, Severity | 'off'>;
  /** Extra accepted words for terse-identifier. */
  vocabulary?: string[];
  /** Reuses trees for an incremental re-parse of an open document. */
  session?: ReviewSession;
}

export interface ReviewResult {
  kind: InputKind;
  parsed: ParsedDocument;
  findings: Finding[];
  notes: string[];
}

export interface ReviewEngine {
  review(text: string, options?: ReviewOptions): ReviewResult;
  readonly rules: readonly RuleInfo[];
}

export function createReviewSession(): ReviewSession {
  return new ReviewSession();
}

export function createReviewEngine(assets: ReviewEngineAssets): ReviewEngine {
  // 270,000 words: built on the first naming question, not when the engine starts.
  let englishWords: Set<string> | undefined;
  const english = () => (englishWords ??= new Set(assets.englishWords.toLowerCase().replace(/\r/g, '').split('\n')));
  const rules: readonly RuleInfo[] = allRules.map(({ id, defaultSeverity, title, rationale, checkpatchTypes }) => ({
    id, defaultSeverity, title, rationale, checkpatchTypes,
  }));
  return {
    rules,
    review(text, options = {}) {
      const parsed = parseDocument(text, options.fileName);
      const vocabulary = createVocabulary(english, options.vocabulary ?? []);
      const active = activeRules(options.rules ?? {});
      const findings: Finding[] = [];
      const mergeKeys = new Map<Finding, string>();
      const notes = [...parsed.notes];
      parsed.units.forEach((unit, index) => {
        const key = `${unit.patch ?? '-'}:${unit.file ?? index}:${unit.path}`;
        const tree = parseUnit(assets.parser, key, unit, options.session, notes);
        if (!tree) return;
        const textLines = unit.text.split('\n');
        try {
          for (const { rule, severity } of active) {
            for (const found of runRule(rule, unit, textLines, parsed, tree, vocabulary, notes)) {
              const finding = mapFinding(parsed, unit, rule.id, severity, found, notes);
              if (!finding) continue;
              if (found.mergeKey !== undefined) mergeKeys.set(finding, found.mergeKey);
              findings.push(finding);
            }
          }
        } finally {
          if (!options.session) tree.delete();
        }
      });
      options.session?.endReview();
      findings.sort(byPosition);
      return { kind: parsed.kind, parsed, findings: mergeFindings(findings, mergeKeys), notes };
    },
  };
}

/** A unit that cannot be parsed (time budget, WASM memory) costs a note, not the review. */
function parseUnit(parser: CParser, key: string, unit: SourceUnit, session: ReviewSession | undefined, notes: string[]): Tree | undefined {
  try {
    return session ? session.parse(parser, key, unit.text) : parser.parse(unit.text);
  } catch (error) {
    notes.push(`${unit.path} was not reviewed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

function mapFinding(
  parsed: ParsedDocument, unit: SourceUnit, rule: string, severity: Severity, found: UnitFinding, notes: string[],
): Finding | undefined {
  try {
    return mapUnitFinding(parsed, unit, rule, severity, found);
  } catch (error) {
    notes.push(`a ${rule} finding in ${unit.path} could not be placed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

const settingValues = new Set<string>(['error', 'warning', 'info', 'hint', 'off']);

/** Settings come from users: an unknown severity word keeps the rule's default. */
function activeRules(settings: Record<string, Severity | 'off'>): { rule: Rule; severity: Severity }[] {
  return allRules
    .map((rule) => {
      const wanted = settings[rule.id];
      return { rule, setting: wanted !== undefined && settingValues.has(wanted) ? wanted : rule.defaultSeverity };
    })
    .filter((entry): entry is { rule: Rule; setting: Severity } => entry.setting !== 'off')
    .map(({ rule, setting }) => ({ rule, severity: setting }));
}

/** One rule on one unit; a rule that trips over a strange tree costs a note, never the whole review. */
function runRule(
  rule: Rule, unit: SourceUnit, textLines: readonly string[], parsed: ParsedDocument, tree: Tree,
  vocabulary: ReturnType<typeof createVocabulary>, notes: string[],
): UnitFinding[] {
  const found: UnitFinding[] = [];
  const isAdded = (line: number) => unit.lines[line]?.added ?? false;
  const roots = rule.scope === 'declaration' ? tree.rootNode.namedChildren : [tree.rootNode];
  try {
    for (const root of roots) {
      rule.check({
        unit, tree, root, textLines, document: parsed, vocabulary, isAdded,
        patch: unit.patch !== undefined ? parsed.patches[unit.patch] : undefined,
        report: (finding) => {
          if (isAdded(finding.range.start.line)) found.push(finding);
        },
      });
    }
  } catch (error) {
    notes.push(`rule ${rule.id} failed on ${unit.path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return found;
}

function byPosition(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column || a.rule.localeCompare(b.rule);
}
