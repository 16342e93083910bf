// The network-map panel host: one panel, strict CSP, a ready handshake, throttled live updates.
// No retainContextWhenHidden: the webview keeps its view state with setState, and a hidden panel
// costs nothing; on show it loads again, says "ready", and gets the current model.
import * as vscode from 'vscode';
import type { FocusRequest, HostMessage } from '../../core/map/mapMessages';
import type { MapGroupRef } from '../../core/map/mapOverview';
import { isWebviewMessage } from '../../core/map/mapMessages';
import { encodeModelSteps } from '../../core/map/mapWire';
import { runSliced } from '../perf/runSliced';
import { MAP_TITLE, makeNonce, mapHtml } from './mapHtml';
import type { MapSource } from './mapSource';
import type { MapCheckSource } from './mapCheckSource';

export const MAP_VIEW_TYPE = 'podnet.networkMap';
/** At most one model per this many ms: a watch storm (a DaemonSet rolling 5,000 pods) stays one update a beat. */
export const MAP_THROTTLE_MS = 500;
/**
 * And 1 ms more per 50 pods shown: one update every 3.2 s at 160,000 pods. Each update
 * costs the webview (decode, lay out, draw) and code-server's relay about as much as the host, and on
 * a small machine that starves everything else; the tree stays live meanwhile.
 */
export const MAP_MS_PER_POD = 1 / 50;
/**
 * At most this long between updates: the last update's cost is wall time of sliced work, which a
 * host busy loading a big cluster stretches far beyond its own share (4× 20 s kept a loaded map's
 * findings away for minutes).
 */
export const MAP_MAX_WAIT_MS = 10_000;

export interface MapHostDeps {
  readonly log: vscode.LogOutputChannel;
  revealNode(name: string): Thenable<unknown>;
  /** The last connectivity check, for the Connectivity tab. */
  readonly check?: MapCheckSource;
}

export class NetworkMapPanel implements vscode.Disposable {
  private static current: NetworkMapPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastSent = 0;
  /** How long the last update took (sliced, so wall time): big clusters are throttled harder so the host stays responsive. */
  private lastCost = 0;
  /** Pods in the last model sent: big maps update less often. */
  private lastPods = 0;
  /** Files the current model links to: the only ones an openFile message may open. */
  private openable = new Set<string>();
  private pendingFocus: FocusRequest | undefined;
  private inFlight: Promise<void> | undefined;
  private sendAgain = false;
  /** What the webview holds: an unchanged model is not sent again. */
  private lastModel: unknown;
  private lastStatus: string | undefined;
  /** The check report the webview holds (null: told there is none); undefined: nothing sent yet. */
  private lastCheck: unknown;
  private disposed = false;
  /** A big cluster's group the webview asked for (undefined: the whole cluster). */
  private scope: MapGroupRef | undefined;
  /** Counts the user's scope requests: a view built for an older one is dropped, never shown over the newer. */
  private scopeAsked = 0;
  /** A user's request waits only for the send in flight, not for the throttle. */
  private urgent = false;

  static show(extensionUri: vscode.Uri, source: MapSource, deps: MapHostDeps): NetworkMapPanel {
    if (NetworkMapPanel.current) {
      NetworkMapPanel.current.panel.reveal();
      return NetworkMapPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(MAP_VIEW_TYPE, MAP_TITLE, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    });
    NetworkMapPanel.current = new NetworkMapPanel(panel, extensionUri, source, deps);
    return NetworkMapPanel.current;
  }

  /** On deactivation: close the panel so nothing outlives the extension. */
  static disposeCurrent(): void {
    NetworkMapPanel.current?.dispose();
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly source: MapSource,
    private readonly deps: MapHostDeps,
  ) {
    const webview = panel.webview;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'podnet.svg');
    webview.html = mapHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.css')).toString(),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      source.onDidChange(() => this.schedule()),
      panel.onDidChangeViewState(() => {
        // Hidden without retainContextWhenHidden means the page is gone: wait for its next "ready".
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => this.dispose()),
      ...(deps.check ? [deps.check.onDidChange(() => this.sendCheck())] : []),
    );
    // Builds the first view while the page loads (the snapshot is cached by model version), so
    // "ready" finds it done: at 65,000 nodes the overview's first build is most of the first frame.
    this.runAlone(source.snapshot(this.scope).then(() => undefined, () => undefined));
  }

  private onMessage(m: unknown): void {
    if (!isWebviewMessage(m)) {
      this.deps.log.warn('network map: ignored a malformed webview message');
      return;
    }
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.lastModel = undefined; // a (re)loaded page holds nothing yet
        this.lastCheck = undefined;
        this.send();
        this.sendCheck();
        return;
      case 'runCheck':
        this.deps.check?.run().then(undefined, (error: unknown) => this.deps.log.error(`network map: the check did not run: ${String(error)}`));
        return;
      case 'rendered':
        this.deps.log.debug(`network map: ${m.nodes} nodes drawn in ${m.ms.toFixed(0)} ms`);
        return;
      case 'revealNode':
        void this.deps.revealNode(m.name);
        return;
      case 'openScope':
        this.askScope(m.group ?? undefined);
        this.send();
        return;
      case 'openNode':
        this.focus({ kind: 'node', name: m.name });
        return;
      case 'openPod':
        this.focus({ kind: 'pod', namespace: m.namespace, name: m.name });
        return;
      case 'searchPods':
        void this.searchPods(m.query);
        return;
      case 'openFile':
        if (!this.openable.has(m.uri)) {
          this.deps.log.warn('network map: refused to open a file the map does not link to');
          return;
        }
        void vscode.window.showTextDocument(vscode.Uri.parse(m.uri, true), {
          selection: new vscode.Range(m.line, m.character, m.line, m.character),
          viewColumn: vscode.ViewColumn.Beside,
        });
        return;
    }
  }

  /** Leading and trailing edge: the first change shows at once, a burst ends with the newest state. */
  private schedule(): void {
    if (this.timer) return;
    const spacing = Math.min(MAP_MAX_WAIT_MS, Math.max(MAP_THROTTLE_MS, 4 * this.lastCost, this.lastPods * MAP_MS_PER_POD));
    const wait = Math.max(0, this.lastSent + spacing - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.send();
    }, wait);
  }

  private send(): void {
    // One at a time: a change during a slow (sliced) send is sent after it, as the newest state.
    if (this.inFlight) {
      this.sendAgain = true;
      return;
    }
    this.runAlone(this.sendAsync().catch((error: unknown) => this.deps.log.error(`network map: ${String(error)}`)));
  }

  /** One piece of work at a time (a send, or the warm-up): a send asked for meanwhile runs after it. */
  private runAlone(work: Promise<void>): void {
    this.inFlight = work
      .finally(() => {
        this.inFlight = undefined;
        if (this.sendAgain && !this.disposed) {
          this.sendAgain = false;
          if (this.urgent) this.send();
          else this.schedule();
        }
      });
  }

  /** Snapshot, encode and post, in slices with turns of the event loop between them. */
  private async sendAsync(): Promise<void> {
    if (!this.ready || !this.panel.visible) return;
    this.lastSent = Date.now();
    this.urgent = false;
    const started = performance.now();
    const asked = this.scopeAsked;
    const { view, status } = await this.source.snapshot(this.scope);
    if (!this.ready || this.disposed) return;
    if (this.supersededSince(asked)) return;
    const shown = view.kind === 'model' ? view.model : view.overview;
    if (shown !== this.lastModel || status !== this.lastStatus) {
      const findings: readonly { targets: readonly { kind: string; uri?: string }[] }[] = shown.findings;
      this.openable = new Set(findings.flatMap((f) => f.targets.flatMap((t) => (t.kind === 'file' && t.uri ? [t.uri] : []))));
      let message: HostMessage;
      if (view.kind === 'model') {
        const wire = await runSliced(encodeModelSteps(view.model));
        if (!this.ready || this.disposed) return;
        if (this.supersededSince(asked)) return;
        message = { type: 'model', model: wire, status, ...(view.scope ? { scope: view.scope } : {}) };
        this.scope = view.scope?.group;
      } else {
        message = { type: 'overview', overview: view.overview, status };
        this.scope = view.overview.scope.group;
      }
      void this.panel.webview.postMessage(message);
      this.lastModel = shown;
      this.lastStatus = status;
      this.lastPods = view.kind === 'model' ? view.model.pods.length : 0;
      this.deps.log.debug(
        view.kind === 'model'
          ? `network map: model of ${view.model.nodes.length} nodes / ${view.model.pods.length} pods sent ${
            (performance.now() - started).toFixed(0)
          } ms after asking`
          : `network map: overview of ${view.overview.nodes} nodes in ${view.overview.groups.length} groups sent ${
            (performance.now() - started).toFixed(0)
          } ms after asking`,
      );
    }
    if (this.pendingFocus) {
      const focus: HostMessage = { type: 'focus', focus: this.pendingFocus };
      this.pendingFocus = undefined;
      void this.panel.webview.postMessage(focus);
    }
    this.lastCost = performance.now() - started;
    // The context may have changed with the model: its report goes with it.
    this.sendCheck();
  }

  /** The report of the current context, when it is not what the webview holds. */
  private sendCheck(): void {
    const check = this.deps.check;
    if (!check || !this.ready || !this.panel.visible || this.disposed) return;
    const context = check.context() ?? '';
    const report = check.report() ?? null;
    if (report === this.lastCheck && this.lastCheck !== undefined) return;
    this.lastCheck = report;
    const message: HostMessage = { type: 'check', report, context };
    void this.panel.webview.postMessage(message);
  }

  /** Pods anywhere in the cluster, for the aggregated map's search box. */
  private async searchPods(query: string): Promise<void> {
    try {
      const pods = (await this.source.searchPods?.(query)) ?? [];
      if (!this.ready || this.disposed) return;
      const message: HostMessage = { type: 'podMatches', query, pods };
      void this.panel.webview.postMessage(message);
    } catch (error) {
      this.deps.log.error(`network map: pod search failed: ${String(error)}`);
    }
  }

  /** Show a node or pod in the map (the tree's "Show in Network Map"); sent after the model once ready. A big cluster opens its group first. */
  focus(focus: FocusRequest): void {
    const group = this.source.groupOf?.(focus);
    if (group) this.askScope(group);
    this.urgent = true;
    this.pendingFocus = focus;
    if (this.ready) this.send();
  }

  /** Built for the scope before the user's newer request: dropped, and that one is sent next, at once. */
  private supersededSince(asked: number): boolean {
    if (asked === this.scopeAsked) return false;
    this.sendAgain = true;
    return true;
  }

  private askScope(group: MapGroupRef | undefined): void {
    this.scope = group;
    this.scopeAsked++;
    this.urgent = true;
  }

  dispose(): void {
    this.disposed = true;
    if (NetworkMapPanel.current === this) NetworkMapPanel.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
