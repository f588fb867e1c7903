import type { DocumentEdit, ParsedDocument } from '../../patch/types';
import { expandAbbreviation } from '../expansions';
import { replaceWord, splitIdentifier } from '../identifierWords';
import { judgedNames, type NameOccurrence } from '../judgedNames';
import type { Rule, RuleContext, UnitFix } from '../rule';
import { nodeRange, nodesOfType } from '../syntax';

/** A word worth judging: letters (a trailing number is a version or width), more than one of them. */
function judgeableWord(word: string): string | undefined {
  const letters = word.replace(/\d+$/, '').toLowerCase();
  return /^[a-z]{2,}$/.test(letters) ? letters : undefined;
}

function abbreviationsOf(context: RuleContext, occurrences: NameOccurrence[]): Map<string, NameOccurrence[]> {
  const byWord = new Map<string, NameOccurrence[]>();
  for (const occurrence of occurrences) {
    for (const part of splitIdentifier(occurrence.name)) {
      const word = judgeableWord(part.word);
      if (!word || context.vocabulary.isKnown(word)) continue;
      const list = byWord.get(word) ?? [];
      if (!list.includes(occurrence)) list.push(occurrence);
      byWord.set(word, list);
    }
  }
  return byWord;
}

/** `mm/migrate_offc.c` names a file, not the symbol: renaming files is the author's call. */
function isInPath(line: string, start: number, length: number): boolean {
  return line[start - 1] === '/' || /^\.[chSo]\b/.test(line.slice(start + length));
}

/** Every identifier token in the document whose name is one of `names`, rewritten with the expansion. */
function renameEdits(document: ParsedDocument, names: ReadonlySet<string>, abbreviation: string, expansion: string): DocumentEdit[] {
  const edits: DocumentEdit[] = [];
  document.docLines.forEach((line, lineIndex) => {
    for (const match of line.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
      if (!names.has(match[0]) || isInPath(line, match.index, match[0].length)) continue;
      edits.push({
        range: { start: { line: lineIndex, column: match.index }, end: { line: lineIndex, column: match.index + match[0].length } },
        newText: replaceWord(match[0], abbreviation, expansion),
      });
    }
  });
  return edits;
}

/** All names in the unit that carry the word, locals included: a rename must leave no half-renamed spelling. */
function namesWithWord(context: RuleContext, word: string): Set<string> {
  const names = new Set<string>();
  for (const node of nodesOfType(context.tree, ['identifier', 'field_identifier', 'type_identifier'])) {
    if (splitIdentifier(node.text).some((part) => judgeableWord(part.word) === word)) names.add(node.text);
  }
  return names;
}

function prose(context: RuleContext): string {
  const comments = nodesOfType(context.tree, ['comment']).map((node) => node.text);
  return [context.patch?.message ?? '', ...comments].join('\n');
}

function report(context: RuleContext, word: string, occurrences: NameOccurrence[]): void {
  const first = occurrences.find((occurrence) => context.isAdded(occurrence.node.startPosition.row));
  if (!first) return;
  const distinct = [...new Set(occurrences.map((occurrence) => occurrence.name))];
  const expansion = expandAbbreviation(word, prose(context));
  const suggestion = expansion ? replaceWord(first.name, word, expansion) : undefined;
  const fixes: UnitFix[] = [];
  if (expansion) {
    const names = namesWithWord(context, word);
    fixes.push({
      title: `Rename '${word}' to '${expansion}' in ${[...names].join(', ')}`,
      kind: 'rename',
      unitEdits: [],
      documentEdits: renameEdits(context.document, names, word, expansion),
    });
  }
  context.report({
    range: nodeRange(first.node),
    message: `'${word}' in ${distinct.join(', ')} is an opaque abbreviation` + (suggestion ? `; spell it out, e.g. '${suggestion}'` : ''),
    ...(suggestion ? { suggestion } : {}),
    related: occurrences.filter((occurrence) => occurrence !== first)
      .map((occurrence) => ({ range: nodeRange(occurrence.node), message: `'${word}' also in ${occurrence.name}` })),
    fixes: () => fixes,
    mergeKey: word,
  });
}

export const terseIdentifier: Rule = {
  id: 'terse-identifier',
  defaultSeverity: 'warning',
  title: 'Name with an opaque abbreviation',
  checkpatchTypes: [],
  rationale: [
    'Names that the whole kernel (or a whole subsystem) sees should say what they are. `Documentation/process/coding-style.rst`',
    '(section "Naming") asks for descriptive names for global variables and functions, and keeps short names for locals:',
    '`i`, `m` or `ret` inside a function are fine and never reported here.',
    '',
    'Names are split into words at `_` and camelCase boundaries; English words and the kernel\'s established vocabulary',
    '(`srcu`, `pfn`, `folio`, `dma`, `ctx`, …, extensible with the `vocabulary` setting) are accepted. Judged names: file and',
    'global scope, exported symbols, struct members and macros. The spelled-out form comes from the patch\'s own commit',
    'message where it can ("Offload-Copy" → `offc` = `offload_copy`), else from a table.',
    '',
    'checkpatch.pl has no rule for this: its only naming rule is **CAMELCASE**, and **TYPO_SPELLING** never looks inside',
    'identifiers.',
  ].join('\n'),
  check(context) {
    const occurrences = judgedNames(context.tree).filter((occurrence) => !occurrence.node.hasError);
    for (const [word, list] of abbreviationsOf(context, occurrences)) report(context, word, list);
  },
};
