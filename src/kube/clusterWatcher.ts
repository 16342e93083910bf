// One live connection: list+watch of every kind into one ClusterModel, and a summary of the
// connection's health that the UI and the CLI turn into messages.
import type { KubeConfig } from '@kubernetes/client-node';
import { ClusterModel } from '../core/cluster/clusterModel';
import { clusterResources } from './clusterResources';
import type { ListWatchState } from './listWatch';
import { ListWatch } from './listWatch';
import { KubeTransport } from './kubeTransport';

export type ConnectionStatus =
  | { readonly kind: 'connecting' }
  /** limited: kinds that may not be listed (RBAC), e.g. ["nodes"]. */
  | { readonly kind: 'connected'; readonly limited: readonly string[] }
  | { readonly kind: 'unreachable'; readonly error: string }
  | { readonly kind: 'unauthorized'; readonly error: string }
  | { readonly kind: 'forbidden'; readonly error: string };

export interface ClusterWatcherOptions {
  /** Model changed by this many objects/events (called often; callers coalesce). */
  readonly onChange?: (count: number) => void;
  readonly onStatus?: (status: ConnectionStatus) => void;
  readonly podPageSize?: number;
  readonly maxBackoffMs?: number;
  /** Server-side watch timeout (watches re-open from the last resourceVersion after it). */
  readonly watchTimeoutSeconds?: number;
  /** False: list everything but pods (the live lint rules read nodes, blocks and networks). */
  readonly withPods?: boolean;
  /** Initial state by watch-list where the server streams it (default true), else paged LIST. */
  readonly watchList?: boolean;
  /** Core kinds as Kubernetes protobuf where the server speaks it (default true), else JSON. */
  readonly protobuf?: boolean;
}

export class ClusterWatcher {
  readonly model = new ClusterModel();
  readonly transport: KubeTransport;
  private readonly watches: { id: string; required: boolean; watch: ListWatch<unknown> }[];
  private lastStatus: ConnectionStatus = { kind: 'connecting' };

  constructor(
    readonly kubeConfig: KubeConfig,
    private readonly options: ClusterWatcherOptions = {},
  ) {
    this.transport = new KubeTransport(kubeConfig);
    const resources = clusterResources(this.model, options.podPageSize).filter((r) => options.withPods !== false || r.spec.id !== 'pods');
    this.watches = resources.map((r) => ({
      id: r.spec.id,
      required: r.required,
      watch: new ListWatch(this.transport, r.spec, r.sink, {
        onApplied: (n) => this.options.onChange?.(n),
        onState: () => this.updateStatus(),
        ...(options.maxBackoffMs ? { maxBackoffMs: options.maxBackoffMs } : {}),
        ...(options.watchTimeoutSeconds ? { watchTimeoutSeconds: options.watchTimeoutSeconds } : {}),
        watchList: options.watchList ?? true,
        protobuf: options.protobuf ?? true,
      }),
    }));
  }

  get server(): string {
    return this.transport.server;
  }

  get context(): string {
    return this.kubeConfig.getCurrentContext();
  }

  /**
   * Starts the small kinds (DaemonSets, ConfigMaps, CRDs) first and nodes/pods once those
   * listed (or after a second): knowing the CNI before 150,000 pods arrive saves a pass
   * re-deciding every node's block.
   */
  start(): void {
    const small = this.watches.filter((w) => !w.required);
    for (const w of small) w.watch.start();
    void Promise.all(small.map((w) => w.watch.synced)).then(() => this.startAll());
    setTimeout(() => this.startAll(), 1_000).unref();
  }

  private allStarted = false;

  private startAll(): void {
    if (this.allStarted) return;
    this.allStarted = true;
    for (const w of this.watches) w.watch.start();
  }

  stop(): void {
    for (const w of this.watches) w.watch.stop();
    this.transport.dispose();
  }

  /** Retry failing kinds now instead of after their backoff. */
  retryNow(): void {
    for (const w of this.watches) w.watch.retryNow();
  }

  /** Resolves when every kind has listed once (or is known unavailable / failing). */
  async synced(): Promise<void> {
    await Promise.all(this.watches.map((w) => w.watch.synced));
  }

  kindStates(): Record<string, ListWatchState> {
    return Object.fromEntries(this.watches.map((w) => [w.id, w.watch.state]));
  }

  get status(): ConnectionStatus {
    return this.lastStatus;
  }

  private updateStatus(): void {
    // A failing small kind means a failing server: no reason to hold nodes and pods back.
    if (!this.allStarted && this.watches.some((w) => w.watch.state.phase === 'retrying')) this.startAll();
    const next = summarise(this.watches.filter((w) => w.required).map((w) => ({ id: w.id, state: w.watch.state })));
    if (JSON.stringify(next) === JSON.stringify(this.lastStatus)) return;
    this.lastStatus = next;
    this.options.onStatus?.(next);
  }
}

export function summarise(required: readonly { id: string; state: ListWatchState }[]): ConnectionStatus {
  const failing = required.flatMap((r) => (r.state.phase === 'retrying' ? [{ id: r.id, state: r.state }] : []));
  const unauthorized = failing.find((f) => f.state.kind === 'unauthorized');
  if (unauthorized) return { kind: 'unauthorized', error: unauthorized.state.error };
  const unavailable = required.filter((r) => r.state.phase === 'unavailable');
  if (unavailable.length === required.length && unavailable.length > 0) {
    const s = unavailable[0]!.state as { error: string };
    return { kind: 'forbidden', error: s.error };
  }
  if (failing.length > 0) return { kind: 'unreachable', error: failing[0]!.state.error };
  if (required.every((r) => r.state.phase === 'watching' || r.state.phase === 'unavailable')) {
    return { kind: 'connected', limited: unavailable.map((u) => u.id) };
  }
  return { kind: 'connecting' };
}
