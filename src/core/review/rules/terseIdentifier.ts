import type { DocumentEdit, ParsedDocument } from '../../patch/types';
import { findExpansion, type Expansion, type ProseSource } from '../expansions';
import { judgedWord, replaceWord, splitIdentifier } from '../identifierWords';
import { judgedNames, type NameOccurrence } from '../judgedNames';
import { isConstantMacro, isHardwareField, isIncludeGuard } from '../names/constantMacro';
import { documentNames } from '../names/documentNames';
import { declarationTerms, hasTerm, isPlaceholder, isVersioned, isWildcardOf, unitTerms, type DeclarationTerms } from '../names/establishedTerms';
import { isProductName, patchWords } from '../names/patchWords';
import { checkByCollecting, placed, type Collected, type Rule, type RuleContext, type UnitFix, type UnitRange, type Vocabulary } from '../rule';

const isAllCaps = (name: string) => name === name.toUpperCase();

/**
 * An occurrence of a name that may carry an abbreviation, as collect() keeps it: on an added line, a judged
 * declaration or a use, with a word no vocabulary knows, and the name no kernel identifier (a kernel name's words
 * are never reported). Which uses the patch owns, and which words its paths or the unit's terms explain, depend on
 * the whole unit and document: judge() decides.
 */
interface Candidate {
  name: string;
  range: UnitRange;
  declares: boolean;
  /** The name's words (lower case, in order) that are neither known, versioned nor a placeholder. */
  words: readonly string[];
}

/** A comment on an added line: the prose a spelled-out form may come from. */
interface AddedComment {
  text: string;
  startRow: number;
  endRow: number;
}

/** What collect() keeps of one top-level declaration. */
interface TerseFacts {
  candidates: Candidate[];
  /** Distinct names declared in it, and those on lines the patch does not add. */
  declared: string[];
  preexisting: string[];
  /** For the document's rename registry: names declared on added lines, and every name spelled. */
  addedDeclared: string[];
  spelled: string[];
  terms: DeclarationTerms;
  comments: AddedComment[];
}

/**
 * Per review (its vocabulary): the unknown words of each name, and whether the kernel has it. A file spells the same
 * names in declaration after declaration (`verbose`, `BPF_REG_0`, members such as `imm`), and the answers depend on the
 * vocabulary alone.
 */
const asked = new WeakMap<Vocabulary, { wordsOf: Map<string, readonly string[]>; kernelHas: Map<string, boolean> }>();

function namesAsked(vocabulary: Vocabulary): { wordsOf: Map<string, readonly string[]>; kernelHas: Map<string, boolean> } {
  let found = asked.get(vocabulary);
  if (!found) asked.set(vocabulary, (found = { wordsOf: new Map(), kernelHas: new Map() }));
  return found;
}

/** The name's words that no vocabulary explains; empty for most names. */
function unknownWords(name: string, isKnown: (word: string) => boolean): readonly string[] {
  let words: string[] | undefined;
  for (const part of splitIdentifier(name)) {
    const word = judgedWord(part.word);
    if (!word || isKnown(word) || isVersioned(part.word, isKnown) || isPlaceholder(word, isKnown)) continue;
    (words ??= []).push(word);
  }
  return words ?? noWords;
}

/** The answer for most names, shared: the per-review memo holds one entry per distinct name. */
const noWords: readonly string[] = Object.freeze([]);

/**
 * The occurrences (their node without a parse error) and comments of one top-level declaration, reduced to what
 * judge() needs: nothing in it depends on other declarations, so the engine keeps it while the declaration is unchanged.
 */
function collectNames(context: RuleContext): TerseFacts | undefined {
  const names = judgedNames(context.root);
  const isKnown = (word: string) => context.vocabulary.isKnown(word);
  const declared = new Set<string>();
  const preexisting = new Set<string>();
  const addedDeclared = new Set<string>();
  const spelled = new Set<string>();
  const candidates: Candidate[] = [];
  const { wordsOf, kernelHas } = namesAsked(context.vocabulary);
  for (const occurrence of names.occurrences) {
    if (occurrence.missing) continue;
    const { name, declares } = occurrence;
    spelled.add(name);
    const added = context.isAdded(occurrence.row);
    if (!added) preexisting.add(name);
    if (declares) declared.add(name);
    if (declares && added) addedDeclared.add(name);
    if (!added || (declares && !isJudgedDeclaration(occurrence))) continue;
    let words = wordsOf.get(name);
    if (words === undefined) {
      // Bounded: a generated file can spell endless distinct names.
      if (wordsOf.size > 100_000) wordsOf.clear();
      wordsOf.set(name, (words = unknownWords(name, isKnown)));
    }
    if (words.length === 0) continue;
    let known = kernelHas.get(name);
    if (known === undefined) {
      if (kernelHas.size > 100_000) kernelHas.clear();
      kernelHas.set(name, (known = context.vocabulary.isKernelIdentifier(name)));
    }
    if (!known) candidates.push({ name, range: occurrenceRange(occurrence), declares, words });
  }
  const comments = names.comments.filter((comment) => context.isAdded(comment.startPosition.row))
    .map((comment) => ({ text: comment.text, startRow: comment.startPosition.row, endRow: comment.endPosition.row }));
  const terms = declarationTerms(context, names);
  if (spelled.size === 0 && comments.length === 0 && terms.terms.length + terms.constants.length + terms.members.length + terms.sharedRows.length === 0) {
    return undefined;
  }
  return {
    candidates, declared: [...declared], preexisting: [...preexisting], addedDeclared: [...addedDeclared], spelled: [...spelled], terms, comments,
  };
}

/** Where an occurrence stands in the unit: one token, on one row. */
function occurrenceRange(occurrence: NameOccurrence): UnitRange {
  return { start: { line: occurrence.row, column: occurrence.column }, end: { line: occurrence.row, column: occurrence.column + occurrence.name.length } };
}

/**
 * A whole C file with no `#include` cannot build alone: another file includes it (k3-udma-private.c into k3-udma.c),
 * and the names it uses are that file's. Only a file known whole, from its SPDX line on: a reply's quote of a new
 * file is cut anywhere, and a snippet pasted as plain C (the seed's quoted hunk) is no file.
 */
function isIncludedFragment(context: RuleContext): boolean {
  const { unit, document, textLines } = context;
  const whole = unit.origin === 'whole-file' || (unit.origin === 'new-file' && unit.patch !== undefined && unit.file !== undefined
    && (document.patches[unit.patch]?.files[unit.file]?.hunks ?? []).every((hunk) => hunk.missingNewLines === 0 && hunk.newStart <= 1));
  return whole && /\.c$/.test(unit.path) && /SPDX-License-Identifier/.test(textLines[0] ?? '')
    && !textLines.some((line) => /^\s*#\s*include\b/.test(line));
}

function isJudgedDeclaration(occurrence: NameOccurrence): boolean {
  return !occurrence.local && !isConstantMacro(occurrence.definition) && !isIncludeGuard(occurrence.name, occurrence.definition)
    && !isHardwareField(occurrence.declaration, occurrence.plainDeclarator);
}

/** A candidate as placed in the current review (its declaration may have moved since it was collected). */
interface Placed {
  name: string;
  range: UnitRange;
  declares: boolean;
}

/**
 * The patch's own occurrences by the words to report: a declaration goes with its words; a use goes with its
 * declaration when the unit has one, and otherwise is judged as a name from elsewhere, owned only when no line of the
 * unit the patch leaves and no declaration of it here (nor the kernel) has it. Words the patch's paths explain are left.
 */
function abbreviationsOf(context: RuleContext, collected: readonly Collected<TerseFacts>[]): Map<string, Placed[]> {
  const judgedDeclarations = new Set<string>();
  for (const { facts } of collected) for (const candidate of facts.candidates) if (candidate.declares) judgedDeclarations.add(candidate.name);
  let elsewhere: { fragment: boolean; declaredHere: ReadonlySet<string>; preexisting: Set<string> } | undefined;
  const fromElsewhere = (name: string) => {
    elsewhere ??= { fragment: isIncludedFragment(context), declaredHere: declaredIn(collected), preexisting: new Set(collected.flatMap(({ facts }) => facts.preexisting)) };
    return !elsewhere.fragment && !elsewhere.declaredHere.has(name) && !elsewhere.preexisting.has(name) && !isAllCaps(name);
  };
  const ownWords = patchWords(context.document);
  const byWord = new Map<string, Placed[]>();
  for (const { facts, rows } of collected) {
    for (const candidate of facts.candidates) {
      if (!candidate.declares && !judgedDeclarations.has(candidate.name) && !fromElsewhere(candidate.name)) continue;
      let placedCandidate: Placed | undefined;
      for (const word of candidate.words) {
        if (ownWords.has(word) || isProductName(word, ownWords)) continue;
        placedCandidate ??= { name: candidate.name, range: placed(candidate.range, rows), declares: candidate.declares };
        const list = byWord.get(word) ?? [];
        // The same occurrence twice in a row when its name repeats the word (`offc_to_offc`); a Set check would cost more.
        if (list[list.length - 1] !== placedCandidate) list.push(placedCandidate);
        byWord.set(word, list);
      }
    }
  }
  return byWord;
}

function declaredIn(collected: readonly Collected<TerseFacts>[]): Set<string> {
  const declared = new Set<string>();
  for (const { facts } of collected) for (const name of facts.declared) declared.add(name);
  return declared;
}

/** Distinct names from which on a word is the code's own namespace (`zbud_*`, `__rmqueue_*`), not a shortcut. */
const establishedNames = 8;

/**
 * A word that prefixes or joins many distinct names of one file is the name of the module or of its central object:
 * zbud.c's 22 `zbud_*` names, page_alloc.c's 15 `rmqueue` ones. Reviewers ask to spell out a shortcut taken in a few
 * names (the seed's offc: 3), not a file's namespace.
 */
function isEstablishedHere(occurrences: Placed[]): boolean {
  return new Set(occurrences.map((occurrence) => occurrence.name)).size >= establishedNames;
}

/** `mm/migrate_offc.c` names a file, not the symbol: renaming files is the author's call. */
function isInPath(line: string, start: number, length: number): boolean {
  return line[start - 1] === '/' || /^\.[chSo]\b/.test(line.slice(start + length));
}

/**
 * Lines of a patch a rename may not edit: its context and removed lines, which `git apply` must find as they are
 * in the tree. A name that appears on one of them cannot be renamed by editing the patch.
 */
function frozenLines(document: ParsedDocument): Set<number> {
  const frozen = new Set<number>();
  for (const unit of document.units) {
    if (unit.origin === 'whole-file') continue;
    for (const line of unit.lines) if (line.docLine !== undefined && !line.added) frozen.add(line.docLine);
  }
  for (const patch of document.patches) {
    const quote = new RegExp(`^(?:>\\s?){${patch.quoteDepth}}`);
    const firstHunk = Math.min(...patch.files.flatMap((file) => file.hunks.map((hunk) => hunk.headerLine)));
    for (let line = firstHunk + 1; line < patch.docEnd; line++) {
      const text = (document.docLines[line] ?? '').replace(quote, '');
      if (text.startsWith('-') && !text.startsWith('--- ') && text !== '-- ') frozen.add(line);
    }
  }
  return frozen;
}

/** Every token in the document spelling one of `names`, rewritten with the expansion; none when one is frozen. */
function renameEdits(document: ParsedDocument, names: ReadonlySet<string>, abbreviation: string, expansion: string): DocumentEdit[] {
  const edits: DocumentEdit[] = [];
  const frozen = frozenLines(document);
  let blocked = false;
  document.docLines.forEach((line, lineIndex) => {
    for (const match of line.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
      if (!names.has(match[0]) || isInPath(line, match.index, match[0].length)) continue;
      if (frozen.has(lineIndex)) blocked = true;
      edits.push({
        range: { start: { line: lineIndex, column: match.index }, end: { line: lineIndex, column: match.index + match[0].length } },
        newText: replaceWord(match[0], abbreviation, expansion),
      });
    }
  });
  return blocked ? [] : edits;
}

/**
 * The names carrying the word that the document itself declares (any unit, any patch of a series): only those can
 * be renamed and still build. A name declared elsewhere (a header the reply does not quote, a kernel API) stays.
 */
function renamableNames(document: ParsedDocument, word: string): Set<string> {
  const { declared, spelled } = documentNames(document);
  return new Set([...spelled].filter((name) => declared.has(name) && splitIdentifier(name).some((part) => judgedWord(part.word) === word)));
}

function renameFix(document: ParsedDocument, word: string, expansion: Expansion): UnitFix[] {
  const names = renamableNames(document, word);
  if (names.size === 0) return [];
  const edits = renameEdits(document, names, word, expansion.words);
  if (edits.length === 0) return [];
  return [{
    title: `Rename '${word}' to '${expansion.words}' in ${[...names].join(', ')}`,
    kind: 'rename',
    unitEdits: [],
    documentEdits: edits,
  }];
}

/** A comment that ends on the line above a declaring occurrence (or sits on its line) documents that definition. */
function commentsAtDefinitions(comments: AddedComment[], declaring: Placed[]): Set<AddedComment> {
  const rows = new Set(declaring.map((occurrence) => occurrence.range.start.line));
  return new Set(comments.filter((comment) => rows.has(comment.endRow + 1) || rows.has(comment.endRow) || rows.has(comment.startRow)));
}

/** The patch's own prose: its commit message, the comments at the definitions of the names, then other comments. */
function proseSources(context: RuleContext, collected: readonly Collected<TerseFacts>[], occurrences: Placed[]): ProseSource[] {
  const comments = collected.flatMap(({ facts, rows }) => facts.comments.map((comment) => (rows === 0 ? comment
    : { text: comment.text, startRow: comment.startRow + rows, endRow: comment.endRow + rows })));
  const atDefinition = commentsAtDefinitions(comments, occurrences.filter((occurrence) => occurrence.declares));
  return [
    ...(context.patch?.message ? [{ text: context.patch.message, source: 'the commit message' }] : []),
    ...[...atDefinition].map((comment) => ({ text: comment.text, source: 'the comment at its definition', atDefinition: true })),
    ...comments.filter((comment) => !atDefinition.has(comment)).map((comment) => ({ text: comment.text, source: 'a comment' })),
  ];
}

function report(context: RuleContext, collected: readonly Collected<TerseFacts>[], word: string, occurrences: Placed[]): void {
  const [first] = occurrences;
  if (!first) return;
  const distinct = [...new Set(occurrences.map((occurrence) => occurrence.name))];
  const expansion = findExpansion(word, proseSources(context, collected, occurrences));
  const suggestion = expansion ? replaceWord(first.name, word, expansion.words) : undefined;
  const document = context.document;
  context.report({
    range: first.range,
    message: `'${word}' in ${distinct.join(', ')} is an opaque abbreviation`
      + (expansion ? `; spell it out, e.g. '${suggestion}' ("${expansion.quote}" in ${expansion.source})` : ''),
    ...(suggestion ? { suggestion } : {}),
    related: occurrences.slice(1).map((occurrence) => ({ range: occurrence.range, message: `'${word}' also in ${occurrence.name}` })),
    fixes: () => (expansion ? renameFix(document, word, expansion) : []),
    mergeKey: word,
  });
}

export const terseIdentifier: Rule<TerseFacts> = {
  id: 'terse-identifier',
  defaultSeverity: 'warning',
  title: 'Name with an opaque abbreviation',
  checkpatchTypes: [],
  rationale: [
    'Names that the whole kernel (or a whole subsystem) sees should say what they are. `Documentation/process/coding-style.rst`',
    '(section "Naming") asks for descriptive names for global variables and functions, and keeps short names for locals:',
    '`i`, `m` or `ret` inside a function are fine and never reported here.',
    '',
    'Only names the patch owns are judged: those its added lines declare (functions, globals, struct/union/enum tags and',
    'members, typedefs, enumerators, macros) and those they use that neither the document\'s other lines nor Linux 6.12 have.',
    'Hardware keeps the datasheet\'s mnemonics: register and bit-field macros (`0x…`, `BIT()`, `GENMASK()`), fixed-width,',
    'bit-field and `__iomem` members are not judged; nor is a word that names 8 or more of a file\'s names (its namespace).',
    'Nor is a word the unit shows to be fixed outside its code: a word of a register or field name it defines (`#define',
    'DCCTL 0x…`, `LWIE = BIT(3)`), of an upper-case constant it uses from a header (`D40_DREG_LCLA`; never a Kconfig symbol,',
    'an include guard or a constant the document defines), of a name passed to a register accessor (`readl(base + X)`), a',
    'resource or supply name a binding fixes (`"lcla"`, `"vpcie"`), a member or name the kernel\'s headers already have',
    '(`lli->ctllo`), an acronym or product name its comments write in capitals (`LCLA`, `GenQ`, "AMD Ryzen5"; an acronym the',
    'prose defines, "Queued block exchange (QBE)", stays judged), the initials of a member\'s own type (`struct',
    'sdma_channel *sdmac`), an `x` standing for a letter of a register family (`lcxa` beside `lcla`), a placeholder',
    '(`VVVV_DDDD`), a version (`dmav1`), the hardware\'s name from the paths with one letter after it (`admac`), and words',
    'run together (`memtomem`, `writecmdtoindex`). A whole `.c` file (from its SPDX line on) with no `#include` is a fragment',
    'another file includes; only what it declares is judged.',
    'Names are split into words at `_` and camelCase boundaries; a word passes when it is English, when identifiers in at',
    'least 3 files of Linux 6.12 use it (`srcu`, `pfn`, `prot`, `mult`…), when the patch\'s directories or `compatible` strings',
    'name it (a vendor or product), or when the `vocabulary` setting lists it.',
    '',
    'A spelled-out form is offered only when the patch spells it out itself: a hyphenated phrase ("Offload-Copy" → `offc`),',
    'a parenthesised expansion, or the comment at the definition; the message quotes it. The rename touches only names',
    'the document declares, and every use of them in the document, so the result still builds.',
    '',
    'checkpatch.pl has no rule for this: its only naming rule is **CAMELCASE**, and **TYPO_SPELLING** never looks inside',
    'identifiers.',
  ].join('\n'),
  check(context) {
    checkByCollecting(terseIdentifier, context);
  },
  // Names, comments and terms are collected per declaration and kept with it: an edit re-reads only what it touched.
  collect: collectNames,
  judge(context, collected) {
    const registry = documentNames(context.document);
    for (const { facts } of collected) registry.add(facts.addedDeclared, facts.spelled);
    let terms: Set<string> | undefined;
    const unitTermsNow = () => (terms ??= unitTerms(context, collected.map(({ facts, rows }) => ({ terms: facts.terms, rows })), declaredIn(collected)));
    for (const [word, list] of abbreviationsOf(context, collected)) {
      // Whether a word is a term of the unit is asked last: the unit's terms are merged only for a word that needs them.
      if (isEstablishedHere(list) || hasTerm(unitTermsNow(), word) || isWildcardOf(word, unitTermsNow())) continue;
      report(context, collected, word, list);
    }
  },
};
