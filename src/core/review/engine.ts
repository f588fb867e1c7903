import type { Tree } from 'web-tree-sitter';
import { isWasmTrap, WasmFault, type CParser } from '../c/parser';
import { parseDocument } from '../patch';
import type { InputKind, ParsedDocument, SourceUnit } from '../patch/types';
import { mapUnitFinding, mapUnitFix } from './documentMapping';
import { byPosition, type Finding, type Fix, type Severity } from './finding';
import { mergeFindings, uniteFixes } from './mergeFindings';
import type { KernelKnowledge } from './names/kernelKnowledge';
import { CHUNK_CHARS, parseChunk, standInTree, type Chunk } from './chunks';
import { chunkedUnit } from './chunkedUnit';
import { isCollecting, judgeUnit, unitKey, type Judged, type Origin } from './judgeUnit';
import { reviewTextUnits } from './textUnits';
import { checkByCollecting, type Rule, type RuleContext, type RuleInfo, type UnitFinding } from './rule';
import { allRules } from './rules';
import { ReviewSession } from './session';
import { forgetIndex } from './syntax';
import { createVocabulary } from './vocabulary';
import { SortedWordList, type WordListSource } from './wordList';

export type { RuleInfo } from './rule';
export { ReviewSession } from './session';
export { ReviewCancelled } from './judgeUnit';

export interface ReviewEngineAssets {
  parser: CParser;
  /** words.txt contents, as text, its latin1 bytes or where to read them: lower-case words, one per line, sorted by code units (see sortWordList). */
  englishWords: string | Uint8Array | WordListSource;
  /** Kernel words and names for terse-identifier; the committed 6.12 facts when left out. */
  kernelKnowledge?: KernelKnowledge;
}

export interface ReviewOptions {
  fileName?: string;
  /** Per rule id; a missing id keeps the rule's default severity. */
  rules?: Record<string, Severity | 'off'>;
  /** Extra accepted words for terse-identifier. */
  vocabulary?: string[];
  /** Reuses trees and per-declaration findings for an incremental re-review of an open document. */
  session?: ReviewSession;
  /** Polled between declarations and rules; true stops the review with ReviewCancelled (a newer edit overtook it). */
  isCancelled?: () => boolean;
  /** Milliseconds spent per rule id are added here (the bench's per-rule figures). */
  timings?: Record<string, number>;
  /**
   * Units longer than this many characters are parsed and judged in chunks (CHUNK_CHARS when left out). Tests and the
   * bench set it small to compare chunked reviews with whole ones; users have no reason to.
   */
  chunkChars?: number;
}

export interface ReviewResult {
  kind: InputKind;
  parsed: ParsedDocument;
  findings: Finding[];
  notes: string[];
  /**
   * The quick fixes of one finding (or of `findings[index]`), computed now: reviews never compute fixes. Works as
   * long as the result lives; after the session moved on the rule is re-run on that one declaration.
   */
  fixes(finding: Finding | number): Fix[];
  /** Frees a tree parsed only to compute fixes (the session's own trees stay with the session). */
  dispose(): void;
}

export interface ReviewEngine {
  review(text: string, options?: ReviewOptions): ReviewResult;
  readonly rules: readonly RuleInfo[];
}

export function createReviewSession(): ReviewSession {
  return new ReviewSession();
}

export function createReviewEngine(assets: ReviewEngineAssets): ReviewEngine {
  // 274,000 words, searched in place: no Set to build when the engine starts or on the first naming question.
  const englishWords = new SortedWordList(assets.englishWords);
  const english = () => englishWords;
  const rules: readonly RuleInfo[] = allRules.map(({ id, defaultSeverity, title, rationale, checkpatchTypes }) => ({
    id, defaultSeverity, title, rationale, checkpatchTypes,
  }));
  const engine: ReviewEngine = {
    rules,
    review(text, options = {}) {
      const { timings } = options;
      const readStarted = timings ? performance.now() : 0;
      const parsed = parseDocument(text, options.fileName);
      if (timings) timings['(read document)'] = (timings['(read document)'] ?? 0) + performance.now() - readStarted;
      const vocabulary = createVocabulary(english, options.vocabulary ?? [], assets.kernelKnowledge);
      const active = activeRules(options.rules ?? {});
      const findings: Finding[] = [];
      const origins = new Map<Finding, Origin[]>();
      const mergeKeys = new Map<Finding, string>();
      const notes = [...parsed.notes];
      const vocabularyKey = (options.vocabulary ?? []).join('\n');
      const place = (unit: SourceUnit, judged: Judged) => {
        const placeStarted = timings ? performance.now() : 0;
        try {
          placeFinding(unit, judged);
        } finally {
          if (timings) timings['(place findings)'] = (timings['(place findings)'] ?? 0) + performance.now() - placeStarted;
        }
      };
      const placeFinding = (unit: SourceUnit, judged: Judged) => {
        const severity = milder(judged.severity, (judged.origin.found as { severity?: Severity }).severity);
        const finding = mapFinding(parsed, unit, judged.origin.rule.id, severity, judged.origin.found, notes);
        if (!finding) return;
        if (judged.origin.found.mergeKey !== undefined) mergeKeys.set(finding, judged.origin.found.mergeKey);
        origins.set(finding, [judged.origin]);
        findings.push(finding);
      };
      const chunkChars = options.chunkChars ?? CHUNK_CHARS;
      parsed.units.forEach((unit, index) => {
        const key = unitKey(unit, index);
        if (unit.text.length > chunkChars) {
          const chunks = chunkedUnit(assets.parser, unit, chunkChars, active.map(({ rule }) => rule), notes, timings);
          const tree = chunks && standInTree(assets.parser);
          if (chunks && tree) {
            const job = { unit, key, tree, chunks, parsed, documentText: text, vocabulary, vocabularyKey, active, notes, options };
            judgeUnit(job, (judged) => place(unit, judged));
          }
          return;
        }
        const parseStarted = options.timings ? performance.now() : 0;
        const tree = parseUnit(assets.parser, key, unit, options.session, notes);
        if (options.timings) options.timings['(parse)'] = (options.timings['(parse)'] ?? 0) + performance.now() - parseStarted;
        if (!tree) return;
        try {
          judgeUnit({ unit, key, tree, parsed, documentText: text, vocabulary, vocabularyKey, active, notes, options }, (judged) => place(unit, judged));
        } finally {
          if (!options.session) {
            forgetIndex(tree);
            tree.delete();
          }
        }
      });
      // Kconfig, Makefiles, scripts a patch creates: line-based rules only, never tree-sitter.
      for (const { unit, rule, severity, found } of reviewTextUnits(parsed, active, notes)) {
        place(unit, { severity, origin: { unit, key: `text:${unit.path}`, rule, found } });
      }
      options.session?.endReview();
      findings.sort(byPosition);
      const kept = mergeFindings(findings, mergeKeys, (first, other) => origins.get(first)?.push(...(origins.get(other) ?? [])));
      return resultOf(assets.parser, parsed, kept, notes, origins, options, vocabulary);
    },
  };
  return {
    rules,
    review(text, options = {}) {
      try {
        return engine.review(text, options);
      } catch (error) {
        throw isWasmTrap(error) ? faulted(assets.parser, error, options.session) : error;
      }
    },
  };
}

/**
 * A trap of tree-sitter's WASM runtime is never a note: the document gets one WasmFault line, the session's trees
 * are dropped and the runtime is reset, so the next review is a real one (a swallowed trap poisoned all later ones).
 */
function faulted(parser: CParser, error: unknown, session?: ReviewSession): WasmFault {
  session?.abandon();
  return new WasmFault(error, parser.recover());
}

/**
 * The result with its on-demand fixes. A finding's fix thunk reads the tree it was found on: while the session still
 * holds that tree the thunk runs as is; otherwise (a plain review deleted its tree, a later edit replaced it, the
 * finding was reused from an earlier review) the rule runs again on the finding's declaration of a fresh tree.
 */
function resultOf(
  parser: CParser, parsed: ParsedDocument, findings: Finding[], notes: string[], origins: Map<Finding, Origin[]>,
  options: ReviewOptions, vocabulary: ReturnType<typeof createVocabulary>,
): ReviewResult {
  let scratch: { unit: SourceUnit; chunk: Chunk | undefined; tree: Tree } | undefined;
  // Keyed by the tree object the rule ran on: the thunks read its nodes, so once that tree is deleted (a scratch tree
  // replaced by another unit's, a session tree replaced by an edit) its entries must never be found again. A key
  // by unit alone once handed a fix thunk a deleted tree (npm run fuzz: WASM traps, then a poisoned module).
  let rerun = new WeakMap<Tree, Map<string, UnitFinding[]>>();
  // A unit parsed in chunks gets the tree of the finding's chunk only: never one of the whole unit.
  const treeOf = (unit: SourceUnit, key: string, chunk: Chunk | undefined): Tree => {
    const live = chunk ? undefined : options.session?.treeFor(key, unit.text);
    if (live) return live;
    if (scratch?.unit !== unit || scratch.chunk !== chunk) {
      if (scratch) forgetIndex(scratch.tree);
      scratch?.tree.delete();
      scratch = undefined;
      scratch = { unit, chunk, tree: chunk ? parseChunk(parser, unit.text, chunk) : parser.parse(unit.text) };
    }
    return scratch.tree;
  };
  const unitFixes = (origin: Origin): Fix[] => {
    const { unit } = origin;
    let found: UnitFinding | undefined = origin.found;
    if (origin.tree && !(options.session?.holds(origin.key, origin.tree) ?? false)) {
      const tree = treeOf(unit, origin.key, origin.chunk?.range);
      const cacheKey = `${origin.key}\0${origin.rule.id}\0${origin.declarationStart ?? 'unit'}`;
      let onTree = rerun.get(tree);
      if (!onTree) rerun.set(tree, (onTree = new Map()));
      let again = onTree.get(cacheKey);
      if (!again) onTree.set(cacheKey, (again = rerunRule(origin, tree, parsed, vocabulary)));
      found = again.find((candidate) => sameFinding(candidate, origin.found));
    }
    return (found?.fixes?.() ?? []).map((fix) => mapUnitFix(parsed, unit, fix)).filter((fix): fix is Fix => fix !== undefined);
  };
  return {
    kind: parsed.kind, parsed, findings, notes,
    fixes(which) {
      const finding = typeof which === 'number' ? findings[which] : which;
      const [own, ...others] = (finding && origins.get(finding)) ?? [];
      if (!own) return [];
      try {
        return uniteFixes(unitFixes(own), others.map(unitFixes));
      } catch (error) {
        if (isWasmTrap(error)) {
          scratch = undefined;
          rerun = new WeakMap();
          throw faulted(parser, error, options.session);
        }
        notes.push(`the fixes of a ${own.rule.id} finding could not be computed: ${error instanceof Error ? error.message : String(error)}`);
        return [];
      }
    },
    dispose() {
      if (scratch) forgetIndex(scratch.tree);
      scratch?.tree.delete();
      scratch = undefined;
      rerun = new WeakMap();
    },
  };
}

/** The findings a rule makes on the finding's declaration (or unit) of `tree`, thunks included. */
function rerunRule(origin: Origin, tree: Tree, parsed: ParsedDocument, vocabulary: ReturnType<typeof createVocabulary>): UnitFinding[] {
  const { unit } = origin;
  const root = origin.declarationStart === undefined
    ? tree.rootNode
    : tree.rootNode.namedChildren.find((node) => node.startIndex === origin.declarationStart);
  if (!root) return [];
  const found: UnitFinding[] = [];
  const isAdded = (line: number) => unit.lines[line]?.added ?? false;
  if (origin.chunk) origin.rule.chunkFacts?.adopt(tree, origin.chunk.facts.get(origin.rule.id) ?? []);
  const context: RuleContext = {
    unit, tree, root, textLines: unit.text.split('\n'), document: parsed, vocabulary, isAdded,
    patch: unit.patch !== undefined ? parsed.patches[unit.patch] : undefined,
    report: (finding) => {
      if (isAdded(finding.range.start.line)) found.push(finding);
    },
  };
  if (isCollecting(origin.rule)) checkByCollecting(origin.rule, context);
  else origin.rule.check(context);
  return found;
}

function sameFinding(a: UnitFinding, b: UnitFinding): boolean {
  return a.message === b.message && a.range.start.line === b.range.start.line && a.range.start.column === b.range.start.column
    && a.range.end.line === b.range.end.line && a.range.end.column === b.range.end.column;
}

/** A unit that cannot be parsed (time budget, WASM memory) costs a note, not the review. */
function parseUnit(parser: CParser, key: string, unit: SourceUnit, session: ReviewSession | undefined, notes: string[]): Tree | undefined {
  try {
    return session ? session.parse(parser, key, unit.text) : parser.parse(unit.text);
  } catch (error) {
    if (isWasmTrap(error)) throw error;
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

const strength: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

/** A finding may ask for a milder severity than its rule's setting, never a stronger one. */
function milder(configured: Severity, asked: Severity | undefined): Severity {
  return asked !== undefined && strength[asked] !== undefined && strength[asked] < strength[configured] ? asked : configured;
}
