/**
 * The contract between the patch/mail reader (src/core/patch) and everything that analyses C
 * (src/core/review, src/core/reply, src/core/interp, the simulator's patch facts).
 * All lines and columns here are 0-based; columns count UTF-16 code units, as VS Code and tree-sitter's
 * `startPosition` for ASCII do.
 */

export type InputKind = 'c' | 'diff' | 'format-patch' | 'mbox' | 'quoted-reply' | 'unknown';

export interface DocumentPosition {
  line: number;
  column: number;
}

export interface DocumentRange {
  start: DocumentPosition;
  end: DocumentPosition;
}

/** A replacement in the document the user opened. */
export interface DocumentEdit {
  range: DocumentRange;
  newText: string;
}

/** One line of a reconstructed C source and where it stands in the opened document. */
export interface UnitLine {
  /** Line of the opened document that carries this source line; undefined for a line the reader synthesised. */
  docLine: number | undefined;
  /** Characters in front of the C text on that document line (quote markers, the diff's `+`/` `). */
  docColumnOffset: number;
  /** True when the patch adds this line (always true for a plain C file). */
  added: boolean;
  /** Index into PatchFile.hunks of the hunk this line came from; undefined for plain C. */
  hunk?: number;
}

/** A C source rebuilt from the document: a whole file, a new file's post-image, or a modified file's hunks. */
export interface SourceUnit {
  /**
   * Path of the C file (`mm/migrate_offc.c`), or the document's own name for plain C (`untitled.c` when it
   * has none), or `unnamed.c` for quoted hunks whose file header the replier trimmed.
   */
  path: string;
  /**
   * The rebuilt C text; line i of it is `lines[i]`, and `text.split('\n').length === lines.length` (a patch
   * unit gets no trailing newline; a plain C unit is the document itself, CRLF made LF).
   */
  text: string;
  origin: 'whole-file' | 'new-file' | 'hunks';
  lines: UnitLine[];
  /** The patch (index into ParsedDocument.patches) this unit belongs to; undefined for plain C. */
  patch?: number;
  /** The file (index into PatchInfo.files of `patch`) this unit was rebuilt from; undefined for plain C. */
  file?: number;
}

export interface HunkInfo {
  /** Document line of the `@@` header. */
  headerLine: number;
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  /** Lines the header promises on the new side but the document does not contain (a reply cut the hunk). */
  missingNewLines: number;
}

export interface PatchFile {
  oldPath: string | undefined;
  newPath: string | undefined;
  isNew: boolean;
  isDeleted: boolean;
  /** Document line of the `diff --git` (or `---`) line that starts this file's section. */
  headerLine: number;
  hunks: HunkInfo[];
}

/** One patch: a format-patch mail, one message of an mbox, a quoted patch in a reply, or a bare diff. */
export interface PatchInfo {
  subject?: string;
  from?: string;
  date?: string;
  messageId?: string;
  inReplyTo?: string;
  /** The commit message (prose between the headers and the diff), unquoted; rules mine it for spelled-out names. */
  message: string;
  /** Document lines [start, end) that this patch spans. */
  docStart: number;
  docEnd: number;
  files: PatchFile[];
  /** Quote depth of the patch text in a reply (0 when not quoted). */
  quoteDepth: number;
}

/** The headers of a reply that quotes a patch (the seed's `Re: [RFC V3 5/9] …`), to build an answer to it. */
export interface ReplyInfo {
  subject?: string;
  from?: string;
  date?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string;
}

export interface ParsedDocument {
  kind: InputKind;
  /** Lines of the opened document, CR stripped, in the same numbering as every docLine above. */
  docLines: string[];
  patches: PatchInfo[];
  /** Every C (`.c`/`.h`) source the document carries or is. */
  units: SourceUnit[];
  /** New non-C files a patch creates that carry a license line (Kconfig, Makefile, scripts); never parsed as C. */
  textUnits?: SourceUnit[];
  /** One-line notes about what the reader had to work around (a cut hunk, a lost tab), for display. */
  notes: string[];
  /** For kind 'quoted-reply': the reply's own headers (the quoted patch's are in `patches`). */
  reply?: ReplyInfo;
}
