// The live connection shared by every feature: kubeconfig + context, the
// watcher feeding the ClusterModel, the connection state, and model-change events coalesced
// to at most four a second however hard the cluster churns. It connects lazily: reading the
// kubeconfig costs nothing, but listing a 150,000-pod cluster is a real load on the user's API
// server, so nothing is listed until a feature asks (want) or the user does (connect).
import * as vscode from 'vscode';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterModel } from '../../core/cluster/clusterModel';
import type { ClusterFacts } from '../../core/cluster/clusterFacts';
import type { LiveComparison } from '../../core/lint/lintEngine';
import { clusterFacts, clusterFactsSteps } from '../../core/cluster/clusterFacts';
import { liveClusterFactsSteps } from '../../core/lint/liveClusterFacts';
import { runSliced } from '../perf/runSliced';
import { RefreshCoalescer, treeRefreshIntervalMs } from '../../core/cluster/refreshCoalescer';
import { ClusterWatcher } from '../../kube/clusterWatcher';
import type { ConnectionStatus } from '../../kube/clusterWatcher';
import type { KubeconfigLoad } from '../../kube/kubeconfigLoader';
import { listContexts, loadKubeconfig } from '../../kube/kubeconfigLoader';
import type { KubeconfigSource } from '../../kube/kubeconfigSources';
import { kubeconfigSource } from '../../kube/kubeconfigSources';

export type SessionState =
  | { readonly kind: 'idle'; readonly message?: string }
  | { readonly kind: 'no-kubeconfig'; readonly message: string }
  /** The kubeconfig is fine but names no current-context: the user picks one (never Podnet). */
  | { readonly kind: 'no-context'; readonly message: string }
  | { readonly kind: 'invalid-kubeconfig'; readonly message: string }
  | { readonly kind: 'connecting'; readonly context: string; readonly server: string }
  | { readonly kind: 'connected'; readonly context: string; readonly server: string; readonly limited: readonly string[] }
  | { readonly kind: 'unreachable' | 'unauthorized' | 'forbidden'; readonly context: string; readonly server: string; readonly error: string };

const selectedContextKey = 'podnet.selectedContext';

/** What a connection lists: everything, or only what the live lint rules read (no pods). */
export type ConnectionScope = 'facts' | 'full';

export class ClusterSession implements vscode.Disposable {
  private readonly modelEmitter = new vscode.EventEmitter<void>();
  private readonly stateEmitter = new vscode.EventEmitter<SessionState>();
  /** Fired (coalesced) when the live model changed; what changed, each consumer asks `model.clock` with its own cursor. */
  readonly onDidChangeModel: vscode.Event<void> = this.modelEmitter.event;
  readonly onDidChangeState: vscode.Event<SessionState> = this.stateEmitter.event;
  private readonly manifestsEmitter = new vscode.EventEmitter<void>();
  /** The linter compared the live cluster with other manifests than before. */
  readonly onDidChangeManifestComparison: vscode.Event<void> = this.manifestsEmitter.event;
  private comparison: LiveComparison | undefined;

  private watcher: ClusterWatcher | undefined;
  private loaded: Extract<KubeconfigLoad, { kind: 'ok' }> | undefined;
  private stateValue: SessionState = { kind: 'idle' };
  private readonly coalescer = new RefreshCoalescer(treeRefreshIntervalMs, () => this.fire());
  private readonly disposables: vscode.Disposable[] = [];
  /** A kubeconfig that overrides the settings while Podnet's own lab runs (never persisted). */
  private labKubeconfig: string | undefined;
  private labContext: string | undefined;
  /** The widest scope asked for so far; undefined: nothing may be listed yet. */
  private wanted: ConnectionScope | undefined;

  constructor(
    private readonly extensionContext: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(this.modelEmitter, this.stateEmitter, this.manifestsEmitter);
  }

  get state(): SessionState {
    return this.stateValue;
  }

  /** The live model; undefined before the first connection. */
  get model(): ClusterModel | undefined {
    return this.watcher?.model;
  }

  /** The loaded kubeconfig with the session's context current (for install/uninstall). */
  get kubeConfig(): KubeConfig | undefined {
    return this.loaded?.kubeConfig;
  }

  get context(): string | undefined {
    return this.loaded?.kubeConfig.getCurrentContext();
  }

  get server(): string | undefined {
    return this.watcher?.server;
  }

  /** Kubeconfig files in use (watched for changes). */
  get kubeconfigFiles(): readonly string[] {
    return this.loaded?.files ?? [];
  }

  /** The facts last built, and for which model and factsVersion. */
  private factsBuilt: { model: ClusterModel; version: string; facts: ClusterFacts } | undefined;

  /**
   * For the linter's live rules; undefined unless connected. The same object while factsVersion()
   * holds: every relint (a keystroke in a manifest, each fix verified) reads them, and at 65,000
   * nodes building them costs tens of milliseconds.
   */
  facts(): ClusterFacts | undefined {
    const at = this.factsSource();
    if (!at) return undefined;
    if (!this.factsReady(at)) this.factsBuilt = { ...at, facts: clusterFacts(at.context, at.model) };
    return this.factsBuilt!.facts;
  }

  /**
   * Reads and parses the facts in slices, so that the relint after a topology change finds them
   * ready (at 65,000 nodes reading and parsing them at once blocked the extension host for
   * 150-300 ms). True when the relint may run: the facts are ready for the model as it is now, or
   * there are none (disconnected: the relint clears the live findings); false when the model
   * changed meanwhile (that change schedules its own relint).
   */
  async prepareFacts(): Promise<boolean> {
    const at = this.factsSource();
    if (!at || this.factsReady(at)) return true;
    const current = () => this.model === at.model && this.factsVersion() === at.version;
    const facts = await runSliced(clusterFactsSteps(at.context, at.model));
    if (!current()) return false;
    await runSliced(liveClusterFactsSteps(facts));
    this.factsBuilt = { ...at, facts };
    return current();
  }

  /** What the facts are read from now; undefined unless connected. */
  private factsSource(): { model: ClusterModel; context: string; version: string } | undefined {
    const model = this.model;
    const context = this.context;
    if (!model || !context || this.stateValue.kind !== 'connected') return undefined;
    return { model, context, version: this.factsVersion() };
  }

  private factsReady(at: { model: ClusterModel; version: string }): boolean {
    return this.factsBuilt?.model === at.model && this.factsBuilt.version === at.version;
  }

  /** Which workspace manifests the linter's live rules compared this cluster with (set by the linter). */
  get manifestComparison(): LiveComparison | undefined {
    return this.comparison;
  }

  setManifestComparison(comparison: LiveComparison | undefined): void {
    if (JSON.stringify(comparison) === JSON.stringify(this.comparison)) return;
    this.comparison = comparison;
    this.manifestsEmitter.fire();
  }

  /** Changes whenever facts() may have (the connection, or the model's topology counter): lets the linter skip the relint on pod churn. */
  factsVersion(): string {
    return `${this.context ?? ''}|${this.stateValue.kind}|${this.model?.clock.topology ?? ''}`;
  }

  source(): KubeconfigSource {
    if (this.labKubeconfig) return { files: [this.labKubeconfig], origin: 'Podnet lab' };
    const podnet = vscode.workspace.getConfiguration('podnet').get<string>('kubeconfig');
    // The Kubernetes extension keeps its settings in one object keyed "vs-kubernetes.*".
    const vsk = vscode.workspace.getConfiguration().get<Record<string, unknown>>('vs-kubernetes');
    const vsKube = typeof vsk?.['vs-kubernetes.kubeconfig'] === 'string' ? (vsk['vs-kubernetes.kubeconfig'] as string) : undefined;
    return kubeconfigSource({ ...(podnet ? { podnetKubeconfig: podnet } : {}), ...(vsKube ? { vsKubernetesKubeconfig: vsKube } : {}) });
  }

  /** Contexts of the current kubeconfig (for Select Context), without connecting. */
  contexts(): { names: string[]; current: string | undefined } | { error: string } {
    // Also without a current-context: that is when the picker is needed most.
    const probe = listContexts(this.source());
    if ('error' in probe) return probe;
    return { names: probe.names, current: this.context ?? probe.current };
  }

  async selectContext(name: string): Promise<void> {
    // Podnet's own choice: the user's kubeconfig file is not rewritten.
    if (this.labKubeconfig) this.labContext = name;
    else await this.extensionContext.globalState.update(selectedContextKey, name);
    this.connect();
  }

  /** Connects to Podnet's lab (its kubeconfig wins over the settings), or back to the settings with undefined. */
  useLabKubeconfig(path: string | undefined, context?: string): void {
    this.labKubeconfig = path;
    this.labContext = context;
    this.connect();
  }

  /** The scope a connection has been asked for (undefined: none yet). */
  get connectionScope(): ConnectionScope | undefined {
    return this.wanted;
  }

  /**
   * A feature needs the cluster: connects unless a connection of at least `scope` exists.
   * `facts` (the live lint rules) lists nodes, blocks and networks but not pods.
   */
  want(scope: ConnectionScope): void {
    if (this.wanted === 'full' || this.wanted === scope) return;
    this.connect(scope);
  }

  /** Reads the kubeconfig without any cluster traffic, so the view can say what it would connect to. */
  probe(): void {
    if (this.wanted) return;
    const load = this.load();
    if (load.kind !== 'ok') return this.setState(unloadedState(load));
    this.loaded = load;
    this.setState({ kind: 'idle', message: `Not connected to “${load.kubeConfig.getCurrentContext()}” yet` });
  }

  /** The kubeconfig or settings changed: reconnect what was connected, else probe again. */
  reload(): void {
    if (this.wanted) this.connect(this.wanted);
    else this.probe();
  }

  private load(): KubeconfigLoad {
    const source = this.source();
    const chosen = this.labKubeconfig ? this.labContext : this.extensionContext.globalState.get<string>(selectedContextKey);
    const load = loadKubeconfig(source, chosen);
    // A context chosen earlier may have left the kubeconfig: use its current context then.
    return load.kind === 'invalid' && chosen ? loadKubeconfig(source) : load;
  }

  /** (Re)connects with the current settings and chosen context; the user asked, or a feature did. */
  connect(scope: ConnectionScope = this.wanted ?? 'full'): void {
    this.disconnect();
    this.loaded = undefined;
    this.wanted = scope;
    const load = this.load();
    if (load.kind !== 'ok') return this.setState(unloadedState(load));
    this.loaded = load;
    const context = load.kubeConfig.getCurrentContext();
    let watcher: ClusterWatcher;
    try {
      watcher = new ClusterWatcher(load.kubeConfig, {
        withPods: scope === 'full',
        onChange: () => this.scheduleFire(),
        onStatus: (s) => this.onStatus(s),
      });
    } catch (error) {
      return this.setState({ kind: 'invalid-kubeconfig', message: error instanceof Error ? error.message : String(error) });
    }
    this.watcher = watcher;
    this.log.info(
      `connecting to context "${context}" at ${watcher.server} (${
        scope === 'full' ? 'nodes and pods' : 'nodes, blocks and networks for the live lint rules'
      }; kubeconfig: ${load.files.join(', ')} via ${load.source.origin})`,
    );
    this.setState({ kind: 'connecting', context, server: watcher.server });
    watcher.start();
    if (scope === 'full') void this.showProgress(watcher);
  }

  disconnect(message?: string): void {
    this.watcher?.stop();
    this.watcher = undefined;
    this.coalescer.dispose();
    if (message !== undefined) this.setState({ kind: 'idle', message });
  }

  /**
   * Refresh: the watches keep a live session current, so only retry pending requests now; after
   * a 401/403 or without a session, reload the kubeconfig (a renewed token) and reconnect.
   */
  refresh(): void {
    const k = this.stateValue.kind;
    if (this.watcher && this.wanted === 'full' && (k === 'connected' || k === 'connecting' || k === 'unreachable')) this.watcher.retryNow();
    else this.connect('full');
  }

  private async showProgress(watcher: ClusterWatcher): Promise<void> {
    // Big clusters take seconds to list: show it, and let the user stop it.
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Podnet: reading cluster "${watcher.context}"`, cancellable: true },
      async (progress, token) => {
        const cancelled = new Promise<'cancelled'>((resolve) => token.onCancellationRequested(() => resolve('cancelled')));
        let replaced: () => void = () => undefined;
        const gone = new Promise<'replaced'>((resolve) => (replaced = () => resolve('replaced')));
        const tick = setInterval(() => {
          // Another context or a cancel replaced this connection: end this progress too.
          if (this.watcher !== watcher) replaced();
          progress.report({ message: `${watcher.model.nodeNames().length} nodes, ${watcher.model.podCount} pods` });
        }, 500);
        try {
          const result = await Promise.race([watcher.synced().then(() => 'done' as const), cancelled, gone]);
          if (result === 'cancelled' && this.watcher === watcher) this.disconnect('Loading was cancelled. Run “Podnet: Refresh” to connect again.');
        } finally {
          clearInterval(tick);
        }
      },
    );
  }

  private onStatus(status: ConnectionStatus): void {
    const w = this.watcher;
    if (!w) return;
    const base = { context: w.context, server: w.server };
    switch (status.kind) {
      case 'connecting':
        return this.setState({ kind: 'connecting', ...base });
      case 'connected':
        return this.setState({ kind: 'connected', ...base, limited: status.limited });
      default:
        this.log.warn(`${status.kind}: ${status.error}`);
        return this.setState({ kind: status.kind, ...base, error: status.error });
    }
  }

  private setState(state: SessionState): void {
    this.stateValue = state;
    void vscode.commands.executeCommand('setContext', 'podnet.connected', state.kind === 'connected');
    // The view's welcome content (package.json viewsWelcome) replaces the tree in these states.
    void vscode.commands.executeCommand('setContext', 'podnet.noKubeconfig', state.kind === 'no-kubeconfig');
    void vscode.commands.executeCommand('setContext', 'podnet.noContext', state.kind === 'no-context');
    this.stateEmitter.fire(state);
    this.scheduleFire();
  }

  private scheduleFire(): void {
    this.coalescer.schedule();
  }

  private fire(): void {
    this.modelEmitter.fire();
  }

  dispose(): void {
    this.disconnect();
    for (const d of this.disposables) d.dispose();
  }
}

/** The state for a kubeconfig that could not be used as it is. */
function unloadedState(load: Exclude<KubeconfigLoad, { kind: 'ok' }>): SessionState {
  if (load.kind === 'missing') return { kind: 'no-kubeconfig', message: load.message };
  return load.noCurrentContext ? { kind: 'no-context', message: load.message } : { kind: 'invalid-kubeconfig', message: load.message };
}
