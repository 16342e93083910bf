// Uninstall: tell every agent to remove its routes and conflist (settings ConfigMap `state: remove`),
// wait for their confirmation Events, then delete exactly the objects carrying Podnet's labels.
import type { KubeObject } from '../manifest/renderManifest';
import { cniNamespace, eventReasons, podnetLabelSelector, settingsConfigMap } from '../names';
import type { KubeApi } from '../../kube/kubeApi';
import { collectionPath, KubeApiError, manifestKinds, objectPath } from '../../kube/kubeApi';
import type { Progress } from './installPlan';

/** Deletion order: stop the agents first, the namespace last. */
const deleteOrder = ['DaemonSet', 'ConfigMap', 'RoleBinding', 'Role', 'ClusterRoleBinding', 'ClusterRole', 'ServiceAccount', 'Namespace'];

export interface InstalledObject {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export const installedLabel = (o: InstalledObject): string => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;

export async function findInstalled(api: KubeApi, signal?: AbortSignal): Promise<InstalledObject[]> {
  const found: InstalledObject[] = [];
  for (const kind of deleteOrder.filter((k) => manifestKinds.includes(k))) {
    const items = await api.list<KubeObject>(`${collectionPath(kind)}?labelSelector=${encodeURIComponent(podnetLabelSelector)}`, signal);
    for (const o of items) found.push({ kind, name: o.metadata.name, namespace: o.metadata.namespace });
  }
  return found;
}

export interface CleanupResult {
  /** Nodes whose agent confirmed the clean-up. */
  readonly confirmed: string[];
  /** Agent pods (by node) that did not confirm in time. */
  readonly unconfirmed: string[];
  /** Why confirmations could not be read (the Events list failed), if so. */
  readonly unreadable?: string;
}

interface PodLike {
  metadata?: { name?: string };
  spec?: { nodeName?: string };
}
interface EventLike {
  reason?: string;
  involvedObject?: { name?: string };
  source?: { host?: string };
  lastTimestamp?: string;
  metadata?: { creationTimestamp?: string };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function signalCleanup(api: KubeApi, timeoutMs: number, progress: Progress, signal?: AbortSignal): Promise<CleanupResult> {
  const settings = await api.get<KubeObject & { data?: Record<string, string> }>(objectPath('ConfigMap', settingsConfigMap, cniNamespace), signal);
  const [allPods, nodes] = await Promise.all([
    api.list<PodLike>(`/api/v1/namespaces/${cniNamespace}/pods?labelSelector=${encodeURIComponent(podnetLabelSelector)}`, signal),
    api.list<PodLike>('/api/v1/nodes', signal),
  ]);
  // An agent pod left behind by a deleted node has nothing to clean up and will never answer.
  const nodeNames = new Set(nodes.map((n) => n.metadata?.name));
  const pods = allPods.filter((p) => nodeNames.has(p.spec?.nodeName));
  if (!settings) return { confirmed: [], unconfirmed: pods.map((p) => p.spec?.nodeName ?? p.metadata?.name ?? '?') };
  const since = new Date(Date.now() - 2000).toISOString();
  progress('Asking every node agent to remove its routes and conflist…');
  await api.apply(
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: settingsConfigMap, namespace: cniNamespace, labels: settings.metadata.labels },
      data: { ...(settings.data ?? {}), state: 'remove' },
    },
    false,
    signal,
  );
  const deadline = Date.now() + timeoutMs;
  const confirmed = new Set<string>();
  const path = `/api/v1/namespaces/${cniNamespace}/events?fieldSelector=${encodeURIComponent(`reason=${eventReasons.removed}`)}`;
  let unreadable: string | undefined;
  let waitingBefore = -1;
  for (;;) {
    signal?.throwIfAborted();
    let events: EventLike[] = [];
    try {
      events = await api.list<EventLike>(path, signal);
      unreadable = undefined;
    } catch (error) {
      if (!(error instanceof KubeApiError)) throw error;
      // Not "nobody confirmed": the confirmations could not be read.
      unreadable = `could not read the agents' Events in ${cniNamespace}: ${error.status === 403 ? 'forbidden' : `HTTP ${error.status}`} (${error.message})`;
    }
    for (const e of events) {
      const when = e.lastTimestamp ?? e.metadata?.creationTimestamp ?? '';
      if (e.reason !== eventReasons.removed || when < since) continue;
      const pod = pods.find((p) => p.metadata?.name === e.involvedObject?.name);
      if (pod) confirmed.add(pod.spec?.nodeName ?? pod.metadata?.name ?? '');
    }
    const waiting = pods.map((p) => p.spec?.nodeName ?? p.metadata?.name ?? '').filter((n) => !confirmed.has(n));
    if (waiting.length === 0 || Date.now() > deadline) {
      return { confirmed: [...confirmed].sort(), unconfirmed: waiting.sort(), ...(unreadable ? { unreadable } : {}) };
    }
    if (waiting.length !== waitingBefore) {
      progress(`Waiting for ${waiting.length} node(s) to confirm the clean-up: ${waiting.slice(0, 5).join(', ')}${waiting.length > 5 ? ', …' : ''}`);
    }
    waitingBefore = waiting.length;
    await sleep(500);
  }
}

export async function deleteInstalled(api: KubeApi, objects: readonly InstalledObject[], progress: Progress, signal?: AbortSignal): Promise<string[]> {
  const deleted: string[] = [];
  for (const kind of deleteOrder) {
    for (const o of objects.filter((x) => x.kind === kind)) {
      signal?.throwIfAborted();
      if (await api.delete(objectPath(o.kind, o.name, o.namespace), signal)) {
        deleted.push(installedLabel(o));
        progress(`Deleted ${installedLabel(o)}`);
      }
    }
  }
  return deleted;
}

/** Waits until no labelled object is left (a namespace may take a while to finish terminating). */
export async function waitUntilGone(api: KubeApi, timeoutMs: number, signal?: AbortSignal): Promise<InstalledObject[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = await findInstalled(api, signal);
    if (left.length === 0 || Date.now() > deadline) return left;
    await sleep(500);
  }
}
