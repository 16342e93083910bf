// The DaemonSet controller: one pod per eligible node (node selector, taints against the template's
// tolerations plus the ones the controller adds), rolling updates one node at a time when the
// template changes, and the status fields `kubectl rollout status` reads.
import { createHash, randomBytes } from 'node:crypto';
import type { StoredObject } from '../store/storedObject';
import type { ObjectStore } from '../store/objectStore';
import { dsTolerations } from '../scenarios/kubeSystemPods';
import { applyCreateDefaults } from '../admission/defaults';
import { recordEvent } from './labEvents';
import type { Taint, Toleration } from './taints';
import { toleratesAll } from './taints';

type Obj = Record<string, unknown>;
interface DsView {
  spec: {
    selector?: { matchLabels?: Record<string, string> };
    template: {
      metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
      spec: Obj & { nodeSelector?: Record<string, string>; tolerations?: Toleration[]; hostNetwork?: boolean };
    };
  };
  status?: Obj;
}

const podReady = (p: Readonly<StoredObject>): boolean =>
  ((p.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
const suffix = (): string => Array.from(randomBytes(5), (b) => 'bcdfghjklmnpqrstvwxz2456789'[b % 27]).join('');

export function templateHash(ds: Readonly<StoredObject>): string {
  return createHash('sha1').update(JSON.stringify((ds as unknown as DsView).spec.template)).digest('hex').replace(/[aeiou]/g, '').slice(0, 10);
}

export function reconcileDaemonSet(store: ObjectStore, ds: Readonly<StoredObject>): void {
  const d = ds as unknown as DsView;
  const template = d.spec.template;
  const tolerations = [...(template.spec.tolerations ?? []), ...dsTolerations(Boolean(template.spec.hostNetwork))];
  const nodes = store.select('v1', 'Node', undefined, (n) => {
    const taints = (n.spec as { taints?: Taint[] } | undefined)?.taints;
    return toleratesAll(tolerations, taints) && Object.entries(template.spec.nodeSelector ?? {}).every(([k, v]) => n.metadata.labels?.[k] === v);
  });
  const eligible = new Set(nodes.map((n) => n.metadata.name));
  const ownedPods = (): Readonly<StoredObject>[] => ownedBy(store, ds);
  const owned = ownedPods();
  let deleted = 0;
  const generation = String(ds.metadata.generation ?? 1);
  const byNode = new Map<string, Readonly<StoredObject>[]>();
  for (const p of owned) {
    const nodeName = (p.spec as { nodeName?: string }).nodeName ?? '';
    byNode.set(nodeName, [...(byNode.get(nodeName) ?? []), p]);
  }
  const del = (p: Readonly<StoredObject>): void => {
    deleted++;
    store.delete({ apiVersion: 'v1', kind: 'Pod', namespace: p.metadata.namespace, name: p.metadata.name });
    recordEvent(store, ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, 'daemonset-controller');
  };
  // Pods on nodes that are gone or no longer eligible, and duplicates.
  for (const [nodeName, pods] of byNode) {
    if (!eligible.has(nodeName)) pods.forEach(del);
    else pods.slice(1).forEach(del);
  }
  // Rolling update: replace one outdated pod at a time, only while all others are ready.
  // Scans again only after deletes: a DaemonSet of a 65,000-node cluster owns 65,000 pods.
  const current = deleted ? ownedPods() : owned;
  const before = deleted;
  const outdated = current.filter((p) => p.metadata.labels?.['pod-template-generation'] !== generation);
  const strategy = (ds.spec as { updateStrategy?: { type?: string } }).updateStrategy?.type ?? 'RollingUpdate';
  if (strategy === 'RollingUpdate' && outdated.length > 0 && current.every(podReady)) del(outdated[0]);
  const have = new Set((deleted > before ? ownedPods() : current).map((p) => (p.spec as { nodeName?: string }).nodeName));
  let created = 0;
  for (const n of nodes) {
    if (have.has(n.metadata.name)) continue;
    const spec = structuredClone(template.spec) as Obj;
    spec.nodeName = n.metadata.name;
    spec.affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [n.metadata.name] }] }],
        },
      },
    };
    spec.tolerations = tolerations;
    const pod: StoredObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${ds.metadata.name}-${suffix()}`,
        namespace: ds.metadata.namespace,
        generateName: `${ds.metadata.name}-`,
        labels: { ...template.metadata?.labels, 'controller-revision-hash': templateHash(ds), 'pod-template-generation': generation },
        ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
        ownerReferences: [{
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          name: ds.metadata.name,
          uid: ds.metadata.uid as string,
          controller: true,
          blockOwnerDeletion: true,
        }],
        managedFields: [{
          manager: 'kube-controller-manager',
          operation: 'Update',
          apiVersion: 'v1',
          time: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:metadata': { 'f:generateName': {}, 'f:labels': {}, 'f:ownerReferences': {} }, 'f:spec': {} },
        }],
      },
      spec,
    };
    applyCreateDefaults(pod);
    const made = store.create(pod);
    created++;
    recordEvent(store, ds, 'Normal', 'SuccessfulCreate', `Created pod: ${made.metadata.name}`, 'daemonset-controller');
  }
  updateDaemonSetStatus(store, ds, nodes.length, deleted || created ? ownedPods() : current);
}

const ownedBy = (store: ObjectStore, ds: Readonly<StoredObject>): Readonly<StoredObject>[] =>
  store.select('v1', 'Pod', ds.metadata.namespace, (p) => p.metadata.ownerReferences?.some((o) => o.uid === ds.metadata.uid) ?? false);

function updateDaemonSetStatus(store: ObjectStore, ds: Readonly<StoredObject>, desired: number, pods: readonly Readonly<StoredObject>[]): void {
  const latest = store.get({ apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: ds.metadata.namespace, name: ds.metadata.name });
  if (!latest || latest.metadata.uid !== ds.metadata.uid) return;
  const generation = String(latest.metadata.generation ?? 1);
  const ready = pods.filter(podReady).length;
  const updated = pods.filter((p) => p.metadata.labels?.['pod-template-generation'] === generation).length;
  const status: Obj = {
    currentNumberScheduled: pods.length,
    numberMisscheduled: 0,
    desiredNumberScheduled: desired,
    numberReady: ready,
    observedGeneration: latest.metadata.generation ?? 1,
    updatedNumberScheduled: updated,
    numberAvailable: ready,
    ...(desired - ready > 0 ? { numberUnavailable: desired - ready } : {}),
  };
  if (JSON.stringify(status) === JSON.stringify(latest.status)) return;
  store.update({ ...(structuredClone(latest) as StoredObject), status }, { subresource: 'status' });
}
