// After apply: wait for the DaemonSet rollout, then check every node — its agent pod Ready (the
// readiness probe means "this node's conflist and routes are in place"), the node Ready, and the
// agent's latest Event for the details.
import type { KubeApi } from '../../kube/kubeApi';
import { KubeApiError, objectPath } from '../../kube/kubeApi';
import { agentComponent, isAgentReason, unreadyAgentReasons } from '../../core/cluster/agentReports';
import type { RawNode } from '../../core/cluster/rawNode';
import { nodeReadyCondition } from '../../core/cluster/rawNode';
import type { Progress } from './installPlan';
import { cniNamespace, daemonSetName, podnetLabelSelector } from '../names';

interface DaemonSetStatus {
  metadata?: { generation?: number };
  status?: { observedGeneration?: number; desiredNumberScheduled?: number; updatedNumberScheduled?: number; numberReady?: number; numberAvailable?: number };
}

export interface NodeResult {
  readonly node: string;
  readonly ready: boolean;
  readonly detail: string;
  /** The agent's latest Event reason on this node (PodnetAgentReady, PodnetBlockConflict, ...). */
  readonly reason?: string;
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

interface PodLike {
  metadata?: { name?: string };
  spec?: { nodeName?: string };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}
interface EventLike {
  reason?: string;
  message?: string;
  involvedObject?: { name?: string };
  reportingComponent?: string;
  source?: { component?: string; host?: string };
  lastTimestamp?: string;
  eventTime?: string;
  metadata?: { creationTimestamp?: string };
}

/** The latest agent Event per agent pod, or why they could not be read (never taken as "none"). */
export async function latestAgentEvents(api: KubeApi, signal?: AbortSignal): Promise<{ byPod: Map<string, EventLike>; unreadable?: string }> {
  const byPod = new Map<string, EventLike>();
  let events: EventLike[];
  try {
    events = await api.list<EventLike>(
      `/api/v1/namespaces/${cniNamespace}/events?fieldSelector=${encodeURIComponent(`involvedObject.kind=Pod,reportingComponent=${agentComponent}`)}`,
      signal,
    );
  } catch (error) {
    if (!(error instanceof KubeApiError)) throw error;
    return {
      byPod,
      unreadable: `could not read the agents' Events in ${cniNamespace}: ${error.status === 403 ? 'forbidden' : `HTTP ${error.status}`} (${error.message})`,
    };
  }
  const time = (e: EventLike): string => e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? '';
  for (const e of events) {
    const pod = e.involvedObject?.name;
    if (!pod || !isAgentReason(e.reason ?? '') || (e.reportingComponent ?? e.source?.component) !== agentComponent) continue;
    const prev = byPod.get(pod);
    if (!prev || time(prev) <= time(e)) byPod.set(pod, e);
  }
  return { byPod };
}

const agentPodsPath = `/api/v1/namespaces/${cniNamespace}/pods?labelSelector=${encodeURIComponent(podnetLabelSelector)}`;

export async function waitForRollout(api: KubeApi, timeoutMs: number, progress: Progress, signal?: AbortSignal): Promise<{ done: boolean; summary: string }> {
  const deadline = Date.now() + timeoutMs;
  let summary = '';
  const told = new Set<string>();
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
    // Say at once which node's agent reports itself unready, and why (it will not get better by waiting).
    const [pods, events] = await Promise.all([api.list<PodLike>(agentPodsPath, signal), latestAgentEvents(api, signal)]);
    for (const pod of pods) {
      const e = events.byPod.get(pod.metadata?.name ?? '');
      const line = e && unreadyAgentReasons.has(e.reason ?? '')
        ? `node ${pod.spec?.nodeName ?? '?'}: agent reports ${e.reason}: ${e.message ?? ''}`
        : undefined;
      if (line && !told.has(line)) {
        told.add(line);
        progress(line);
      }
    }
    if (Date.now() > deadline) return { done: false, summary };
    await sleep(500, signal);
  }
}

export async function verifyNodes(api: KubeApi, signal?: AbortSignal): Promise<NodeResult[]> {
  const [nodes, pods, events] = await Promise.all([
    api.list<RawNode & { metadata?: { name?: string } }>('/api/v1/nodes', signal),
    api.list<PodLike>(agentPodsPath, signal),
    latestAgentEvents(api, signal),
  ]);
  return nodes.map((n) => {
    const name = n.metadata?.name ?? '';
    const pod = pods.find((p) => p.spec?.nodeName === name);
    const node = nodeReadyCondition(n);
    if (!pod) return { node: name, ready: false, detail: 'no Podnet agent pod on this node' };
    const podReady = (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
    const event = events.byPod.get(pod.metadata?.name ?? '');
    const parts = [
      `agent ${pod.metadata?.name} ${podReady ? 'Ready' : `not ready (${pod.status?.phase ?? 'unknown phase'})`}`,
      `node ${node.ready ? 'Ready' : `NotReady${node.reason ? ` (${node.reason})` : ''}`}`,
      ...(event ? [`agent reports ${event.reason}${event.message ? `: ${event.message}` : ''}`] : events.unreadable ? [events.unreadable] : []),
    ];
    return { node: name, ready: podReady && node.ready, detail: parts.join('; '), ...(event?.reason ? { reason: event.reason } : {}) };
  });
}

/** Polls verifyNodes until every node is ready or the time is up; returns the last results. */
export async function verifyUntilReady(api: KubeApi, timeoutMs: number, signal?: AbortSignal): Promise<NodeResult[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const results = await verifyNodes(api, signal);
    if (results.every((r) => r.ready) || Date.now() > deadline) return results;
    await sleep(500, signal);
  }
}
