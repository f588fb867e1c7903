/**
 * The typed message protocol between the extension host and the "Simulate Migration" webview.
 * Both directions are discriminated unions on `type`; every received message goes through
 * checkHostToPanel / checkPanelToHost before it is used, because the webview is a separate page
 * that may run an older build (restored state) and carries document-derived text.
 *
 * Handshake: the panel posts `ready` once its script runs; only then does the host send `init`. The host
 * sends `init` again when the panel is re-targeted (palette, editor-title button, CodeLens on an open panel);
 * `config` presets the controls (null keeps the panel's own), `autoRun` starts a run at once.
 */
import { type PanelRunConfig, checkRunConfig } from './runConfig';
import { type Checked, fail, isInt, isJsonValue, isOneOf, isRecord, isString, ok } from './validate';
import { type PatchCodeHostMessage, type PatchCodePanelMessage, checkPatchCodeHostMessage, checkPatchCodePanelMessage } from './patchCodeProtocol';

/** What the host tells the panel about the document a run is about. Small JSON only. */
export interface DocumentContext {
  /** The document's URI as a string; the panel only hands it back in revealLine. */
  uri: string;
  /** Short display name (file name). Document-derived: rendered as text only. */
  name: string;
  version: number;
  /** The patch facts the simulator takes from the document (the simulator's extractPatchFacts output). */
  facts: unknown;
  /** One-line notes (reader workarounds, why no facts were found). */
  notes: string[];
}

export type ExportFormat = 'json' | 'csv' | 'png';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'csv', 'png'];

/** Snapshot of what the panel shows, for the test channel (E2E and host-side tests). */
export interface PanelTestState {
  phase: 'idle' | 'running' | 'done' | 'failed' | 'cancelled';
  status: string;
  documentName: string | null;
  scenario: string | null;
  verdict: 'held' | 'violated' | null;
  throughputGBps: number | null;
  verifiedBytes: number | null;
  /** The webview copy engine's measured GB/s in the last real-copy run. */
  realCopyGBps?: number | null;
  violations: number;
  logLines: number;
  lanes: number;
  chartsDrawn: number;
}

export type HostToPanel =
  | { type: 'init'; document: DocumentContext | null; config: PanelRunConfig | null; autoRun: boolean }
  | { type: 'document'; requestId: number; document: DocumentContext | null; error: string | null }
  | { type: 'exported'; format: ExportFormat; path: string | null; error: string | null }
  | { type: 'testQuery'; id: number }
  | PatchCodeHostMessage;

export type PanelToHost =
  | { type: 'ready' }
  | { type: 'requestDocument'; requestId: number }
  | { type: 'revealLine'; uri: string; line: number }
  | { type: 'export'; format: ExportFormat; suggestedName: string; data: string }
  | { type: 'testState'; id: number; state: PanelTestState }
  | { type: 'problem'; message: string }
  | PatchCodePanelMessage;

const MAX_LINE = 10_000_000;

function checkDocument(value: unknown): Checked<DocumentContext | null> {
  if (value === null) return ok(null);
  if (!isRecord(value)) return fail('document must be an object or null');
  if (!isString(value.uri, 8192) || !isString(value.name, 1024)) return fail('document.uri and document.name must be strings');
  if (!isInt(value.version, 0, Number.MAX_SAFE_INTEGER)) return fail('document.version must be an integer');
  if (!isJsonValue(value.facts)) return fail('document.facts must be plain JSON');
  if (!Array.isArray(value.notes) || !value.notes.every((note) => isString(note, 4096))) return fail('document.notes must be strings');
  return ok({ uri: value.uri, name: value.name, version: value.version, facts: value.facts, notes: value.notes as string[] });
}

function checkOptionalConfig(value: unknown): Checked<PanelRunConfig | null> {
  return value === null ? ok(null) : checkRunConfig(value);
}

function checkNullableString(value: unknown, name: string): Checked<string | null> {
  return value === null || isString(value, 8192) ? ok(value as string | null) : fail(`${name} must be a string or null`);
}

export function checkHostToPanel(message: unknown): Checked<HostToPanel> {
  if (!isRecord(message)) return fail('message must be an object');
  switch (message.type) {
    case 'init': {
      const document = checkDocument(message.document);
      const config = checkOptionalConfig(message.config);
      if (!document.ok) return document;
      if (!config.ok) return config;
      if (typeof message.autoRun !== 'boolean') return fail('init.autoRun must be a boolean');
      return ok({ type: 'init', document: document.value, config: config.value, autoRun: message.autoRun });
    }
    case 'document': {
      const document = checkDocument(message.document);
      const error = checkNullableString(message.error, 'document.error');
      if (!isInt(message.requestId, 0, Number.MAX_SAFE_INTEGER)) return fail('document.requestId must be an integer');
      if (!document.ok) return document;
      if (!error.ok) return error;
      return ok({ type: 'document', requestId: message.requestId, document: document.value, error: error.value });
    }
    case 'exported': {
      const path = checkNullableString(message.path, 'exported.path');
      const error = checkNullableString(message.error, 'exported.error');
      if (!isOneOf(message.format, EXPORT_FORMATS)) return fail('exported.format must be json, csv or png');
      if (!path.ok) return path;
      if (!error.ok) return error;
      return ok({ type: 'exported', format: message.format, path: path.value, error: error.value });
    }
    case 'testQuery':
      return isInt(message.id, 0, Number.MAX_SAFE_INTEGER) ? ok({ type: 'testQuery', id: message.id }) : fail('testQuery.id must be an integer');
    case 'patchFunctions':
    case 'patchSnapshot':
    case 'patchSimResult':
      return checkPatchCodeHostMessage(message);
    default:
      return fail(`unknown message type ${JSON.stringify(String(message.type)).slice(0, 40)}`);
  }
}

export function checkPanelTestState(value: unknown): Checked<PanelTestState> {
  if (!isRecord(value)) return fail('state must be an object');
  if (!isOneOf(value.phase, ['idle', 'running', 'done', 'failed', 'cancelled'] as const)) return fail('state.phase is not a known phase');
  const nullableNumber = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));
  const nullableText = (v: unknown) => v === null || isString(v, 4096);
  if (!isString(value.status, 4096) || !nullableText(value.documentName) || !nullableText(value.scenario)) return fail('state texts must be strings');
  if (!(value.verdict === null || value.verdict === 'held' || value.verdict === 'violated')) return fail('state.verdict must be held, violated or null');
  if (!nullableNumber(value.throughputGBps) || !nullableNumber(value.verifiedBytes) || !nullableNumber(value.realCopyGBps ?? null)) return fail('state numbers must be finite or null');
  for (const key of ['violations', 'logLines', 'lanes', 'chartsDrawn'] as const) {
    if (!isInt(value[key], 0, Number.MAX_SAFE_INTEGER)) return fail(`state.${key} must be a count`);
  }
  return ok(value as unknown as PanelTestState);
}

export function checkPanelToHost(message: unknown): Checked<PanelToHost> {
  if (!isRecord(message)) return fail('message must be an object');
  switch (message.type) {
    case 'ready':
      return ok({ type: 'ready' });
    case 'requestDocument':
      return isInt(message.requestId, 0, Number.MAX_SAFE_INTEGER)
        ? ok({ type: 'requestDocument', requestId: message.requestId })
        : fail('requestDocument.requestId must be an integer');
    case 'revealLine':
      if (!isString(message.uri, 8192) || !isInt(message.line, 0, MAX_LINE)) return fail('revealLine needs a uri string and a 0-based line');
      return ok({ type: 'revealLine', uri: message.uri, line: message.line });
    case 'export':
      if (!isOneOf(message.format, EXPORT_FORMATS)) return fail('export.format must be json, csv or png');
      if (!isString(message.suggestedName, 255) || !/^[\w.-]+$/.test(message.suggestedName)) return fail('export.suggestedName must be a plain file name');
      if (!isString(message.data)) return fail('export.data must be a string of at most 4 MiB');
      return ok({ type: 'export', format: message.format, suggestedName: message.suggestedName, data: message.data });
    case 'testState': {
      const state = checkPanelTestState(message.state);
      if (!isInt(message.id, 0, Number.MAX_SAFE_INTEGER)) return fail('testState.id must be an integer');
      return state.ok ? ok({ type: 'testState', id: message.id, state: state.value }) : state;
    }
    case 'problem':
      return isString(message.message, 4096) ? ok({ type: 'problem', message: message.message }) : fail('problem.message must be a string');
    case 'patchStep':
    case 'patchSimulate':
    case 'patchSimulateCancel':
      return checkPatchCodePanelMessage(message);
    default:
      return fail(`unknown message type ${JSON.stringify(String(message.type)).slice(0, 40)}`);
  }
}
