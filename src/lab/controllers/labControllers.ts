// Runs the lab's controllers off store events through one coalescing work queue (drained on the
// next tick), like informers feeding work queues in kube-controller-manager and the kubelet.
import type { StoredObject } from '../store/storedObject';
import type { ObjectStore, StoreEvent } from '../store/objectStore';
import type { ScenarioData } from '../scenarios/scenario';
import { reconcileDaemonSet } from './daemonSetController';
import { reconcileDeployment, reconcileReplicaSet } from './deploymentController';
import { LabKubelet } from './kubelet';
import type { LabKubeletOptions } from './kubelet';
import { NodeIpam } from './nodeIpam';

export interface LabControllers {
  stop(): void;
  /** Resolves when the queue is empty (tests: wait for the controllers to settle). */
  settled(): Promise<void>;
}

type Work = { kind: 'node' | 'pod' | 'ds' | 'deploy' | 'rs'; namespace?: string; name: string } | { kind: 'all-ds' } | { kind: 'unscheduled' } | {
  kind: 'gc';
  uid: string;
  namespace?: string;
} | { kind: 'orphans'; node: string };

const isWaiting = (p: Readonly<StoredObject>): boolean => {
  const spec = p.spec as { nodeName?: string; hostNetwork?: boolean } | undefined;
  const phase = (p.status as { phase?: string } | undefined)?.phase;
  return !spec?.nodeName || (phase === 'Pending' && !spec.hostNetwork);
};

export function startControllers(store: ObjectStore, data: ScenarioData, kubeletOptions: LabKubeletOptions = {}): LabControllers {
  const ipam = new NodeIpam(store, data.clusterCidrs, data.nodeMaskSizeV4, data.nodeMaskSizeV6);
  const kubelet = new LabKubelet(store, kubeletOptions);
  const queue = new Map<string, Work>();
  let scheduled: NodeJS.Immediate | undefined;
  let stopped = false;
  let waiters: (() => void)[] = [];

  const enqueue = (w: Work): void => {
    if (stopped) return;
    const key = 'name' in w
      ? `${w.kind}/${w.namespace ?? ''}/${w.name}`
      : w.kind === 'gc'
      ? `gc/${w.uid}`
      : w.kind === 'orphans'
      ? `orphans/${w.node}`
      : w.kind;
    queue.set(key, w);
    scheduled ??= setImmediate(drain);
  };

  const process = (w: Work): void => {
    switch (w.kind) {
      case 'node': {
        const node = store.get({ apiVersion: 'v1', kind: 'Node', name: w.name });
        if (!node) return;
        ipam.reconcile(node);
        const latest = store.get({ apiVersion: 'v1', kind: 'Node', name: w.name });
        if (latest) kubelet.syncNode(latest);
        return;
      }
      case 'pod': {
        const p = store.get({ apiVersion: 'v1', kind: 'Pod', namespace: w.namespace, name: w.name });
        if (!p) return;
        if (!kubelet.schedule(p)) kubelet.syncPod(p);
        return;
      }
      case 'ds': {
        const ds = store.get({ apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: w.namespace, name: w.name });
        if (ds) reconcileDaemonSet(store, ds);
        return;
      }
      case 'deploy': {
        const d = store.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: w.namespace, name: w.name });
        if (d) reconcileDeployment(store, d);
        return;
      }
      case 'rs': {
        const rs = store.get({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: w.namespace, name: w.name });
        if (rs) reconcileReplicaSet(store, rs);
        return;
      }
      case 'all-ds':
        for (const ds of store.list('apps/v1', 'DaemonSet')) enqueue({ kind: 'ds', namespace: ds.metadata.namespace, name: ds.metadata.name });
        return;
      case 'unscheduled':
        for (const key of waiting) {
          const [namespace, name] = key.split('/') as [string, string];
          enqueue({ kind: 'pod', namespace, name });
        }
        return;
      case 'orphans':
        // The pod garbage collector: pods bound to a node that no longer exists are deleted.
        for (const p of store.each('v1', 'Pod')) {
          if ((p.spec as { nodeName?: string } | undefined)?.nodeName === w.node) {
            store.delete({ apiVersion: 'v1', kind: 'Pod', namespace: p.metadata.namespace, name: p.metadata.name });
          }
        }
        return;
      case 'gc':
        // The garbage collector: dependents of a deleted owner go too (background propagation).
        for (const t of store.types().filter((x) => x.namespaced || !w.namespace)) {
          for (const o of store.each(t.group ? `${t.group}/${t.version}` : t.version, t.kind, w.namespace)) {
            if (o.metadata.ownerReferences?.some((r) => r.uid === w.uid)) {
              store.delete({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name });
            }
          }
        }
        return;
    }
  };

  function drain(): void {
    scheduled = undefined;
    for (let rounds = 0; queue.size > 0 && rounds < 10_000 && !stopped; rounds++) {
      const [key, w] = queue.entries().next().value as [string, Work];
      queue.delete(key);
      try {
        process(w);
      } catch (error) {
        // A write can race a client's delete; the next event brings the work back.
        if (!(error instanceof Error && /not found/.test(error.message))) console.error(`podnet lab: controller ${key}:`, error);
      }
    }
    if (queue.size === 0) {
      const done = waiters;
      waiters = [];
      done.forEach((f) => f());
    } else scheduled ??= setImmediate(drain);
  }

  /** The controller to wake when an object it owns changes. */
  const ownerWork = (o: Readonly<StoredObject>): Work | undefined => {
    const ref = o.metadata.ownerReferences?.find((r) => r.controller && ['DaemonSet', 'ReplicaSet', 'Deployment'].includes(r.kind));
    if (!ref) return undefined;
    return { kind: ref.kind === 'DaemonSet' ? 'ds' : ref.kind === 'ReplicaSet' ? 'rs' : 'deploy', namespace: o.metadata.namespace, name: ref.name };
  };

  /** Pods the scheduler or a kubelet still has to act on (unbound, or Pending off the host network), as "namespace/name". */
  const waiting = new Set<string>();
  const noteWaiting = (p: Readonly<StoredObject>, exists: boolean): void => {
    const key = `${p.metadata.namespace}/${p.metadata.name}`;
    if (exists && isWaiting(p)) waiting.add(key);
    else waiting.delete(key);
  };

  const onEvent = (e: StoreEvent): void => {
    const o = e.entry.object;
    switch (o.kind) {
      case 'Node':
        enqueue({ kind: 'node', name: o.metadata.name });
        if (
          e.type !== 'MODIFIED' ||
          JSON.stringify((o.spec as Record<string, unknown>)?.taints) !== JSON.stringify((e.previous?.spec as Record<string, unknown> | undefined)?.taints)
          || JSON.stringify(o.metadata.labels) !== JSON.stringify(e.previous?.metadata.labels)
        ) {
          enqueue({ kind: 'all-ds' });
          enqueue({ kind: 'unscheduled' });
        }
        if (e.type === 'DELETED') enqueue({ kind: 'orphans', node: o.metadata.name });
        break;
      case 'Pod': {
        const spec = o.spec as { hostNetwork?: boolean; nodeName?: string } | undefined;
        noteWaiting(o, e.type !== 'DELETED');
        if (e.type === 'DELETED') kubelet.track(o, false);
        else if (e.previous) kubelet.track(e.previous, false);
        if (e.type !== 'DELETED') kubelet.track(o, true);
        if (spec?.hostNetwork || (e.previous?.spec as { hostNetwork?: boolean } | undefined)?.hostNetwork) {
          kubelet.invalidateCni();
          if (spec?.nodeName) enqueue({ kind: 'node', name: spec.nodeName });
        }
        if (e.type !== 'DELETED') enqueue({ kind: 'pod', namespace: o.metadata.namespace, name: o.metadata.name });
        else enqueue({ kind: 'gc', uid: o.metadata.uid as string, namespace: o.metadata.namespace });
        const owner = ownerWork(o);
        if (owner) enqueue(owner);
        // A ReplicaSet's pod also moves its Deployment's status.
        if (owner?.kind === 'rs') {
          const rs = store.get({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: o.metadata.namespace, name: owner.name });
          const d = rs && ownerWork(rs);
          if (d) enqueue(d);
        }
        break;
      }
      case 'Deployment':
      case 'ReplicaSet':
        if (e.type === 'DELETED') enqueue({ kind: 'gc', uid: o.metadata.uid as string, namespace: o.metadata.namespace });
        else {
          enqueue({ kind: o.kind === 'Deployment' ? 'deploy' : 'rs', namespace: o.metadata.namespace, name: o.metadata.name });
          const owner = ownerWork(o);
          if (owner) enqueue(owner);
        }
        break;
      case 'DaemonSet':
        if (e.type === 'DELETED') {
          enqueue({ kind: 'gc', uid: o.metadata.uid as string, namespace: o.metadata.namespace });
          // A removed CNI DaemonSet may leave nodes without a CNI.
          for (const n of store.each('v1', 'Node')) enqueue({ kind: 'node', name: n.metadata.name });
        } else enqueue({ kind: 'ds', namespace: o.metadata.namespace, name: o.metadata.name });
        break;
      case 'IPAMBlock':
      case 'CiliumNode':
        enqueue({ kind: 'unscheduled' });
        break;
      default:
        if (e.type === 'DELETED' && o.kind !== 'Event') enqueue({ kind: 'gc', uid: o.metadata.uid as string, namespace: o.metadata.namespace });
    }
  };
  const unsubscribe = store.subscribe(onEvent);
  // A node's runtime network turned (un)ready: its Ready condition, then the pods waiting on it.
  kubeletOptions.runtime?.onNetworkChange((name) => {
    enqueue({ kind: 'node', name });
    enqueue({ kind: 'unscheduled' });
  });
  // Start-up pass: nodes (IPAM, readiness), DaemonSets (status), pods waiting for something;
  // a generated cluster's objects are settled (store/storedEntry.ts).
  for (const p of store.written('v1', 'Pod')) noteWaiting(p, true);
  for (const n of store.written('v1', 'Node')) enqueue({ kind: 'node', name: n.metadata.name });
  enqueue({ kind: 'all-ds' });
  enqueue({ kind: 'unscheduled' });
  return {
    stop: () => {
      stopped = true;
      unsubscribe();
      kubelet.dispose();
      if (scheduled) clearImmediate(scheduled);
      queue.clear();
    },
    settled: () => (queue.size === 0 && !scheduled ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
  };
}
