// One live connection: list+watch of every kind into one ClusterModel, and a summary of the
// connection's health that the UI and the CLI turn into messages.
import type { KubeConfig } from '@kubernetes/client-node';
import { ClusterModel } from '../core/cluster/clusterModel';
import { clusterResources } from './clusterResources';
import type { ListWatchOptions, ListWatchState } from './listWatch';
import { ListWatch } from './listWatch';
import { KubeTransport } from './kubeTransport';
import type { TransportOptions } from './kubeTransport';

export type ConnectionStatus =
  | { readonly kind: 'connecting' }
  /**
   * limited: kinds that could not be read, e.g. ["nodes"] (RBAC) or ["ipamblocks"] (403, 5xx);
   * reasons: the same kinds with the API's answer. A CRD that is not installed (404) is absent, not limited.
   */
  | { readonly kind: 'connected'; readonly limited: readonly string[]; readonly reasons: readonly LimitedKind[] }
  /** transient: requests are being retried (busy server, resets) and may still go through. */
  | { readonly kind: 'unreachable'; readonly error: string; readonly transient?: boolean }
  | { readonly kind: 'unauthorized'; readonly error: string }
  | { readonly kind: 'forbidden'; readonly error: string };

export interface LimitedKind {
  readonly kind: string;
  readonly reason: string;
}

/** Backoff, watch timeout, one-shot listing and protobuf as each kind's ListWatch takes them. */
type SharedListWatchOptions = Pick<ListWatchOptions, 'maxBackoffMs' | 'watchTimeoutSeconds' | 'listOnly' | 'protobuf'>;

export interface ClusterWatcherOptions extends SharedListWatchOptions {
  /** Model changed by this many objects/events (called often; callers coalesce). */
  readonly onChange?: (count: number) => void;
  readonly onStatus?: (status: ConnectionStatus) => void;
  readonly podPageSize?: number;
  /** False: list everything but pods (the live lint rules read nodes, blocks and networks). */
  readonly withPods?: boolean;
  /** Credentials, timeouts and retries of the connection (kubeTransport.ts). */
  readonly transport?: TransportOptions;
  /** A kind's first list has this many objects so far (after each page). */
  readonly onListProgress?: (kind: string, listed: number) => void;
  /** Initial state by watch-list where the server streams it (default true here), else paged LIST. */
  readonly watchList?: boolean;
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
    this.transport = new KubeTransport(kubeConfig, options.transport);
    const { maxBackoffMs, watchTimeoutSeconds, listOnly, protobuf } = options;
    const shared: SharedListWatchOptions = {
      ...(maxBackoffMs ? { maxBackoffMs } : {}),
      ...(watchTimeoutSeconds ? { watchTimeoutSeconds } : {}),
      ...(listOnly ? { listOnly } : {}),
      protobuf: protobuf ?? true,
    };
    const resources = clusterResources(this.model, options.podPageSize).filter((r) => options.withPods !== false || r.spec.id !== 'pods');
    this.watches = resources.map((r) => ({
      id: r.spec.id,
      required: r.required,
      watch: new ListWatch(this.transport, r.spec, r.sink, {
        ...shared,
        onApplied: (n) => this.options.onChange?.(n),
        onState: () => this.updateStatus(),
        ...(options.onListProgress ? { onListProgress: (n: number) => options.onListProgress?.(r.spec.id, n) } : {}),
        // A one-shot list has no watch to stream its initial state on.
        watchList: !options.listOnly && (options.watchList ?? true),
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
    const states = (required: boolean) => this.watches.filter((w) => w.required === required).map((w) => ({ id: w.id, state: w.watch.state }));
    const unreadable = unreadableKinds(states(false));
    this.model.setUnreadable(new Set(unreadable.map((u) => u.kind)));
    const next = summarise(states(true), unreadable);
    if (JSON.stringify(next) === JSON.stringify(this.lastStatus)) return;
    this.lastStatus = next;
    this.options.onStatus?.(next);
  }
}

/** Optional kinds the server refused (403) or failed on (5xx after retries): read as "unknown", never as "none". */
export function unreadableKinds(optional: readonly { id: string; state: ListWatchState }[]): LimitedKind[] {
  return optional.flatMap(({ id, state }) =>
    (state.phase === 'unavailable' && state.kind === 'forbidden') || (state.phase === 'retrying' && state.kind === 'server')
      ? [{ kind: id, reason: state.error }]
      : []
  );
}

export function summarise(required: readonly { id: string; state: ListWatchState }[], optional: readonly LimitedKind[] = []): ConnectionStatus {
  const failing = required.flatMap((r) => (r.state.phase === 'retrying' ? [{ id: r.id, state: r.state }] : []));
  const unauthorized = failing.find((f) => f.state.kind === 'unauthorized');
  if (unauthorized) return { kind: 'unauthorized', error: unauthorized.state.error };
  const unavailable = required.filter((r) => r.state.phase === 'unavailable');
  if (unavailable.length === required.length && unavailable.length > 0) {
    const s = unavailable[0]!.state as { error: string };
    return { kind: 'forbidden', error: s.error };
  }
  const lasting = failing.find((f) => !(f.state as { transient?: boolean }).transient);
  if (lasting) return { kind: 'unreachable', error: lasting.state.error };
  if (failing.length > 0) return { kind: 'unreachable', error: failing[0]!.state.error, transient: true };
  if (required.every((r) => r.state.phase === 'watching' || r.state.phase === 'listed' || r.state.phase === 'unavailable')) {
    const reasons = [...unavailable.map((u) => ({ kind: u.id, reason: (u.state as { error: string }).error })), ...optional];
    return { kind: 'connected', limited: reasons.map((r) => r.kind), reasons };
  }
  return { kind: 'connecting' };
}
