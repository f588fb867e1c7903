import type { Node } from 'web-tree-sitter';
import type { ParsedDocument } from '../../patch/types';
import { spellsOut } from '../expansions';
import { judgedWord, splitIdentifier } from '../identifierWords';
import type { NameOccurrence, UnitNames } from '../judgedNames';
import type { RuleContext } from '../rule';

/**
 * Words a unit's own text shows to be names fixed outside its code, which the code follows rather than shortens:
 * a datasheet's register and field mnemonics (`lcla`, `dcctl`, `tcem`), a devicetree binding's resource and supply
 * names (`"vpcie"`), the members of a structure a header declares (`ctllo`), an acronym its comments spell in
 * capitals. A dmaengine or PCI maintainer reads `lcla_pool` next to `D40_DREG_LCLA` as the datasheet's name, and
 * asks for it to stay.
 *
 * Gathered per top-level declaration (declarationTerms, kept with it while its text is unchanged) and merged for the
 * unit (unitTerms), so an edit re-reads only the declaration it touched.
 */
export interface DeclarationTerms {
  /** Words the declaration alone shows to be terms. */
  terms: string[];
  /** Upper-case names it uses, its comments' included: terms unless the document defines them (see headerConstants). */
  constants: string[];
  /** Members it reaches through `.` or `->`: terms unless the unit declares them. */
  members: string[];
  /**
   * Rows the declaration shares with another top-level node (`int a; int b = readl(X);`): a line's facts are the
   * whole line's, so the unit reads those lines again instead of trusting one node's view of them.
   */
  sharedRows: number[];
}

/** The terms one top-level declaration (`context.root`, whose judgedNames are `names`) contributes. */
export function declarationTerms(context: RuleContext, names: UnitNames): DeclarationTerms {
  const terms = new Set<string>();
  registerMnemonics(names.occurrences, terms);
  const constants = new Set(names.usedConstants);
  for (const comment of names.comments) proseTerms(comment.text, constants, terms);
  kernelNames(context, names.occurrences, terms);
  const sharedRows = ownLineTerms(context, terms);
  for (const occurrence of names.occurrences) if (occurrence.declares) typeInitials(occurrence, terms);
  return { terms: [...terms], constants: [...constants], members: [...names.usedMembers], sharedRows };
}

/** The unit's terms from its declarations' (each with the rows it moved since it was read), as one walk would find them. */
export function unitTerms(
  context: Pick<RuleContext, 'document' | 'textLines'>, declarations: readonly { terms: DeclarationTerms; rows: number }[],
  declaredHere: ReadonlySet<string>,
): Set<string> {
  const terms = new Set<string>();
  const constants = new Set<string>();
  const members = new Set<string>();
  for (const { terms: found, rows } of declarations) {
    for (const term of found.terms) terms.add(term);
    for (const name of found.constants) constants.add(name);
    for (const member of found.members) members.add(member);
    for (const row of found.sharedRows) lineTerms(context.textLines[row + rows] ?? '', terms);
  }
  headerConstants(constants, definedInDocument(context.document), declaredHere, terms);
  for (const member of members) if (!declaredHere.has(member)) addWhole(member, terms);
  return terms;
}

/** A register accessor's constants and a binding's names on one line of the unit. */
function lineTerms(line: string, terms: Set<string>): void {
  // Every accessor name holds `read`, `write` or `regmap_`: the plain searches spare most lines the regex.
  if ((line.includes('read') || line.includes('write') || line.includes('regmap_')) && accessor.test(line)) for (const [name] of line.matchAll(/\b[A-Z][A-Z0-9_]*[A-Z0-9]\b/g)) addWords(name, terms);
  if (line.includes('"')) bindingNames(line, terms);
}

/**
 * lineTerms() of the lines the declaration has to itself (other text on its first or last line makes that line
 * shared); returns the shared rows.
 */
function ownLineTerms(context: RuleContext, terms: Set<string>): number[] {
  const { root, textLines } = context;
  const first = root.startPosition;
  const end = root.endPosition;
  // A node ending with its newline (`#define`) ends at column 0 of the next row, where it has no text.
  const last = end.column === 0 && end.row > first.row ? end.row - 1 : end.row;
  const shared: number[] = [];
  for (let row = first.row; row <= last; row++) {
    const line = textLines[row] ?? '';
    const sharesStart = row === first.row && line.slice(0, first.column).trim() !== '';
    const sharesEnd = row === end.row && line.slice(end.column).trim() !== '';
    if (sharesStart || sharesEnd) shared.push(row);
    else lineTerms(line, terms);
  }
  return shared;
}

/** Register accessors: `readl(base + DMA_TDFDQ)`, `cppi_writel(v, mem + DMA_TDFDQ)`, `regmap_update_bits(map, CTRL, …)`. */
const accessor = /\b\w*(?:read|write)[bwlq]\s*\(|\b(?:ioread|iowrite)(?:8|16|32|64)\w*\s*\(|\bregmap_\w+\s*\(/;

/**
 * A name the code uses and the kernel already has (`ctllo`, a member of the driver's register header): the code's
 * own names built on it follow the header (`dw_dma_prepare_ctllo`). Asked once per distinct used name.
 */
function kernelNames(context: RuleContext, occurrences: readonly NameOccurrence[], terms: Set<string>): void {
  const asked = new Set<string>();
  for (const occurrence of occurrences) {
    if (occurrence.declares || asked.has(occurrence.name)) continue;
    asked.add(occurrence.name);
    if (context.vocabulary.isKernelIdentifier(occurrence.name)) addWords(occurrence.name, terms);
  }
}

/**
 * `lcxa` beside `lcla` and `lcpa`, `chx` beside `ch0`: an `x` standing for any letter names the family of registers
 * the unit already names, as datasheets write it.
 */
export function isWildcardOf(word: string, terms: ReadonlySet<string>): boolean {
  if (!word.includes('x') || word.length < 3) return false;
  const pattern = new RegExp(`^${word.replace(/x/g, '[a-z]')}$`);
  for (const term of terms) if (term !== word && pattern.test(term)) return true;
  return false;
}

/** `vvvv_dddd` in a format's name, `memsetxx`: one letter repeated is a placeholder for digits, not a word. */
export function isPlaceholder(word: string, isKnown: (word: string) => boolean): boolean {
  const match = /^([a-z]*?)(([a-z])\3+)$/.exec(word);
  return match !== null && (match[1] === '' ? match[2]!.length >= 2 : match[1]!.length >= 3 && isKnown(match[1]!));
}

/** `dmav1`, `hdmav0`: a known word with a version after it (`dma` v1), not an abbreviation of anything. */
export function isVersioned(part: string, isKnown: (word: string) => boolean): boolean {
  const match = /^([a-z]{2,})v\d+$/i.exec(part);
  return match !== null && isKnown(match[1]!);
}

/** A term, or a plural of one (`rflows` where the unit names an `rflow`). */
export function hasTerm(terms: ReadonlySet<string>, word: string): boolean {
  return terms.has(word) || (word.endsWith('s') && terms.has(word.slice(0, -1))) || (word.endsWith('es') && terms.has(word.slice(0, -2)));
}

function addWords(name: string, terms: Set<string>): void {
  for (const part of splitIdentifier(name)) {
    const word = judgedWord(part.word);
    if (word) terms.add(word);
  }
}

/** A name that is one word (`ctllo`, `lcla`), added as that word; names of several words say nothing about each. */
function addWhole(name: string, terms: Set<string>): void {
  const word = /^[A-Za-z]+\d*$/.test(name) ? judgedWord(name) : undefined;
  if (word) terms.add(word);
}

/** A hex number, `BIT()`, `GENMASK()` or a shift: a register offset or field, as datasheets number them. */
const registerValue = /\b0[xX][0-9a-fA-F]+|\b(?:BIT|BIT_ULL|GENMASK|GENMASK_ULL|FIELD_PREP)\s*\(|<</;

function definitionValue(definition: Node): string {
  return definition.childForFieldName('value')?.text ?? '';
}

/** `#define D40_DREG_LCLA 0x024`, `DW_HDMA_V0_LWIE = BIT(3),`: the words of register and field names the unit defines. */
function registerMnemonics(occurrences: readonly NameOccurrence[], terms: Set<string>): void {
  for (const occurrence of occurrences) {
    if (!occurrence.definition || occurrence.name !== occurrence.name.toUpperCase()) continue;
    if (registerValue.test(definitionValue(occurrence.definition))) addWords(occurrence.name, terms);
  }
}

/**
 * Upper-case names the unit uses that no line of the document defines come from the kernel's headers (the driver's
 * register map, `ste_dma40_ll.h`'s `D40_DREG_LCPA`): their words are the hardware's. Kconfig symbols and include
 * guards name the patch's own files and options, and a name the document defines (a series' header) is the patch's own.
 */
function headerConstants(used: ReadonlySet<string>, defined: ReadonlySet<string>, declaredHere: ReadonlySet<string>, terms: Set<string>): void {
  for (const name of used) {
    if (defined.has(name) || declaredHere.has(name) || /^CONFIG_/.test(name) || /_H_*$/.test(name)) continue;
    addWords(name, terms);
  }
}

const definedNames = new WeakMap<ParsedDocument, Set<string>>();

/** Every macro (`#define X`) and upper-case enumerator line (`X = 3,`) of the document, in any unit or patch. */
function definedInDocument(document: ParsedDocument): Set<string> {
  let defined = definedNames.get(document);
  if (defined) return defined;
  defined = new Set();
  for (const line of document.docLines) {
    const macro = /^[+\- >]*#\s*define\s+(\w+)/.exec(line);
    const enumerator = macro ? null : /^[+\- >]*([A-Z][A-Z0-9_]*)\s*(?:=[^;{}]*)?,?\s*(?:\/[*/].*)?$/.exec(line);
    const name = macro?.[1] ?? enumerator?.[1];
    if (name) defined.add(name);
  }
  definedNames.set(document, defined);
  return defined;
}

/**
 * The unit's prose spelling a word as an acronym (`LCLA`, `OPCAP`) or a product's own capitals (`GenQ`, `MediaGX`,
 * `staticTR`) names a datasheet's or vendor's term. An acronym the prose defines ("Queued block exchange (QBE)") is
 * the patch's own shortcut, spelled out right there: still judged. Upper-case names with `_` in a comment
 * (`D40_DREG_LCLA`, `CONFIG_OFFC_MIGRATION` after an `#endif`) are judged as constants the code uses. A word in lower
 * case is most often the comment naming the variable, which says nothing about its meaning.
 */
function proseTerms(comment: string, constants: Set<string>, terms: Set<string>): void {
  // Everything below is found by a capital letter (an upper-case constant, an acronym, a capitalised word).
  if (!/[A-Z]/.test(comment)) return;
  for (const [token] of comment.matchAll(/[A-Za-z][A-Za-z0-9_]*/g)) {
    if (token.includes('_')) {
      if (token === token.toUpperCase()) constants.add(token);
    } else if ((/^[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*$/.test(token) || /[a-z][A-Z]/.test(token)) && !comment.includes(`(${token})`)) {
      const word = judgedWord(token);
      if (word) terms.add(word);
    }
  }
  // "on AMD Ryzen5 systems": a capitalised word inside a sentence is a product's or vendor's name.
  for (const [token] of comment.matchAll(/(?<=\w[ ,] ?)[A-Z][a-z]+\d*\b/g)) {
    const word = judgedWord(token);
    if (word) terms.add(word);
  }
}

/**
 * `platform_get_resource_byname(pdev, IORESOURCE_MEM, "lcla")`, `devm_regulator_get(dev, "vpcie")`, `"rchanrt"`: a
 * string that is one name (no spaces, no format) names a resource, supply or register region a devicetree binding
 * fixes; the code's names follow it. A string of several words is a message, and `"migrate_offc"` is the patch's own name.
 */
function bindingNames(line: string, terms: Set<string>): void {
  for (const match of line.matchAll(/"([A-Za-z][A-Za-z0-9]*(?:[-,.][A-Za-z0-9]+)*)"/g)) {
    for (const piece of match[1]!.split(/[-,.]/)) {
      addWhole(piece, terms);
      // `"vpcie3v3"`, `"vpcie12v"`: a supply named with its voltage.
      const letters = /^[A-Za-z]{3,}(?=\d)/.exec(piece)?.[0];
      if (letters) terms.add(letters.toLowerCase());
    }
  }
}

/** The words of the declared type: `struct sdma_channel *sdmac` → sdma, channel. */
function typeWords(declaration: Node): string[] {
  const type = declaration.childForFieldName('type');
  if (!type) return [];
  const name = type.type === 'type_identifier' ? type.text : type.childForFieldName('name')?.text;
  return name ? splitIdentifier(name).map((part) => part.word.toLowerCase()) : [];
}

/**
 * `struct sdma_channel *sdmac`, `struct mmp_tdma_chan *tdmac[]`, `struct gpii *gpiis`: a member or variable named by
 * the initials of its own type (or its plural) is read through the type, which the declaration shows beside it.
 */
function typeInitials(occurrence: NameOccurrence, terms: Set<string>): void {
  if (!occurrence.declaration || occurrence.declaration.type === 'function_definition') return;
  const words = typeWords(occurrence.declaration);
  if (words.length === 0) return;
  for (const part of splitIdentifier(occurrence.name)) {
    const word = judgedWord(part.word);
    if (word && abbreviatesType(word, words)) terms.add(word);
  }
}

function abbreviatesType(word: string, typeWords: readonly string[]): boolean {
  for (let start = 0; start < typeWords.length; start++) {
    const single = typeWords[start]!;
    if (word === `${single}s` || word === `${single}es` || contracts(word, single)) return true;
    for (let end = start + 2; end <= typeWords.length; end++) if (spellsOut(word, typeWords.slice(start, end))) return true;
  }
  return false;
}

/** `rqcfg` of a `struct pl330_reqcfg`: the type's word with letters left out, first letter kept. */
function contracts(word: string, typeWord: string): boolean {
  if (word.length < 3 || word.length >= typeWord.length || word[0] !== typeWord[0]) return false;
  let index = 0;
  for (const char of typeWord) if (char === word[index]) index++;
  return index === word.length;
}
