// The typed messages between the map panel host and its webview. The webview speaks first ("ready");
// the host sends nothing before it, so no model is lost to a webview still loading.
import type { CheckReport } from '../check/checkReport';
import type { FindingSubject } from '../cluster/findings';
import type { MapInputPod } from './mapInput';
import type { WireModel } from './mapWire';
import type { MapGroupRef, MapOverview, MapScope } from './mapOverview';

/** What the host can ask the webview to show, by name (indices change between models): a node or a pod, as a finding names them. */
export type FocusRequest = FindingSubject;

/** A pod found by the host's search over the whole cluster (the aggregated map holds no pods). */
export type PodMatch = Omit<MapInputPod, 'hostNetwork'>;

/** The longest search text the host accepts. */
export const MAX_QUERY_LENGTH = 256;

export type HostMessage =
  /** scope: the group of a big cluster this model is (absent: the whole cluster). */
  | { readonly type: 'model'; readonly model: WireModel; readonly status: string; readonly scope?: MapScope }
  /** A big cluster (or a group of groups of it), aggregated. */
  | { readonly type: 'overview'; readonly overview: MapOverview; readonly status: string }
  | { readonly type: 'podMatches'; readonly query: string; readonly pods: readonly PodMatch[] }
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
  | { readonly type: 'runCheck' }
  /** Aggregated map: show this group (null: the whole cluster). */
  | { readonly type: 'openScope'; readonly group: MapGroupRef | null }
  /** Aggregated map: show the group holding this node, or this pod's node, with it selected. */
  | { readonly type: 'openNode'; readonly name: string }
  | { readonly type: 'openPod'; readonly namespace: string; readonly name: string }
  /** Aggregated map: find pods anywhere in the cluster (answered with podMatches). */
  | { readonly type: 'searchPods'; readonly query: string };

const types = new Set(['ready', 'rendered', 'openFile', 'revealNode', 'runCheck', 'openScope', 'openNode', 'openPod', 'searchPods']);

const isIndex = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0 && (v as number) < 2 ** 31;
const isName = (v: unknown): boolean => typeof v === 'string' && v.length > 0 && v.length <= 253;

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
    case 'openScope': {
      if (o.group === null) return true;
      const g = o.group as Record<string, unknown> | undefined;
      return typeof g === 'object' && g !== null && isIndex(g.level) && isIndex(g.index);
    }
    case 'openNode':
      return isName(o.name);
    case 'openPod':
      return isName(o.namespace) && isName(o.name);
    case 'searchPods':
      return typeof o.query === 'string' && o.query.length <= MAX_QUERY_LENGTH;
    default:
      return true;
  }
}
