// Connect, wait for the first complete model (or a clear failure), for one-shot users: the CLI,
// benchmarks and tests. The watcher keeps running; the caller stops it.
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterWatcherOptions, ConnectionStatus } from './clusterWatcher';
import { ClusterWatcher } from './clusterWatcher';

export interface ConnectResult {
  readonly watcher: ClusterWatcher;
  /** connected, or why not (unreachable / unauthorized / forbidden / connecting = timed out). */
  readonly status: ConnectionStatus;
}

export async function connectCluster(
  kubeConfig: KubeConfig,
  options: ClusterWatcherOptions & { readonly signal?: AbortSignal; readonly timeoutMs?: number } = {},
): Promise<ConnectResult> {
  let fail: (s: ConnectionStatus) => void = () => undefined;
  const failed = new Promise<ConnectionStatus>((resolve) => (fail = resolve));
  const watcher = new ClusterWatcher(kubeConfig, {
    ...options,
    onStatus: (s) => {
      options.onStatus?.(s);
      if (s.kind === 'unreachable' || s.kind === 'unauthorized' || s.kind === 'forbidden') fail(s);
    },
  });
  watcher.start();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<ConnectionStatus>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'connecting' }), options.timeoutMs ?? 60_000);
  });
  const aborted = new Promise<ConnectionStatus>((resolve) => {
    options.signal?.addEventListener('abort', () => resolve({ kind: 'unreachable', error: 'cancelled' }), { once: true });
  });
  const status = await Promise.race([watcher.synced().then(() => watcher.status), failed, timedOut, aborted]);
  clearTimeout(timer);
  return { watcher, status };
}
