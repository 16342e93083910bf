// The webview's side of the host channel and of the persisted view state (getState/setState survive
// hide/show and reloads without retainContextWhenHidden).
import type { HostMessage, WebviewMessage } from '../src/core/map/mapMessages';

export interface ViewState {
  tab: number;
  /** Names, not indices: indices change with every model. */
  selectedNode?: string;
  pathFrom?: string;
  pathTo?: string;
  findingsForSelection?: boolean;
  /** The Connectivity tab's selected cell: "<from node>\u0000<to node or kind>". */
  connectivityCell?: string;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export const post = (m: WebviewMessage): void => api.postMessage(m);

export function loadState(): ViewState {
  const s = api.getState() as Partial<ViewState> | undefined;
  return {
    tab: typeof s?.tab === 'number' && s.tab >= 0 && s.tab <= 3 ? Math.floor(s.tab) : 0,
    selectedNode: s?.selectedNode,
    pathFrom: s?.pathFrom,
    pathTo: s?.pathTo,
    findingsForSelection: s?.findingsForSelection,
    connectivityCell: typeof s?.connectivityCell === 'string' ? s.connectivityCell : undefined,
  };
}

export const saveState = (s: ViewState): void => api.setState(s);

const hostTypes = new Set<string>(['model', 'focus', 'check', 'overview', 'podMatches'] satisfies HostMessage['type'][]);

export function onHostMessage(handler: (m: HostMessage) => void): void {
  window.addEventListener('message', (e: MessageEvent<unknown>) => {
    const m = e.data as HostMessage | undefined;
    if (m && hostTypes.has(m.type)) handler(m);
  });
}
