// The typed messages between the map panel host and its webview. The webview speaks first ("ready");
// the host sends nothing before it, so no model is lost to a webview still loading.
import type { CheckReport } from '../check/checkReport';
import type { WireModel } from './mapWire';

/** What the host can ask the webview to show, by name (indices change between models). */
export type FocusRequest =
  | { readonly kind: 'node'; readonly name: string }
  | { readonly kind: 'pod'; readonly namespace: string; readonly name: string };

export type HostMessage =
  | { readonly type: 'model'; readonly model: WireModel; readonly status: string }
  | { readonly type: 'focus'; readonly focus: FocusRequest }
  /** The last connectivity check of the map's context (null: none yet), for the Connectivity tab. */
  | { readonly type: 'check'; readonly report: CheckReport | null; readonly context: string };

export type WebviewMessage =
  | { readonly type: 'ready' }
  /** First frame of a model drawn: for the log and the bench. */
  | { readonly type: 'rendered'; readonly ms: number; readonly nodes: number }
  | { readonly type: 'openFile'; readonly uri: string; readonly line: number; readonly character: number }
  | { readonly type: 'revealNode'; readonly name: string }
  /** The Connectivity tab's button: run "Podnet: Check Connectivity" (it asks for confirmation itself). */
  | { readonly type: 'runCheck' };

const types = new Set(['ready', 'rendered', 'openFile', 'revealNode', 'runCheck']);

/** The host trusts nothing that crosses the boundary: messages are checked before use. */
export function isWebviewMessage(m: unknown): m is WebviewMessage {
  if (typeof m !== 'object' || m === null) return false;
  const o = m as Record<string, unknown>;
  if (typeof o.type !== 'string' || !types.has(o.type)) return false;
  switch (o.type) {
    case 'rendered':
      return typeof o.ms === 'number' && typeof o.nodes === 'number';
    case 'openFile':
      return typeof o.uri === 'string' && Number.isInteger(o.line) && Number.isInteger(o.character);
    case 'revealNode':
      return typeof o.name === 'string';
    default:
      return true;
  }
}
