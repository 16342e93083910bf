// After apply: wait for the DaemonSet rollout, then check every node — its agent pod Ready (the
// readiness probe means "this node's conflist and routes are in place"), the node Ready, and the
// agent's latest Event for the details.
import type { CniKubeApi } from './cniKubeApi';
import { objectPath } from './cniKubeApi';
import type { Progress } from './installPlan';
import { cniNamespace, daemonSetName, eventReasons, podnetLabelSelector } from '../names';

interface DaemonSetStatus {
  metadata?: { generation?: number };
  status?: { observedGeneration?: number; desiredNumberScheduled?: number; updatedNumberScheduled?: number; numberReady?: number; numberAvailable?: number };
}

export interface NodeResult {
  readonly node: string;
  readonly ready: boolean;
  readonly detail: string;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(new Error('cancelled'));
      },
      { once: true },
    );
  });

export async function waitForRollout(api: CniKubeApi, timeoutMs: number, progress: Progress, signal?: AbortSignal): Promise<{ done: boolean; summary: string }> {
  const deadline = Date.now() + timeoutMs;
  let summary = '';
  for (;;) {
    signal?.throwIfAborted();
    const ds = await api.get<DaemonSetStatus>(objectPath('DaemonSet', daemonSetName, cniNamespace), signal);
    const s = ds?.status ?? {};
    const desired = s.desiredNumberScheduled ?? 0;
    const next = `DaemonSet ${cniNamespace}/${daemonSetName}: ${s.numberReady ?? 0}/${desired} ready, ${s.updatedNumberScheduled ?? 0} up to date`;
    if (next !== summary) progress(next);
    summary = next;
    const current = (s.observedGeneration ?? 0) >= (ds?.metadata?.generation ?? 0);
    if (ds && current && desired > 0 && s.updatedNumberScheduled === desired && s.numberReady === desired) return { done: true, summary };
    if (Date.now() > deadline) return { done: false, summary };
    await sleep(500, signal);
  }
}

interface PodLike {
  metadata?: { name?: string };
  spec?: { nodeName?: string };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}
interface NodeLike {
  metadata?: { name?: string };
  status?: { conditions?: { type: string; status: string; reason?: string }[] };
}
interface EventLike {
  reason?: string;
  message?: string;
  involvedObject?: { name?: string };
  lastTimestamp?: string;
  eventTime?: string;
  metadata?: { creationTimestamp?: string };
}

const readyCondition = (conditions: { type: string; status: string }[] | undefined): boolean => (conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

export async function verifyNodes(api: CniKubeApi, signal?: AbortSignal): Promise<NodeResult[]> {
  const [nodes, pods, events] = await Promise.all([
    api.list<NodeLike>('/api/v1/nodes', signal),
    api.list<PodLike>(`/api/v1/namespaces/${cniNamespace}/pods?labelSelector=${encodeURIComponent(podnetLabelSelector)}`, signal),
    api.list<EventLike>(`/api/v1/namespaces/${cniNamespace}/events`, signal).catch(() => [] as EventLike[]),
  ]);
  const agentReasons = new Set<string>(Object.values(eventReasons));
  const lastEvent = new Map<string, EventLike>();
  const time = (e: EventLike): string => e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? '';
  for (const e of events) {
    const pod = e.involvedObject?.name;
    if (!pod || !agentReasons.has(e.reason ?? '')) continue;
    const prev = lastEvent.get(pod);
    if (!prev || time(prev) <= time(e)) lastEvent.set(pod, e);
  }
  return nodes.map((n) => {
    const name = n.metadata?.name ?? '';
    const pod = pods.find((p) => p.spec?.nodeName === name);
    const nodeReady = readyCondition(n.status?.conditions);
    if (!pod) return { node: name, ready: false, detail: 'no Podnet agent pod on this node' };
    const podReady = readyCondition(pod.status?.conditions);
    const event = lastEvent.get(pod.metadata?.name ?? '');
    const notReadyReason = n.status?.conditions?.find((c) => c.type === 'Ready')?.reason;
    const parts = [
      `agent ${pod.metadata?.name} ${podReady ? 'Ready' : `not ready (${pod.status?.phase ?? 'unknown phase'})`}`,
      `node ${nodeReady ? 'Ready' : `NotReady${notReadyReason ? ` (${notReadyReason})` : ''}`}`,
      ...(event?.message ? [`agent says: ${event.message}`] : []),
    ];
    return { node: name, ready: podReady && nodeReady, detail: parts.join('; ') };
  });
}

/** Polls verifyNodes until every node is ready or the time is up; returns the last results. */
export async function verifyUntilReady(api: CniKubeApi, timeoutMs: number, signal?: AbortSignal): Promise<NodeResult[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const results = await verifyNodes(api, signal);
    if (results.every((r) => r.ready) || Date.now() > deadline) return results;
    await sleep(500, signal);
  }
}
