// Connect, wait for the first complete model (or a clear failure), for one-shot users: the CLI,
// benchmarks and tests. The watcher keeps running; the caller stops it. There is no wall-clock
// limit on the first list (150,000 pods on a slow link take what they take): each request has
// its own timeout in the transport, and the whole fails only when nothing arrives for
// `stallTimeoutMs` (no page, no change of state).
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterWatcherOptions, ConnectionStatus } from './clusterWatcher';
import { ClusterWatcher } from './clusterWatcher';

export interface ConnectResult {
  readonly watcher: ClusterWatcher;
  /** connected, or why not (unreachable / unauthorized / forbidden / connecting = stalled). */
  readonly status: ConnectionStatus;
}

export async function connectCluster(
  kubeConfig: KubeConfig,
  options: ClusterWatcherOptions & { readonly signal?: AbortSignal; readonly stallTimeoutMs?: number; readonly timeoutMs?: number } = {},
): Promise<ConnectResult> {
  let fail: (s: ConnectionStatus) => void = () => undefined;
  const failed = new Promise<ConnectionStatus>((resolve) => (fail = resolve));
  const stallMs = options.stallTimeoutMs ?? options.timeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  let settled = false;
  let stalled: (s: ConnectionStatus) => void = () => undefined;
  const timedOut = new Promise<ConnectionStatus>((resolve) => (stalled = resolve));
  // Once settled, later status changes (the caller's stop() among them) arm no timer: a re-armed
  // stall timer kept `podnet inspect` alive for --timeout seconds after its output was written.
  const alive = (): void => {
    clearTimeout(timer);
    if (!settled) timer = setTimeout(() => stalled({ kind: 'connecting' }), stallMs);
  };
  alive();
  const watcher = new ClusterWatcher(kubeConfig, {
    ...options,
    onStatus: (s) => {
      alive();
      options.onStatus?.(s);
      // A request still being retried is not a failure yet.
      if ((s.kind === 'unreachable' && !s.transient) || s.kind === 'unauthorized' || s.kind === 'forbidden') fail(s);
    },
    onListProgress: (kind, n) => {
      alive();
      options.onListProgress?.(kind, n);
    },
    transport: {
      ...options.transport,
      onRetry: (path, notice) => {
        alive();
        options.transport?.onRetry?.(path, notice);
      },
    },
  });
  watcher.start();
  const aborted = new Promise<ConnectionStatus>((resolve) => {
    options.signal?.addEventListener('abort', () => resolve({ kind: 'unreachable', error: 'cancelled' }), { once: true });
  });
  const status = await Promise.race([watcher.synced().then(() => watcher.status), failed, timedOut, aborted]);
  settled = true;
  clearTimeout(timer);
  return { watcher, status };
}
