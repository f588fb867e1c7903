/**
 * The extension host's side of "Use the patch's code" in the panel: one PatchSession for the document the
 * panel is attached to, rebuilt when the document's version changes (so an edit changes the next run), and
 * the stepper the panel drives with restart / step / run. Pure: the host passes the text in, gets JSON out.
 */
import type { CParser } from '../c/parser';
import type { ProviderKind } from '../sim';
import { openPatchSession, type PatchSession } from './patchSession';
import type { PatchStepper, StepSnapshot } from './runtime/stepper';

export type PatchStepAction = 'restart' | 'step' | 'run';
export type PatchStepMigrator = ProviderKind | 'patch';

/** The document as the host reads it right now. */
export interface PatchDocumentText {
  text: string;
  fileName: string;
  version: number;
}

/** What the panel lists: functions it may step, calls nothing provides, reader/loader notes. Plain JSON. */
export interface PatchFunctionsInfo {
  functions: { name: string; params: string[]; docLine: number | null }[];
  unresolved: { name: string; at: string; caller: string }[];
  notes: string[];
  /** Why the document has no steppable C (one line), or null. */
  error: string | null;
}

export interface PatchStepRequest {
  function: string;
  action: PatchStepAction;
  migrator: PatchStepMigrator;
}

export type PatchStepOutcome = { snapshot: StepSnapshot; error: null } | { snapshot: null; error: string };

/** Documents above this size are not loaded into the interpreter (one-line refusal instead). */
export const MAX_PATCH_CODE_CHARS = 2 * 1024 * 1024;

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
}

/** Drops `undefined` members so the snapshot survives the webview's JSON channel unchanged. */
export function plainSnapshot(snapshot: StepSnapshot): StepSnapshot {
  return JSON.parse(JSON.stringify(snapshot)) as StepSnapshot;
}

export class PatchStepSession {
  private session: { version: number; fileName: string; text: string; value: PatchSession } | { version: number; fileName: string; text: string; error: string } | undefined;
  private stepper: { key: string; value: PatchStepper } | undefined;

  constructor(private readonly parser: CParser) {}

  functions(doc: PatchDocumentText): PatchFunctionsInfo {
    const session = this.sessionFor(doc);
    if ('error' in session) return { functions: [], unresolved: [], notes: [], error: session.error };
    try {
      return {
        functions: session.value.functions().map((f) => ({ name: f.name, params: f.params, docLine: f.docLine ?? null })),
        unresolved: session.value.unresolved().map((u) => ({ name: u.name, at: u.at, caller: u.caller })),
        notes: session.value.notes,
        error: null,
      };
    } catch (error) {
      return { functions: [], unresolved: [], notes: session.value.notes, error: `${doc.fileName}: ${message(error)}` };
    }
  }

  /** Restart makes a fresh stepper; step/run continue the current one (or start one if the document changed). */
  act(doc: PatchDocumentText, request: PatchStepRequest, stubs?: Record<string, number>): PatchStepOutcome {
    const session = this.sessionFor(doc);
    if ('error' in session) return { snapshot: null, error: session.error };
    const key = `${session.version}\u0000${request.function}\u0000${request.migrator}`;
    try {
      if (request.action === 'restart' || this.stepper?.key !== key) {
        this.stepper = { key, value: session.value.step(request.function, { migrator: request.migrator, stubs }) };
        if (request.action === 'restart') return { snapshot: plainSnapshot(this.stepper.value.snapshot()), error: null };
      }
      const stepper = this.stepper.value;
      return { snapshot: plainSnapshot(request.action === 'run' ? stepper.runToEnd() : stepper.step()), error: null };
    } catch (error) {
      this.stepper = undefined;
      return { snapshot: null, error: `${request.function}(): ${message(error)}` };
    }
  }

  dispose(): void {
    this.stepper = undefined;
    if (this.session && 'value' in this.session) this.session.value.dispose();
    this.session = undefined;
  }

  private sessionFor(doc: PatchDocumentText): NonNullable<PatchStepSession['session']> {
    // The text decides, not the version: a re-targeted panel may bring another document at the same version.
    if (this.session && this.session.text === doc.text && this.session.fileName === doc.fileName) return this.session;
    this.dispose();
    const base = { version: doc.version, fileName: doc.fileName, text: doc.text };
    if (doc.text.length > MAX_PATCH_CODE_CHARS) {
      this.session = { ...base, error: `${doc.fileName} is larger than 2 MiB; the patch's code is not loaded` };
    } else {
      try {
        this.session = { ...base, value: openPatchSession(doc.text, doc.fileName, this.parser) };
      } catch (error) {
        this.session = { ...base, error: message(error) };
      }
    }
    return this.session;
  }
}
