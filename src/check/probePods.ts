// The check's probe pods on their way up: waiting until every one is Ready (Running with an IP, and
// its readiness probe has found the marker the probe writes once its echo listens), and when they
// do not all get there in time, why each did not (its status, its node's readiness, its events).
import type { KubeApi } from '../kube/kubeApi';
import type { PodContext, ProbePodStatus } from '../core/check/podTrouble';
import { podTrouble, probePodReady } from '../core/check/podTrouble';
import { checkAppName, checkNamespace } from './checkNames';
import type { RawNode } from '../core/cluster/rawNode';
import { nodeCondition } from '../core/cluster/rawNode';

export interface NodeObject extends RawNode {
  readonly metadata: { name: string; annotations?: Record<string, string>; labels?: Record<string, string> };
}
export interface PodObject extends ProbePodStatus {
  metadata: { name: string; labels?: Record<string, string> };
  spec?: { nodeName?: string };
  status?: ProbePodStatus['status'] & { hostIP?: string; podIPs?: { ip: string }[]; hostIPs?: { ip: string }[] };
}

/** Resolves after `ms`, rejects with "cancelled" when the signal aborts first. */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('cancelled'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Error('cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export type PodsReady = { kind: 'up'; pods: PodObject[] } | { kind: 'stuck'; lines: string[] };

export async function waitForPods(
  api: KubeApi,
  expected: number,
  deadline: number,
  pollMs: number,
  ui: { progress: (message: string) => void; signal?: AbortSignal },
): Promise<PodsReady> {
  let last = '';
  let pods: PodObject[] = [];
  for (;;) {
    pods = await api.list<PodObject>(
      `/api/v1/namespaces/${checkNamespace}/pods?labelSelector=${encodeURIComponent(`app.kubernetes.io/name=${checkAppName}`)}`,
      ui.signal,
    );
    const up = pods.filter(probePodReady);
    const line = `Probe pods ready: ${up.length}/${expected}`;
    if (line !== last) ui.progress(line);
    last = line;
    if (up.length >= expected && pods.length >= expected) return { kind: 'up', pods: up };
    if (Date.now() > deadline) break;
    await sleep(pollMs, ui.signal);
  }
  const troubled = pods.filter((p) => !probePodReady(p));
  const known = await troubleContext(api, ui.signal);
  return {
    kind: 'stuck',
    lines: [
      `podnet check: the probe pods did not all start within the --timeout (${
        pods.filter(probePodReady).length
      } of ${expected} Ready); nothing was probed. Not Ready:`,
      ...troubled.slice(0, 20).map((p) => `  ✗ ${podTrouble(p, known(p))}`),
      ...(troubled.length > 20 ? [`  … and ${troubled.length - 20} more`] : []),
      ...(pods.length < expected ? [`  ✗ only ${pods.length} of ${expected} probe pods were created (the DaemonSets did not place one on every node)`] : []),
    ],
  };
}

interface EventObject {
  type?: string;
  reason?: string;
  message?: string;
  involvedObject?: { kind?: string; name?: string };
  lastTimestamp?: string;
  eventTime?: string;
}

/** The node conditions and Warning events that say why a pod did not start (best effort: unreadable is left out). */
async function troubleContext(api: KubeApi, signal?: AbortSignal): Promise<(p: PodObject) => PodContext> {
  const notReady = new Map<string, string>();
  const warnings = new Map<string, string>();
  try {
    for (const n of await api.list<NodeObject>('/api/v1/nodes', signal)) {
      const ready = nodeCondition(n, 'Ready');
      if (ready && ready.status !== 'True') notReady.set(n.metadata.name, `${ready.reason ?? 'NotReady'}${ready.message ? ` (${ready.message})` : ''}`);
    }
    const events = await api.list<EventObject>(`/api/v1/namespaces/${checkNamespace}/events`, signal);
    const when = (e: EventObject): string => e.lastTimestamp ?? e.eventTime ?? '';
    for (const e of events.filter((x) => x.type === 'Warning' && x.involvedObject?.kind === 'Pod').sort((a, b) => when(a).localeCompare(when(b)))) {
      if (e.involvedObject?.name) warnings.set(e.involvedObject.name, `${e.reason ?? ''}: ${e.message ?? ''}`);
    }
  } catch {
    // The pods' own status still says what it can.
  }
  return (p) => ({
    ...(p.spec?.nodeName && notReady.has(p.spec.nodeName) ? { nodeNotReady: notReady.get(p.spec.nodeName) } : {}),
    ...(warnings.has(p.metadata.name) ? { lastWarning: warnings.get(p.metadata.name) } : {}),
  });
}
