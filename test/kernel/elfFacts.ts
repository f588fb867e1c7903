// What a quick fix may not change in an object file: the bytes and relocations of every data section and the size of
// every data symbol. Read with binutils' readelf (sections, symbols, relocations); section bytes are read straight
// from the file at the offsets readelf gives. Code may legitimately differ, so references into code are named by the
// function they land in (`start_kernel+0x10`) rather than by an offset that moves when an earlier function changes.
import { readFileSync } from 'node:fs';
import { lastLine, run } from './debian';

interface Section {
  index: number;
  name: string;
  type: string;
  offset: number;
  size: number;
  flags: string;
}

interface ElfSymbol {
  value: number;
  size: number;
  type: string;
  section: string;
  name: string;
}

export interface DataFacts {
  /** Data section name → its bytes as hex (size only for NOBITS sections such as .bss). */
  sections: Map<string, string>;
  /** Data section name → its relocations, one line each: `offset type target`. */
  relocations: Map<string, string[]>;
  /** `name in section: size` of every data object symbol, sorted. */
  symbols: string[];
}

/**
 * Allocated, non-executable sections the compiler or assembler derive from code (addresses of instructions, bug and
 * exception tables, patch sites): they legitimately change with the code. Everything else allocated and not
 * executable is data: .data*, .rodata*, .bss*, .init.data, .init.rodata, .data..percpu, __param, .initcall*, ...
 */
const CODE_METADATA = /^(__patchable_function_entries|__mcount_loc|\.smp_locks|__bug_table|__jump_table|__ex_table|\.altinstructions|\.altinstr_aux|\.orc_unwind(_ip)?|\.orc_header|\.static_call_sites|\.retpoline_sites|\.return_sites|\.call_sites|\.ibt_endbr_seal|\.parainstructions|\.cfi_sites|\.eh_frame|\.discard\..*|\.note\..*)$/;

function readelf(args: string[], file: string): string {
  const r = run('readelf', ['-W', ...args, file]);
  if (!r.ok) throw new Error(`readelf ${args.join(' ')} ${file} failed: ${lastLine(r.err)}`);
  return r.out;
}

function parseSections(text: string): Section[] {
  const sections: Section[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*\[\s*(\d+)\]\s+(.*)$/.exec(line);
    if (!m || m[1] === '0') continue;
    const fields = m[2]!.trim().split(/\s+/);
    // name type address offset size entsize [flags] link info align
    if (fields.length < 9) continue;
    const hasFlags = fields.length >= 10;
    sections.push({
      index: Number(m[1]), name: fields[0]!, type: fields[1]!, offset: parseInt(fields[3]!, 16), size: parseInt(fields[4]!, 16),
      flags: hasFlags ? fields[6]! : '',
    });
  }
  return sections;
}

function parseSize(text: string): number {
  return text.startsWith('0x') ? parseInt(text, 16) : Number(text);
}

function parseSymbols(text: string, byIndex: Map<number, Section>): ElfSymbol[] {
  const symbols: ElfSymbol[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*\d+:\s+([0-9a-f]+)\s+(\S+)\s+(\S+)\s+\S+\s+\S+\s+(\S+)\s*(\S*)$/.exec(line);
    if (!m) continue;
    const ndx = Number(m[4]);
    symbols.push({
      value: parseInt(m[1]!, 16), size: parseSize(m[2]!), type: m[3]!,
      section: Number.isInteger(ndx) ? (byIndex.get(ndx)?.name ?? `#${ndx}`) : m[4]!, name: m[5]!,
    });
  }
  return symbols;
}

/** `.text + 1a0` becomes `function+0x20` when .text is code: the offset moves whenever earlier code changes. */
function targetName(target: string, code: Map<string, ElfSymbol[]>): string {
  const m = /^(\S+) ([+-]) ([0-9a-f]+)$/.exec(target);
  if (!m) return target;
  const functions = code.get(m[1]!);
  if (!functions) return target;
  const at = (m[2] === '-' ? -1 : 1) * parseInt(m[3]!, 16);
  let best: ElfSymbol | undefined;
  for (const symbol of functions) if (symbol.value <= at && (!best || symbol.value > best.value)) best = symbol;
  return best ? `${best.name}+0x${(at - best.value).toString(16)}` : `${m[1]} (code)`;
}

function parseRelocations(text: string, wanted: Set<string>, code: Map<string, ElfSymbol[]>): Map<string, string[]> {
  const relocations = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    const header = /^Relocation section '\.rela?(.*)' at offset/.exec(line);
    if (header) {
      current = wanted.has(header[1]!) ? [] : undefined;
      if (current) relocations.set(header[1]!, current);
      continue;
    }
    const row = /^([0-9a-f]+)\s+[0-9a-f]+\s+(\S+)\s*(?:[0-9a-f]{16}\s+)?(.*)$/.exec(line);
    if (!current || !row) continue;
    current.push(`${row[1]} ${row[2]} ${targetName(row[3]!.trim(), code)}`);
  }
  return relocations;
}

/** The data facts of one object file. */
export function dataFacts(objectFile: string): DataFacts {
  const sections = parseSections(readelf(['-S'], objectFile));
  const byIndex = new Map(sections.map((section) => [section.index, section]));
  const symbols = parseSymbols(readelf(['-s'], objectFile), byIndex);
  const isData = (s: Section) => s.flags.includes('A') && !s.flags.includes('X') && s.type !== 'NOTE' && !CODE_METADATA.test(s.name);
  const data = sections.filter(isData);
  const code = new Map<string, ElfSymbol[]>();
  for (const section of sections) if (section.flags.includes('X')) code.set(section.name, []);
  for (const symbol of symbols) if (symbol.name && symbol.type !== 'SECTION') code.get(symbol.section)?.push(symbol);
  const bytes = readFileSync(objectFile);
  const contents = new Map<string, string>();
  for (const section of data) {
    const key = contents.has(section.name) ? `${section.name}#${section.index}` : section.name;
    contents.set(key, section.type === 'NOBITS'
      ? `NOBITS size ${section.size}`
      : bytes.subarray(section.offset, section.offset + section.size).toString('hex'));
  }
  const dataNames = new Set(data.map((section) => section.name));
  const objects = symbols
    .filter((symbol) => (symbol.type === 'OBJECT' || symbol.type === 'TLS') && (dataNames.has(symbol.section) || symbol.section === 'COM'))
    .map((symbol) => `${symbol.name} in ${symbol.section} at 0x${symbol.value.toString(16)}: ${symbol.size}`)
    .sort();
  return { sections: contents, relocations: parseRelocations(readelf(['-r'], objectFile), dataNames, code), symbols: objects };
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Every way `after` differs from `before` in what a fix may not change, one line each (empty: nothing changed). */
export function compareFacts(before: DataFacts, after: DataFacts): string[] {
  const differences: string[] = [];
  for (const name of new Set([...before.sections.keys(), ...after.sections.keys()])) {
    const a = before.sections.get(name);
    const b = after.sections.get(name);
    if (a === b) continue;
    if (a === undefined || b === undefined) differences.push(`section ${name} ${a === undefined ? 'appeared' : 'disappeared'}`);
    else if (a.startsWith('NOBITS') || b.startsWith('NOBITS')) differences.push(`${name}: ${a} became ${b}`);
    else differences.push(`${name}: ${a.length / 2} bytes became ${b.length / 2}, first difference at byte 0x${Math.floor(firstDifference(a, b) / 2).toString(16)}`);
  }
  for (const name of new Set([...before.relocations.keys(), ...after.relocations.keys()])) {
    const a = before.relocations.get(name) ?? [];
    const b = after.relocations.get(name) ?? [];
    if (a.join('\n') === b.join('\n')) continue;
    const gone = a.filter((r) => !b.includes(r));
    const added = b.filter((r) => !a.includes(r));
    differences.push(`relocations of ${name}: ${a.length} became ${b.length}${gone[0] ? `, lost '${gone[0]}'` : ''}${added[0] ? `, gained '${added[0]}'` : ''}`);
  }
  const lost = before.symbols.filter((s) => !after.symbols.includes(s));
  const gained = after.symbols.filter((s) => !before.symbols.includes(s));
  if (lost.length || gained.length) differences.push(`data symbols: ${[...lost.map((s) => `was ${s}`), ...gained.map((s) => `now ${s}`)].slice(0, 4).join('; ')}`);
  return differences;
}
