/**
 * Where "Simulate with this migrator" CodeLenses go: above a `struct migrator` initializer and above
 * the functions that switch the provider (start_offloading/stop_offloading in V3,
 * migrate_offload_register/unregister later). Works on document lines as they are — plain C, a diff
 * (`+`, ` `), or a reply quoting the patch (`> `) — so it needs no parse and runs on every keystroke.
 */
import type { ProviderKind } from './runConfig';

export interface MigratorLens {
  /** 0-based document line the lens sits above. */
  line: number;
  kind: 'migrator' | 'switch-function';
  /** The C identifier: the migrator variable or the function. */
  name: string;
  /** The `.name = "…"` string of an initializer, when it is on one of the next lines. */
  migratorName?: string;
}

const QUOTE_AND_DIFF_PREFIX = /^(?:\s*>\s?)*[+ ]?/;
const MIGRATOR_INITIALIZER = /^(?:static\s+)?(?:const\s+)?struct\s+migrator\s+([A-Za-z_]\w*)\s*=\s*\{/;
const SWITCH_FUNCTION = /^(?:static\s+)?(?:inline\s+)?(?:int|void|bool)\s+\**\s*((?:start|stop)_offloading\w*|\w*offload\w*_(?:register|unregister|start|stop)|offc_update_migrator)\s*\(/;
const NAME_FIELD = /\.name\s*=\s*"([^"\\]{0,64})/;
/** How far below an initializer's first line its `.name` may be. */
export const NAME_LOOKAHEAD = 12;

/** Every lens line holds one of these words (the patterns above spell them): a file without either has no lens. */
export const LENS_WORDS = ['migrator', 'offload'] as const;

export function mayHaveMigratorLenses(text: string): boolean {
  return LENS_WORDS.some((word) => text.includes(word));
}

/** The lenses of a whole document's text (lines split where the editor splits them). */
export function migratorLensesOfText(text: string): MigratorLens[] {
  return mayHaveMigratorLenses(text) ? findMigratorLenses(text.split(/\r\n|\r|\n/)) : [];
}

/** The C text of a document line without quote markers or a diff's add/context column. */
export function codeOfLine(line: string): string {
  if (/^(?:\s*>\s?)*-/.test(line)) return '';
  return line.replace(QUOTE_AND_DIFF_PREFIX, '');
}

function nameBelow(lines: readonly string[], start: number): string | undefined {
  for (let i = start; i < Math.min(lines.length, start + NAME_LOOKAHEAD); i++) {
    const code = codeOfLine(lines[i]);
    const match = NAME_FIELD.exec(code);
    if (match) return match[1];
    if (i > start && /^\s*\}/.test(code)) return undefined;
  }
  return undefined;
}

export function findMigratorLenses(lines: readonly string[]): MigratorLens[] {
  const lenses: MigratorLens[] = [];
  for (const [line, text] of lines.entries()) {
    if (text.length > 2000) continue;
    const code = codeOfLine(text);
    const initializer = MIGRATOR_INITIALIZER.exec(code);
    if (initializer) {
      lenses.push({ line, kind: 'migrator', name: initializer[1], migratorName: nameBelow(lines, line) });
      continue;
    }
    const fn = SWITCH_FUNCTION.exec(code);
    // A prototype ends in `;`; a one-line stub (`{ return 0; }`) is no code worth simulating either.
    if (fn && !/;\s*$/.test(code) && !/\{.*\}\s*$/.test(code)) lenses.push({ line, kind: 'switch-function', name: fn[1] });
  }
  return lenses;
}

/** The provider of the series a migrator name stands for ("CPU_MT_COPY" is mtcopy, "DCBM" is dcbm). */
export function providerForMigratorName(name: string | undefined): ProviderKind | undefined {
  if (name === undefined) return undefined;
  if (/mt|thread|cpu_mt/i.test(name)) return 'mtcopy';
  if (/dcbm|dma/i.test(name)) return 'dcbm';
  if (/^kernel$/i.test(name)) return 'kernel';
  return undefined;
}
