import type { Node, Tree } from 'web-tree-sitter';
import { isWasmTrap, walk } from '../c/parser';
import type { ParsedDocument, SourceUnit } from '../patch/types';
import type { Severity } from './finding';
import type { Chunk } from './chunks';
import type { Collected, Rule, RuleContext, TopLevelNode, UnitFinding, UnitRange, Vocabulary } from './rule';
import type { DeclarationMemo, ReviewSession, RuleRun, UnitMemo } from './session';
import { commonPrefixLength, commonSuffixLength } from './commonAffix';
import { forgetIndex, releaseSubtree } from './syntax';

/** Thrown when ReviewOptions.isCancelled says a newer edit overtook the review. */
export class ReviewCancelled extends Error {
  constructor() {
    super('the review was overtaken by a newer edit');
  }
}

/** Where a finding came from, so its fixes can be computed later (see ReviewResult.fixes). */
export interface Origin {
  unit: SourceUnit;
  /** The unit's session key. */
  key: string;
  rule: Rule;
  /** As placed in this review (rows shifted when reused from an earlier one). */
  found: UnitFinding;
  /** The tree `found` was made on; its fix thunk may only run while that tree lives. None for a non-C text unit. */
  tree?: Tree;
  /** startIndex of the top-level declaration a declaration-scoped rule judged. */
  declarationStart?: number;
  /** A unit parsed in chunks: the chunk the declaration stands in (a fix parses only it) and the rules' chunk facts. */
  chunk?: ChunkOrigin;
}

export interface ChunkOrigin {
  range: Chunk;
  /** Rule id → every chunk's facts (Rule.chunkFacts), for a rule run again on one chunk. */
  facts: ReadonlyMap<string, readonly unknown[]>;
}

/** A unit parsed in chunks (see chunks.ts): the chunks' trees in order, each deleted once judged. */
export interface ChunkedUnit {
  trees: Iterable<{ chunk: Chunk; tree: Tree }>;
  facts: ReadonlyMap<string, readonly unknown[]>;
}

export interface Judged {
  origin: Origin;
  severity: Severity;
}

export interface UnitJob {
  unit: SourceUnit;
  key: string;
  /** The unit's tree; for a unit parsed in chunks an empty tree standing in for it (unit rules judge collected facts). */
  tree: Tree;
  /** Set for a unit parsed in chunks: the declarations are those of these trees, not of `tree`. */
  chunks?: ChunkedUnit;
  parsed: ParsedDocument;
  vocabulary: Vocabulary;
  /** The whole input, which unit-scoped rules may read. */
  documentText: string;
  /** The user's extra words, which declaration findings depend on. */
  vocabularyKey: string;
  active: { rule: Rule; severity: Severity }[];
  notes: string[];
  options: { session?: ReviewSession; isCancelled?: () => boolean; timings?: Record<string, number> };
}

export function unitKey(unit: SourceUnit, index: number): string {
  return `${unit.patch ?? '-'}:${unit.file ?? index}:${unit.path}`;
}

/** Where one top-level declaration stands, read from the cursor: no Node object unless a rule must run on it. */
interface DeclarationPlace {
  /** Its node type: one text may parse as another node after an edit elsewhere (`EXPORT_SYMBOL(static int x = 0;`). */
  type: string;
  startIndex: number;
  endIndex: number;
  row: number;
  column: number;
  endRow: number;
  /** The declaration's node, made on first use (most declarations of a re-review are reused as they are). */
  node(): Node;
}

/** Which rows of a declaration a patch adds ('1'/'0' per row); empty for a whole file, where every line is added. */
function addedRows(unit: SourceUnit, place: DeclarationPlace): string {
  let added = '';
  if (unit.origin !== 'whole-file') {
    for (let row = place.row; row <= place.endRow; row++) added += unit.lines[row]?.added ? '1' : '0';
  }
  return added;
}

/** The parts of the unit's text an edit left alone: a common prefix, and a common suffix starting at `suffixStart`. */
interface Unchanged {
  prefix: number;
  /** Where the common suffix starts in the new text. */
  suffixStart: number;
  /** New length minus old length: how far the suffix moved. */
  delta: number;
}

function unchangedBetween(before: string, after: string): Unchanged {
  const prefix = commonPrefixLength(before, after);
  const suffix = commonSuffixLength(before, after, Math.min(before.length, after.length) - prefix);
  return { prefix, suffixStart: after.length - suffix, delta: after.length - before.length };
}

/**
 * A declaration is judged again only when its text, its start column or (in a patch) which of its lines are added
 * changed, or its text parsed as another type of node; otherwise the last review's findings are reused, moved by the rows the declaration moved. Its text is
 * unchanged when it lies wholly inside the text the edit left alone: then the last review had it at the same place
 * (before the edit) or moved by the edit's length (after it).
 */
function reusedDeclaration(memo: UnitMemo, unchanged: Unchanged, place: DeclarationPlace, added: string): DeclarationMemo | undefined {
  let shift: number;
  if (place.endIndex <= unchanged.prefix) shift = 0;
  else if (place.startIndex >= unchanged.suffixStart) shift = unchanged.delta;
  else return undefined;
  const old = memo.declarations.get(place.startIndex - shift);
  return old && old.endIndex === place.endIndex - shift && old.type === place.type && old.column === place.column && old.added === added ? old.entry : undefined;
}

function shiftRange(range: UnitRange, rows: number): UnitRange {
  return { start: { line: range.start.line + rows, column: range.start.column }, end: { line: range.end.line + rows, column: range.end.column } };
}

function shifted(found: UnitFinding, rows: number): UnitFinding {
  if (rows === 0) return found;
  return {
    ...found,
    range: shiftRange(found.range, rows),
    ...(found.related ? { related: found.related.map((item) => ({ ...item, range: shiftRange(item.range, rows) })) } : {}),
  };
}

/**
 * The root's named children in order, as places read from one cursor. `rootNode.namedChildren` is cached on the root,
 * and every node caches the children a rule asked it for, so holding that array kept every judged declaration's nodes
 * alive until the whole unit was judged; and a re-review reuses most declarations, which need no node at all.
 */
function* topLevelDeclarations(tree: Tree, outline?: TopLevelNode[], end = Infinity): Generator<DeclarationPlace> {
  // The fast cursor: web-tree-sitter's spent more in its accessors than tree-sitter in the walk (a re-review reuses
  // every declaration but one, so this pass is most of what it does with them).
  const cursor = walk(tree);
  try {
    if (!cursor.gotoFirstChild()) return;
    do {
      // A chunk's tree goes on into the next chunk (see chunks.ts): those nodes are the next chunk's.
      if (cursor.startIndex >= end) return;
      if (outline) {
        const at = cursor.startPosition;
        outline.push({ type: cursor.nodeType, startIndex: cursor.startIndex, row: at.row, column: at.column, endRow: cursor.endPosition.row });
      }
      if (!cursor.nodeIsNamed) continue;
      const start = cursor.startPosition;
      let node: Node | undefined;
      yield {
        type: cursor.nodeType, startIndex: cursor.startIndex, endIndex: cursor.endIndex, row: start.row, column: start.column, endRow: cursor.endPosition.row,
        // The generator is paused on this declaration while the engine judges it: the cursor still stands on it.
        node: () => (node ??= cursor.currentNode),
      };
    } while (cursor.gotoNextSibling());
  } finally {
    cursor.delete();
  }
}

/** True for a unit rule the engine runs as collect() per declaration and judge() per unit. */
export function isCollecting(rule: Rule): boolean {
  return typeof rule.collect === 'function' && typeof rule.judge === 'function';
}

/** Runs every active rule on one unit, reusing what the session remembers, and hands each finding to `emit`. */
export function judgeUnit(job: UnitJob, emit: (judged: Judged) => void): void {
  const { unit, parsed, options, chunks } = job;
  const isAdded = (line: number) => unit.lines[line]?.added ?? false;
  const patch = unit.patch !== undefined ? parsed.patches[unit.patch] : undefined;
  const textLines = unit.text.split('\n');
  const baseOf = (tree: Tree) => ({ unit, tree, textLines, document: parsed, vocabulary: job.vocabulary, isAdded, patch });
  const base = baseOf(job.tree);
  // A unit parsed in chunks is reviewed afresh every time: the session keeps no tree of it (that is the point).
  const session = chunks ? undefined : options.session;
  const context = `${unit.path}\0${unit.origin}\0${patch?.message ?? ''}\0${job.vocabularyKey}`;
  const previous = session?.memo(job.key);
  const usable = previous?.context === context ? previous : undefined;
  const facts = new Map<string, string>();
  const factsStarted = options.timings ? performance.now() : 0;
  // The fingerprints only tell a session which reused findings went stale: without one (a CLI run) nothing reads them
  // (about 5% of a small review); a unit parsed in chunks has no whole tree.
  if (!chunks && session) for (const { rule } of job.active) if (rule.scope === 'declaration' && rule.unitFacts) facts.set(rule.id, rule.unitFacts(base));
  // The engine's own share, beside the rules' (the bench lists it with them).
  if (options.timings) options.timings['(unit facts)'] = (options.timings['(unit facts)'] ?? 0) + performance.now() - factsStarted;
  const memo: UnitMemo = { context, declarations: new Map(), unitText: unit.text, unitRules: new Map(), documentText: job.documentText, facts };
  const unchanged = usable ? unchangedBetween(usable.unitText, unit.text) : undefined;
  // A rule whose unit-wide facts changed cannot reuse what it found on untouched declarations.
  const stale = new Set(usable ? [...facts].filter(([id, fingerprint]) => usable.facts.get(id) !== fingerprint).map(([id]) => id) : []);
  const sameDocument = usable?.documentText === job.documentText;
  const failed = new Set<string>();
  // judge() of a unit parsed in chunks reads the root's children from here.
  const outline: TopLevelNode[] | undefined = chunks ? [] : undefined;

  const run = (
    rule: Rule, tree: Tree, root: Node, how: 'check' | 'collect' | 'judge' = 'check', collected: readonly Collected<unknown>[] = [],
  ): RuleRun => {
    const findings: UnitFinding[] = [];
    const started = options.timings ? performance.now() : 0;
    let facts: unknown;
    try {
      // Written out, not spread from baseOf(tree): this runs once per rule and declaration, before V8 optimises it, and
      // an unoptimised object spread costs microseconds each time (a tenth of a small review's rule time).
      const context: RuleContext = {
        unit, tree, textLines, document: parsed, vocabulary: job.vocabulary, isAdded, patch, root,
        report: (finding) => {
          if (how !== 'collect' && isAdded(finding.range.start.line)) findings.push(finding);
        },
      };
      if (outline && tree === job.tree) context.topLevel = outline;
      if (how === 'collect') facts = rule.collect!(context);
      else if (how === 'judge') rule.judge!(context, collected);
      else rule.check(context);
    } catch (error) {
      // A WASM trap is no rule failure: the engine resets the runtime (see engine.ts faulted).
      if (error instanceof ReviewCancelled || isWasmTrap(error)) throw error;
      if (!failed.has(rule.id)) {
        failed.add(rule.id);
        job.notes.push(`rule ${rule.id} failed on ${unit.path}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (options.timings) options.timings[rule.id] = (options.timings[rule.id] ?? 0) + performance.now() - started;
    // Unit rules of a unit parsed in chunks judged facts only: their findings belong to no tree (their fixes need none).
    const own = chunks && tree === job.tree ? undefined : tree;
    const ruleRun: RuleRun = own ? { row: root.startPosition.row, tree: own, findings } : { row: root.startPosition.row, findings };
    if (how === 'collect') ruleRun.facts = facts;
    return ruleRun;
  };
  const give = (rule: Rule, severity: Severity, ruleRun: RuleRun, row: number, declarationStart?: number, chunk?: Chunk) => {
    for (const found of ruleRun.findings) {
      emit({
        severity,
        origin: {
          unit, key: job.key, rule, found: shifted(found, row - ruleRun.row), tree: ruleRun.tree, declarationStart,
          ...(chunk && chunks ? { chunk: { range: chunk, facts: chunks.facts } } : {}),
        },
      });
    }
  };

  // Remembered even when a newer edit cancels the review: the declarations judged so far need no second look.
  let complete = false;
  try {
    const declarationRules = job.active.filter(({ rule }) => rule.scope === 'declaration');
    // Unit rules that split into collect() per declaration and judge() per unit (Rule.collect).
    const collecting = job.active.filter(({ rule }) => rule.scope !== 'declaration' && isCollecting(rule));
    const collected = new Map<string, Collected<unknown>[]>(collecting.map(({ rule }) => [rule.id, []]));
    if (declarationRules.length > 0 || collecting.length > 0 || chunks) {
      let i = 0;
      // Declaration rules first, then collecting ones: the order a summary's indexes refer to.
      const perDeclaration = [...declarationRules, ...collecting];
      const rulesKey = perDeclaration.map(({ rule }) => rule.id).join('\0');
      const judgeTree = (tree: Tree, chunk: Chunk | undefined) => {
        const hand = (index: number, ruleRun: RuleRun, place: DeclarationPlace) => {
          const { rule, severity } = perDeclaration[index]!;
          if (index < declarationRules.length) give(rule, severity, ruleRun, place.row, place.startIndex, chunk);
          else if (ruleRun.facts !== undefined) collected.get(rule.id)!.push({ facts: ruleRun.facts, rows: place.row - ruleRun.row });
        };
        for (const place of topLevelDeclarations(tree, outline, chunk?.judgedEnd)) {
          if (options.isCancelled && i++ % 32 === 0 && options.isCancelled()) throw new ReviewCancelled();
          const added = session ? addedRows(unit, place) : '';
          const entry: DeclarationMemo = (usable && unchanged && reusedDeclaration(usable, unchanged, place, added)) || { runs: new Map() };
          if (session) memo.declarations.set(place.startIndex, { type: place.type, endIndex: place.endIndex, column: place.column, added, entry });
          if (entry.summary?.rules === rulesKey && stale.size === 0) {
            for (const { index, run: ruleRun } of entry.summary.telling) hand(index, ruleRun, place);
            continue;
          }
          const { runs } = entry;
          let judged = false;
          const telling: { index: number; run: RuleRun }[] = [];
          perDeclaration.forEach(({ rule }, index) => {
            let ruleRun = runs.get(rule.id);
            if (index < declarationRules.length && stale.has(rule.id) && ruleRun?.tree !== tree) ruleRun = undefined;
            if (!ruleRun) {
              runs.set(rule.id, (ruleRun = run(rule, tree, place.node(), index < declarationRules.length ? 'check' : 'collect')));
              judged = true;
            }
            if (ruleRun.findings.length > 0 || ruleRun.facts !== undefined) telling.push({ index, run: ruleRun });
            hand(index, ruleRun, place);
          });
          entry.summary = { rules: rulesKey, telling };
          // Judged: its nodes need not stay indexed (together they were the whole tree).
          if (judged) releaseSubtree(place.node());
        }
      };
      if (chunks) judgeChunks(chunks, declarationRules.map(({ rule }) => rule), judgeTree, options.timings);
      else judgeTree(job.tree, undefined);
    }
    for (const { rule, severity } of job.active) {
      if (rule.scope === 'declaration') continue;
      if (options.isCancelled?.()) throw new ReviewCancelled();
      const kept = usable?.unitRules.get(rule.id);
      const facts = collected.get(rule.id);
      const tree = job.tree;
      const ruleRun = kept && kept.tree === tree && sameDocument ? kept : facts ? run(rule, tree, tree.rootNode, 'judge', facts) : run(rule, tree, tree.rootNode);
      memo.unitRules.set(rule.id, ruleRun);
      give(rule, severity, ruleRun, ruleRun.row);
    }
    complete = true;
  } finally {
    // Cut short, the earlier memo's declarations not reached yet stay for the next try.
    if (!complete && usable && unchanged) {
      // Moved to where they stand in the current text; one the edit changed is dropped.
      const oldSuffixStart = unchanged.suffixStart - unchanged.delta;
      for (const [start, placed] of usable.declarations) {
        const shift = placed.endIndex <= unchanged.prefix ? 0 : start >= oldSuffixStart ? unchanged.delta : undefined;
        if (shift === undefined || memo.declarations.has(start + shift)) continue;
        for (const id of stale) placed.entry.runs.delete(id);
        placed.entry.summary = undefined;
        memo.declarations.set(start + shift, { ...placed, endIndex: placed.endIndex + shift });
      }
    }
    session?.remember(job.key, memo);
  }
}

/**
 * Judges the chunks' trees one after the other, each deleted before the next is parsed (its findings keep no node:
 * their fixes parse the chunk again). Time spent getting the next tree is the unit's parse.
 */
function judgeChunks(
  chunks: ChunkedUnit, declarationRules: readonly Rule[], judgeTree: (tree: Tree, chunk: Chunk) => void, timings: Record<string, number> | undefined,
): void {
  const trees = chunks.trees[Symbol.iterator]();
  try {
    for (;;) {
      const started = timings ? performance.now() : 0;
      const step = trees.next();
      if (timings) timings['(parse)'] = (timings['(parse)'] ?? 0) + performance.now() - started;
      if (step.done) return;
      const { chunk, tree } = step.value;
      try {
        for (const rule of declarationRules) rule.chunkFacts?.adopt(tree, chunks.facts.get(rule.id) ?? []);
        judgeTree(tree, chunk);
      } finally {
        forgetIndex(tree);
        tree.delete();
      }
    }
  } finally {
    trees.return?.();
  }
}
