// The Podnet node agent's part, played by the lab's kubelet in the normal (no data-plane) lab: no
// real agent runs there, so nothing else would report a node's readiness or confirm a clean-up.
// Like the agent (src/cni/agent/nodeAgent.ts) it records Events on its own pod in kube-system
// (reportingComponent podnet-agent): PodnetAgentReady when its pod runs and its node's block is its
// own, PodnetBlockConflict (pod unready) when the block overlaps a block a node that joined earlier
// holds, PodnetAgentProblem (pod unready) when told so, and PodnetAgentRemoved once the settings
// ConfigMap says `state: remove`. Off in the data-plane lab, where the real agent runs.
//
// Node annotations steer it (docs/LAB.md):
//   lab.podnet.dev/agent-silent: "true"      this node's agent answers nothing (never ready, never confirms)
//   lab.podnet.dev/agent-problem: "<text>"   this node's agent is unready with that reason
import type { StoredObject } from '../store/storedObject';
import type { ObjectStore, StoreEvent } from '../store/objectStore';
import { overlaps, parseCidr } from '../../core/net/cidr';
import { agentComponent, agentReasons } from '../../core/cluster/agentReports';
import { podnetSettingsConfigMap } from '../../core/cluster/cniDetection';
import { nodePodCidrs } from '../../core/cluster/rawNode';

// The agent's names: Event reasons and component from core (which reads them too), the rest as
// src/cni/names.ts has them (lab may not import cni: a unit test holds them equal).
export const standInNames = {
  namespace: 'kube-system',
  appLabel: 'podnet-bridge-cni',
  settingsConfigMap: podnetSettingsConfigMap,
  component: agentComponent,
  reasons: { ready: agentReasons.ready, problem: agentReasons.problem, conflict: agentReasons.conflict, removed: agentReasons.removed },
} as const;

export const silentAnnotation = 'lab.podnet.dev/agent-silent';
export const problemAnnotation = 'lab.podnet.dev/agent-problem';

type Reason = (typeof standInNames.reasons)[keyof typeof standInNames.reasons];

interface PodView {
  spec?: { nodeName?: string };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

const isAgentPod = (o: Readonly<StoredObject>): boolean =>
  o.kind === 'Pod' && o.metadata.namespace === standInNames.namespace && o.metadata.labels?.['app.kubernetes.io/name'] === standInNames.appLabel;

export class AgentStandIn {
  /** Per agent pod (uid): the last reason and message it reported, so each change is one Event. */
  private readonly reported = new Map<string, string>();
  private readonly unsubscribe: () => void;
  private scheduled: NodeJS.Immediate | undefined;

  constructor(private readonly store: ObjectStore) {
    this.unsubscribe = store.subscribe((e) => this.onEvent(e));
    this.schedule();
  }

  dispose(): void {
    this.unsubscribe();
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
  }

  private onEvent(e: StoreEvent): void {
    const o = e.entry.object;
    const relevant = o.kind === 'Node' ||
      isAgentPod(o) ||
      (o.kind === 'ConfigMap' && o.metadata.namespace === standInNames.namespace && o.metadata.name === standInNames.settingsConfigMap);
    if (relevant) this.schedule();
  }

  private schedule(): void {
    this.scheduled ??= setImmediate(() => {
      this.scheduled = undefined;
      this.sync();
    });
  }

  private removing(): boolean {
    const settings = this.store.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: standInNames.namespace, name: standInNames.settingsConfigMap });
    return (settings?.data as Record<string, string> | undefined)?.state === 'remove';
  }

  private sync(): void {
    const pods = this.store.select('v1', 'Pod', standInNames.namespace, isAgentPod);
    if (pods.length === 0) return;
    const nodes = new Map(this.store.list('v1', 'Node').map((n) => [n.metadata.name, n]));
    const remove = this.removing();
    for (const pod of pods) {
      const view = pod as unknown as PodView;
      const node = nodes.get(view.spec?.nodeName ?? '');
      if (!node || view.status?.phase !== 'Running' || pod.metadata.deletionTimestamp) continue;
      if (node.metadata.annotations?.[silentAnnotation] === 'true') continue;
      const [reason, message] = remove
        ? [standInNames.reasons.removed, `node ${node.metadata.name}: removed Podnet's routes, firewall rules and conflist (lab stand-in)`] as const
        : this.verdict(node, nodes);
      const key = `${reason}\0${message}`;
      if (this.reported.get(pod.metadata.uid as string) === key) continue;
      this.reported.set(pod.metadata.uid as string, key);
      if (!remove) this.setReady(pod, reason === standInNames.reasons.ready);
      this.record(pod, node.metadata.name, reason, message);
    }
  }

  /** What this node's agent would say: its block taken by an earlier node, a problem it was told, or ready. */
  private verdict(node: Readonly<StoredObject>, nodes: ReadonlyMap<string, Readonly<StoredObject>>): readonly [Reason, string] {
    const name = node.metadata.name;
    const told = node.metadata.annotations?.[problemAnnotation];
    if (told) return [standInNames.reasons.problem, `node ${name}: ${told}`];
    const own = nodePodCidrs(node).map(parseCidr).flatMap((p) => (p.ok ? [p.cidr] : []));
    const joined = (n: Readonly<StoredObject>): string => `${String(n.metadata.creationTimestamp ?? '')}\0${n.metadata.name}`;
    for (const other of nodes.values()) {
      if (other.metadata.name === name || joined(other) > joined(node)) continue;
      for (const theirs of nodePodCidrs(other).map(parseCidr).flatMap((p) => (p.ok ? [p.cidr] : []))) {
        const mine = own.find((b) => overlaps(b, theirs));
        if (mine) {
          return [
            standInNames.reasons.conflict,
            `node ${name}: block ${mine.text} overlaps ${theirs.text} of node ${other.metadata.name}, which claimed it first; not serving it`,
          ];
        }
      }
    }
    return [standInNames.reasons.ready, `node ${name}: ready, block ${own.map((b) => b.text).join(',') || 'none'} (lab stand-in)`];
  }

  /** The agent's readiness probe: the pod's Ready condition follows the verdict. */
  private setReady(pod: Readonly<StoredObject>, ready: boolean): void {
    const latest = this.store.get({ apiVersion: 'v1', kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name });
    const status = (latest?.status ?? {}) as { conditions?: { type: string; status: string }[]; containerStatuses?: { ready?: boolean }[] };
    const want = ready ? 'True' : 'False';
    if (!latest || (status.conditions ?? []).filter((c) => c.type === 'Ready' || c.type === 'ContainersReady').every((c) => c.status === want)) return;
    const next = structuredClone(latest) as StoredObject;
    const s = next.status as typeof status;
    s.conditions = (s.conditions ?? []).map((c) => (c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status: want } : c));
    s.containerStatuses = (s.containerStatuses ?? []).map((c) => ({ ...c, ready }));
    delete next.metadata.resourceVersion;
    this.store.update(next, { subresource: 'status' });
  }

  private record(pod: Readonly<StoredObject>, node: string, reason: Reason, message: string): void {
    const now = new Date().toISOString();
    const warning = reason === standInNames.reasons.conflict || reason === standInNames.reasons.problem;
    this.store.create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${pod.metadata.name}.${Date.now().toString(16)}${Math.floor(Math.random() * 0xffff).toString(16)}`,
        namespace: standInNames.namespace,
      },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, namespace: standInNames.namespace, uid: pod.metadata.uid },
      reason,
      message,
      type: warning ? 'Warning' : 'Normal',
      source: { component: standInNames.component, host: node },
      reportingComponent: standInNames.component,
      reportingInstance: node,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    });
  }
}
