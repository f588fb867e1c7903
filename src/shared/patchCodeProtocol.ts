/**
 * The "Use the patch's code" messages of the panel protocol (stepping the patch's own C in the extension
 * host, which has tree-sitter; the webview has not). Every string in a snapshot comes from the document,
 * so each is checked here and rendered as text only.
 */
import type { CLocation } from '../core/interp/errors';
// Types only: the webview bundle must not pull in the interpreter.
import type { PatchFunctionsInfo, PatchStepAction, PatchStepMigrator } from '../core/interp/patchStepSession';
import type { FrameView, StepSnapshot } from '../core/interp/runtime/stepper';
import type { SimResult } from '../core/sim/types';
import { type PanelRunConfig, checkRunConfig } from './runConfig';
import { type Checked, fail, isInt, isJsonValue, isOneOf, isRecord, isString, ok } from './validate';

export type PatchCodeHostMessage =
  | { type: 'patchFunctions'; info: PatchFunctionsInfo }
  | { type: 'patchSnapshot'; function: string; snapshot: StepSnapshot | null; error: string | null }
  /** The answer to patchSimulate: the simulator's result (same shape as a worker run's) or why not. */
  | { type: 'patchSimResult'; requestId: number; result: SimResult | null; error: string | null };

export type PatchCodePanelMessage =
  | { type: 'patchStep'; function: string; action: PatchStepAction; migrator: PatchStepMigrator }
  /** A simulation run with the patch's C as the migrator protocol; the host runs it (it has tree-sitter). */
  | { type: 'patchSimulate'; requestId: number; config: PanelRunConfig }
  /** Stop pressed: the host ends that run between two slices and answers it with an error. */
  | { type: 'patchSimulateCancel'; requestId: number };

export const PATCH_STEP_ACTIONS: readonly PatchStepAction[] = ['restart', 'step', 'run'];
export const PATCH_STEP_MIGRATORS: readonly PatchStepMigrator[] = ['kernel', 'mtcopy', 'dcbm', 'patch'];

const TEXT = 64 * 1024;
const MAX_ITEMS = 10_000;
const isText = (v: unknown): v is string => isString(v, TEXT);
const isCount = (v: unknown): v is number => isInt(v, 0, Number.MAX_SAFE_INTEGER);
const isFunctionName = (v: unknown): v is string => isString(v, 256) && /^[A-Za-z_]\w*$/.test(v);

function checkList<T>(value: unknown, name: string, check: (item: unknown) => Checked<T>): Checked<T[]> {
  if (!Array.isArray(value) || value.length > MAX_ITEMS) return fail(`${name} must be a list of at most ${MAX_ITEMS}`);
  const out: T[] = [];
  for (const item of value) {
    const checked = check(item);
    if (!checked.ok) return fail(`${name}: ${checked.error}`);
    out.push(checked.value);
  }
  return ok(out);
}

/** `undefined` (absent after JSON) or a location; docLine may be absent for synthesised lines. */
function checkLocation(value: unknown): Checked<CLocation | undefined> {
  if (value === undefined || value === null) return ok(undefined);
  if (!isRecord(value) || !isText(value.path) || !isCount(value.line)) return fail('loc needs a path and a 0-based line');
  if (value.docLine !== undefined && value.docLine !== null && !isCount(value.docLine)) return fail('loc.docLine must be a 0-based line');
  return ok({ path: value.path, line: value.line, docLine: isCount(value.docLine) ? value.docLine : undefined });
}

function checkFrame(value: unknown): Checked<FrameView> {
  if (!isRecord(value) || !isText(value.function)) return fail('a frame needs a function name');
  const loc = checkLocation(value.loc);
  if (!loc.ok) return loc;
  const locals = checkList(value.locals, 'locals', (l) =>
    isRecord(l) && isText(l.name) && isText(l.type) && isText(l.value) ? ok({ name: l.name, type: l.type, value: l.value }) : fail('a local needs name, type and value strings'));
  return locals.ok ? ok({ function: value.function, loc: loc.value, locals: locals.value }) : locals;
}

function checkLogLine(value: unknown): Checked<StepSnapshot['log'][number]> {
  if (!isRecord(value) || !isText(value.level) || !isText(value.text)) return fail('a log line needs level and text strings');
  const loc = checkLocation(value.loc);
  return loc.ok ? ok({ level: value.level, text: value.text, loc: loc.value }) : loc;
}

export function checkStepSnapshot(value: unknown): Checked<StepSnapshot> {
  if (!isRecord(value)) return fail('snapshot must be an object');
  const loc = checkLocation(value.loc);
  const frames = checkList(value.frames, 'frames', checkFrame);
  const log = checkList(value.log, 'log', checkLogLine);
  if (!loc.ok) return loc;
  if (!frames.ok) return frames;
  if (!log.ok) return log;
  if (!isCount(value.steps) || typeof value.elapsedNs !== 'number' || !Number.isFinite(value.elapsedNs)) return fail('snapshot.steps and elapsedNs must be numbers');
  if (typeof value.done !== 'boolean') return fail('snapshot.done must be a boolean');
  const snapshot: StepSnapshot = { loc: loc.value, frames: frames.value, log: log.value, steps: value.steps, elapsedNs: value.elapsedNs, done: value.done };
  if (value.result !== undefined) {
    if (!isText(value.result)) return fail('snapshot.result must be a string');
    snapshot.result = value.result;
  }
  if (value.error !== undefined) {
    const e = value.error;
    if (!isRecord(e) || !isText(e.kind) || !isText(e.message) || !isText(e.at)) return fail('snapshot.error needs kind, message and at strings');
    const errorLoc = checkLocation(e.loc);
    if (!errorLoc.ok) return errorLoc;
    snapshot.error = { kind: e.kind, message: e.message, at: e.at, loc: errorLoc.value };
  }
  return ok(snapshot);
}

function checkFunctionsInfo(value: unknown): Checked<PatchFunctionsInfo> {
  if (!isRecord(value)) return fail('patchFunctions.info must be an object');
  const functions = checkList(value.functions, 'functions', (f) =>
    isRecord(f) && isFunctionName(f.name) && Array.isArray(f.params) && f.params.every(isText) && (f.docLine === null || isCount(f.docLine))
      ? ok({ name: f.name, params: f.params as string[], docLine: f.docLine as number | null })
      : fail('a function needs a C name, parameter types and a docLine (or null)'));
  const unresolved = checkList(value.unresolved, 'unresolved', (u) =>
    isRecord(u) && isText(u.name) && isText(u.at) && isText(u.caller) ? ok({ name: u.name, at: u.at, caller: u.caller }) : fail('an unresolved call needs name, at and caller'));
  const notes = checkList(value.notes, 'notes', (n) => (isText(n) ? ok(n) : fail('a note must be a string')));
  if (!functions.ok) return functions;
  if (!unresolved.ok) return unresolved;
  if (!notes.ok) return notes;
  if (!(value.error === null || isText(value.error))) return fail('patchFunctions.info.error must be a string or null');
  return ok({ functions: functions.value, unresolved: unresolved.value, notes: notes.value, error: value.error });
}

/** Checks a host → panel message whose type starts with `patch`; other types are not this file's. */
export function checkPatchCodeHostMessage(message: Record<string, unknown>): Checked<PatchCodeHostMessage> {
  if (message.type === 'patchFunctions') {
    const info = checkFunctionsInfo(message.info);
    return info.ok ? ok({ type: 'patchFunctions', info: info.value }) : info;
  }
  if (message.type === 'patchSimResult') return checkSimResultMessage(message);
  if (message.type !== 'patchSnapshot') return fail('not a patch-code message');
  if (!isFunctionName(message.function)) return fail('patchSnapshot.function must be a C function name');
  if (!(message.error === null || isText(message.error))) return fail('patchSnapshot.error must be a string or null');
  if (message.snapshot === null) return message.error === null ? fail('patchSnapshot needs a snapshot or an error') : ok({ type: 'patchSnapshot', function: message.function, snapshot: null, error: message.error });
  const snapshot = checkStepSnapshot(message.snapshot);
  return snapshot.ok ? ok({ type: 'patchSnapshot', function: message.function, snapshot: snapshot.value, error: message.error }) : snapshot;
}

export function checkPatchCodePanelMessage(message: Record<string, unknown>): Checked<PatchCodePanelMessage> {
  if (message.type === 'patchSimulate') {
    if (!isCount(message.requestId)) return fail('patchSimulate.requestId must be an integer');
    const config = checkRunConfig(message.config);
    return config.ok ? ok({ type: 'patchSimulate', requestId: message.requestId, config: config.value }) : config;
  }
  if (message.type === 'patchSimulateCancel') {
    return isCount(message.requestId) ? ok({ type: 'patchSimulateCancel', requestId: message.requestId }) : fail('patchSimulateCancel.requestId must be an integer');
  }
  if (message.type !== 'patchStep') return fail('not a patch-code message');
  if (!isFunctionName(message.function)) return fail('patchStep.function must be a C function name');
  if (!isOneOf(message.action, PATCH_STEP_ACTIONS)) return fail('patchStep.action must be restart, step or run');
  if (!isOneOf(message.migrator, PATCH_STEP_MIGRATORS)) return fail('patchStep.migrator must be kernel, mtcopy, dcbm or patch');
  return ok({ type: 'patchStep', function: message.function, action: message.action, migrator: message.migrator });
}

function checkSimResultMessage(message: Record<string, unknown>): Checked<PatchCodeHostMessage> {
  if (!isCount(message.requestId)) return fail('patchSimResult.requestId must be an integer');
  if (!(message.error === null || isText(message.error))) return fail('patchSimResult.error must be a string or null');
  const result = message.result;
  if (result === null) return message.error === null ? fail('patchSimResult needs a result or an error') : ok({ type: 'patchSimResult', requestId: message.requestId, result: null, error: message.error });
  // The shape the panel's view model reads first; the rest is the simulator's own JSON.
  if (!isRecord(result) || !Array.isArray(result.log) || !Array.isArray(result.violations) || !Array.isArray(result.invariantsChecked) || !isRecord(result.stats) || !isRecord(result.timeline)) {
    return fail('patchSimResult.result is not a simulator result');
  }
  if (!isJsonValue(result)) return fail('patchSimResult.result must be plain JSON');
  return ok({ type: 'patchSimResult', requestId: message.requestId, result: result as unknown as SimResult, error: message.error });
}
