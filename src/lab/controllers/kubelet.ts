// The lab's kubelets and scheduler. The rule Podnet's features rely on (docs/LAB.md): a node has
// a CNI once a Running hostNetwork DaemonSet pod on it mounts hostPath /etc/cni/net.d. Until then
// the node is NotReady (NetworkPluginNotReady, not-ready taint) and its pod-network pods wait in
// ContainerCreating without an IP; afterwards it turns Ready and pods get IPs from the node's
// block. hostNetwork pods take the node's InternalIP and run at once.
import { createHash } from 'node:crypto';
import type { StoredObject } from '../store/storedObject';
import type { ObjectStore } from '../store/objectStore';
import { notReadyCondition, pendingStatus } from '../scenarios/clusterObjects';
import type { KubeletRuntime } from '../dataplane/kubeletRuntime';
import { AgentStandIn } from './agentStandIn';
import { recordEvent } from './labEvents';
import { allocatePodIps, podBlocksFor } from './podNetworking';
import type { Taint, Toleration } from './taints';
import { toleratesAll } from './taints';
import type { RawNode } from '../../core/cluster/rawNode';
import { nodeInternalIps, nodeReadyCondition } from '../../core/cluster/rawNode';

type Obj = Record<string, unknown>;
interface PodView {
  spec?: {
    nodeName?: string;
    hostNetwork?: boolean;
    volumes?: { hostPath?: { path?: string } }[];
    containers?: Obj[];
    tolerations?: Toleration[];
    nodeSelector?: Record<string, string>;
  };
  status?: { phase?: string; podIP?: string; podIPs?: { ip: string }[]; conditions?: { type: string; status: string }[] };
}
interface NodeView {
  spec?: { taints?: Taint[]; unschedulable?: boolean };
  status?: { conditions?: Obj[]; addresses?: { type: string; address: string }[] };
}

const nowText = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const podView = (p: Readonly<StoredObject>): PodView => p as unknown as PodView;
const internalIp = (n: Readonly<StoredObject>): string | undefined => nodeInternalIps(n as RawNode)[0];
export const isReadyNode = (n: Readonly<StoredObject>): boolean => nodeReadyCondition(n as RawNode).ready;

/** A node's CNI marker: a Running hostNetwork pod mounting /etc/cni/net.d. */
export function isCniPod(p: Readonly<StoredObject>): boolean {
  const v = podView(p);
  return Boolean(v.spec?.hostNetwork) && v.status?.phase === 'Running'
    && (p.metadata.ownerReferences ?? []).some((o) => o.kind === 'DaemonSet')
    && (v.spec?.volumes ?? []).some((vol) => (vol.hostPath?.path ?? '').replace(/\/+$/, '') === '/etc/cni/net.d');
}

export interface LabKubeletOptions {
  /** The real Podnet agent runs and reports (a data-plane lab, or tests running agents themselves), so the stand-in stays off. */
  readonly dataplane?: boolean;
  /** A data-plane lab's container runtime (real network readiness, sandboxes and processes). */
  readonly runtime?: KubeletRuntime;
}

export class LabKubelet {
  /** Pod IPs in use per node, kept current from pod events once built (on the first allocation: a million-pod cluster may never need it). */
  private ipsByNode: Map<string, Set<string>> | undefined;
  private readonly warned = new Set<string>();
  /** Plays the Podnet agent's part (readiness Events, clean-up acknowledgement) where no agent runs. */
  private readonly agentStandIn: AgentStandIn | undefined;
  private readonly runtime: KubeletRuntime | undefined;

  constructor(
    private readonly store: ObjectStore,
    options: LabKubeletOptions = {},
  ) {
    this.runtime = options.runtime;
    this.agentStandIn = options.dataplane || options.runtime ? undefined : new AgentStandIn(store);
  }

  dispose(): void {
    this.agentStandIn?.dispose();
  }

  track(p: Readonly<StoredObject>, add: boolean): void {
    if (this.ipsByNode) this.trackIn(this.ipsByNode, p, add);
  }

  private usedIps(nodeName: string): Set<string> {
    if (!this.ipsByNode) {
      const byNode = new Map<string, Set<string>>();
      for (const p of this.store.each('v1', 'Pod')) this.trackIn(byNode, p, true);
      this.ipsByNode = byNode;
    }
    return this.ipsByNode.get(nodeName) ?? new Set();
  }

  private trackIn(byNode: Map<string, Set<string>>, p: Readonly<StoredObject>, add: boolean): void {
    const v = podView(p);
    if (!v.spec?.nodeName || v.spec.hostNetwork) return;
    const ips = (v.status?.podIPs ?? []).map((x) => x.ip);
    if (ips.length === 0) return;
    let set = byNode.get(v.spec.nodeName);
    if (!set) byNode.set(v.spec.nodeName, set = new Set());
    for (const ip of ips) {
      if (add) set.add(ip);
      else set.delete(ip);
    }
  }

  private cniNodes: Set<string> | undefined;

  /** Forget which nodes have a CNI (a hostNetwork pod changed). */
  invalidateCni(): void {
    this.cniNodes = undefined;
  }

  nodeHasCni(nodeName: string): boolean {
    if (this.runtime) return this.runtime.networkReady(nodeName);
    if (!this.cniNodes) {
      // A CNI pod is a DaemonSet's, so it lives in a namespace with a DaemonSet: only those are scanned.
      const cniNodes = new Set<string>();
      for (const ns of new Set(this.store.list('apps/v1', 'DaemonSet').map((ds) => ds.metadata.namespace))) {
        for (const p of this.store.each('v1', 'Pod', ns)) if (isCniPod(p)) cniNodes.add(podView(p).spec?.nodeName as string);
      }
      this.cniNodes = cniNodes;
    }
    return this.cniNodes.has(nodeName);
  }

  /**
   * Whether a CNI DaemonSet (hostNetwork, /etc/cni/net.d mounted) still exists: while it does, a
   * node that had the CNI keeps it across a rolling restart of its pod (the config stays on disk).
   */
  private cniDaemonSetExists(): boolean {
    return this.store.list('apps/v1', 'DaemonSet').some((ds) => {
      const spec = (ds.spec as { template?: { spec?: { hostNetwork?: boolean; volumes?: { hostPath?: { path?: string } }[] } } } | undefined)?.template?.spec;
      return Boolean(spec?.hostNetwork) && (spec?.volumes ?? []).some((v) => (v.hostPath?.path ?? '').replace(/\/+$/, '') === '/etc/cni/net.d');
    });
  }

  /** Node readiness follows the CNI marker; returns true when the node changed. */
  syncNode(node: Readonly<StoredObject>): boolean {
    const hasCni = this.nodeHasCni(node.metadata.name) || (!this.runtime && isReadyNode(node) && this.cniDaemonSetExists());
    if (hasCni === isReadyNode(node)) return false;
    const next = structuredClone(node) as StoredObject;
    const v = next as unknown as NodeView;
    const now = nowText();
    const ready = hasCni
      ? { type: 'Ready', status: 'True', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletReady', message: 'kubelet is posting ready status' }
      : notReadyCondition(now, now);
    v.status = { ...v.status, conditions: [...(v.status?.conditions ?? []).filter((c) => c.type !== 'Ready'), ready] };
    const taints = (v.spec?.taints ?? []).filter((t) => t.key !== 'node.kubernetes.io/not-ready');
    if (!hasCni) taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' });
    next.spec = { ...(next.spec as Obj), taints: taints.length ? taints : undefined };
    delete next.metadata.resourceVersion;
    this.store.update(next);
    this.store.update(next, { subresource: 'status' });
    return true;
  }

  /** Schedules an unbound pod onto the least-loaded node it tolerates (the default scheduler, in short). */
  schedule(p: Readonly<StoredObject>): boolean {
    const v = podView(p);
    if (v.spec?.nodeName) return false;
    const nodes = this.store.list('v1', 'Node').filter((n) => {
      const nv = n as unknown as NodeView;
      const selector = v.spec?.nodeSelector ?? {};
      return !nv.spec?.unschedulable && toleratesAll(v.spec?.tolerations ?? [], nv.spec?.taints)
        && Object.entries(selector).every(([k, val]) => n.metadata.labels?.[k] === val);
    });
    if (nodes.length === 0) return false;
    const load = new Map<string, number>();
    for (const other of this.store.each('v1', 'Pod')) {
      const name = podView(other).spec?.nodeName;
      if (name) load.set(name, (load.get(name) ?? 0) + 1);
    }
    nodes.sort((a, b) => (load.get(a.metadata.name) ?? 0) - (load.get(b.metadata.name) ?? 0) || a.metadata.name.localeCompare(b.metadata.name));
    const next = structuredClone(p) as StoredObject;
    (next.spec as Obj).nodeName = nodes[0].metadata.name;
    this.store.update(next);
    recordEvent(
      this.store,
      p,
      'Normal',
      'Scheduled',
      `Successfully assigned ${p.metadata.namespace}/${p.metadata.name} to ${nodes[0].metadata.name}`,
      'default-scheduler',
    );
    return true;
  }

  /** Starts a bound pod when its node can run it; true when it changed the pod. */
  syncPod(p: Readonly<StoredObject>): boolean {
    const v = podView(p);
    const nodeName = v.spec?.nodeName;
    if (!nodeName || v.status?.phase === 'Running' || v.status?.phase === 'Succeeded' || v.status?.phase === 'Failed' || p.metadata.deletionTimestamp) {
      return false;
    }
    const node = this.store.get({ apiVersion: 'v1', kind: 'Node', name: nodeName });
    if (!node) return false;
    if (this.runtime && (v.spec?.hostNetwork || this.nodeHasCni(nodeName))) {
      this.runtime.syncPod(p);
      return false;
    }
    const hostIP = internalIp(node);
    let podIPs: string[] | undefined;
    if (v.spec?.hostNetwork) podIPs = hostIP ? [hostIP] : undefined;
    else if (this.nodeHasCni(nodeName)) {
      const blocks = podBlocksFor(this.store, node);
      podIPs = allocatePodIps(blocks, this.usedIps(nodeName));
      if (!podIPs && !this.warned.has(p.metadata.uid as string)) {
        this.warned.add(p.metadata.uid as string);
        recordEvent(
          this.store,
          p,
          'Warning',
          'FailedCreatePodSandBox',
          blocks.length === 0
            ? `Failed to create pod sandbox: plugin type="bridge" failed (add): node ${nodeName} has no pod CIDR`
            : `Failed to create pod sandbox: plugin type="bridge" failed (add): failed to allocate for range 0: no IP addresses available in range set: ${
              blocks[0].text
            }`,
          'kubelet',
        );
      }
    }
    const next = structuredClone(p) as StoredObject;
    const now = nowText();
    if (!podIPs) {
      const pending = pendingStatus(nodeName, hostIP, (v.status as Obj | undefined)?.startTime as string | undefined ?? now);
      const containers = v.spec?.containers ?? [];
      pending.containerStatuses = containers.map((c) => ({
        name: c.name,
        image: c.image,
        imageID: '',
        ready: false,
        restartCount: 0,
        started: false,
        lastState: {},
        state: { waiting: { reason: 'ContainerCreating' } },
      }));
      if (JSON.stringify({ ...(v.status as Obj), conditions: undefined }) === JSON.stringify({ ...pending, conditions: undefined })) return false;
      next.status = pending;
      this.store.update(next, { subresource: 'status' });
      return true;
    }
    const cond = (type: string): Obj => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now });
    next.status = {
      phase: 'Running',
      conditions: [cond('PodReadyToStartContainers'), cond('Initialized'), cond('Ready'), cond('ContainersReady'), cond('PodScheduled')],
      hostIP,
      hostIPs: hostIP ? [{ ip: hostIP }] : [],
      podIP: podIPs[0],
      podIPs: podIPs.map((ip) => ({ ip })),
      startTime: now,
      containerStatuses: (v.spec?.containers ?? []).map((c) => ({
        name: c.name,
        state: { running: { startedAt: now } },
        lastState: {},
        ready: true,
        restartCount: 0,
        image: c.image,
        imageID: `${String(c.image).split(':')[0]}@sha256:${createHash('sha256').update(String(c.image)).digest('hex')}`,
        containerID: `containerd://${createHash('sha256').update(`${p.metadata.uid}/${String(c.name)}`).digest('hex')}`,
        started: true,
      })),
      qosClass: (v.status as Obj | undefined)?.qosClass ?? 'BestEffort',
    };
    this.track(next, true);
    this.store.update(next, { subresource: 'status' });
    return true;
  }
}
