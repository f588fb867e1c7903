/** The webview side of VS Code's API, typed to this panel's protocol. */
import type { PanelToHost } from '../../shared/protocol';

interface VsCodeWebviewApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeWebviewApi;

export interface PanelHostApi {
  post(message: PanelToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

/** acquireVsCodeApi() may be called once per page; this is that call. */
export function connectToHost(): PanelHostApi {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    getState: () => api.getState(),
    setState: (state) => api.setState(state),
  };
}
