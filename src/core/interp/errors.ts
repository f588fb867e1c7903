/** Where a C construct sits: the unit's path, its 0-based line in the unit, and the opened document's line. */
export interface CLocation {
  path: string;
  /** 0-based line in the SourceUnit's text. */
  line: number;
  /** 0-based line of the opened document (SourceUnit.lines[line].docLine); undefined for synthesised lines. */
  docLine: number | undefined;
}

export type CErrorKind =
  | 'null-dereference'
  | 'use-after-free'
  | 'out-of-bounds'
  | 'uninitialized-read'
  | 'signed-overflow'
  | 'division-by-zero'
  | 'invalid-shift'
  | 'invalid-pointer'
  | 'unknown-function'
  | 'unsupported'
  | 'step-limit'
  | 'kernel';

/** Kinds that are undefined behaviour in C, as opposed to limits of the interpreter. */
export const undefinedBehaviourKinds: ReadonlySet<CErrorKind> = new Set([
  'null-dereference', 'use-after-free', 'out-of-bounds', 'uninitialized-read', 'signed-overflow', 'division-by-zero',
  'invalid-shift', 'invalid-pointer',
]);

/** Stops a run: undefined behaviour, a call nobody provides, or something the interpreter does not model. */
export class CRuntimeError extends Error {
  loc: CLocation | undefined;

  constructor(readonly kind: CErrorKind, message: string, loc?: CLocation, readonly functionName?: string) {
    super(message);
    this.loc = loc;
  }

  get isUndefinedBehaviour(): boolean {
    return undefinedBehaviourKinds.has(this.kind);
  }

  /** One line, compiler style: `mm/migrate_offc.c:17: null-dereference: …` (1-based line, as editors show it). */
  describe(): string {
    const where = this.loc ? `${this.loc.path}:${this.loc.line + 1}: ` : '';
    return `${where}${this.kind}: ${this.message}`;
  }
}

export function fail(kind: CErrorKind, message: string): never {
  throw new CRuntimeError(kind, message);
}

export function formatLocation(loc: CLocation | undefined): string {
  return loc ? `${loc.path}:${loc.line + 1}` : '<kernel>';
}
