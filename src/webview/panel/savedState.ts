/**
 * What the panel keeps through vscode.setState(): the controls, the document it is about, and the last
 * result as shown. VS Code hands it back after a reload (and to the WebviewPanelSerializer), possibly
 * from an older build, so it is checked before use and replaced by defaults when it does not fit.
 */
import { type PanelRunConfig, checkRunConfig, defaultRunConfig } from '../../shared/runConfig';
import { isJsonValue, isRecord, isString } from '../../shared/validate';
import type { ResultView } from './resultView';

export const SAVED_STATE_VERSION = 1;

export interface SavedPanelState {
  version: typeof SAVED_STATE_VERSION;
  config: PanelRunConfig;
  /** Read by the extension's serializer to re-attach the panel to its document. */
  documentUri: string | null;
  documentName: string | null;
  view: ResultView | null;
}

export function initialState(): SavedPanelState {
  return { version: SAVED_STATE_VERSION, config: defaultRunConfig(), documentUri: null, documentName: null, view: null };
}

function looksLikeView(value: unknown): value is ResultView {
  if (!isRecord(value) || !isJsonValue(value)) return false;
  const arrays = ['headline', 'phases', 'counters', 'invariants', 'log', 'lanes', 'provenance'] as const;
  return (value.verdict === 'held' || value.verdict === 'violated') && isString(value.verdictText) && isString(value.scenario)
    && typeof value.throughputGBps === 'number' && isRecord(value.throughput) && arrays.every((key) => Array.isArray(value[key]));
}

export function restoreState(raw: unknown): SavedPanelState {
  const fresh = initialState();
  if (!isRecord(raw) || raw.version !== SAVED_STATE_VERSION) return fresh;
  const config = checkRunConfig(raw.config);
  return {
    version: SAVED_STATE_VERSION,
    config: config.ok ? config.value : fresh.config,
    documentUri: isString(raw.documentUri, 8192) ? raw.documentUri : null,
    documentName: isString(raw.documentName, 1024) ? raw.documentName : null,
    view: looksLikeView(raw.view) ? raw.view : null,
  };
}
