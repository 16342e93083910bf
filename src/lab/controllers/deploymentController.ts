// Deployments and ReplicaSets, in short: a Deployment owns one ReplicaSet per pod template
// (older ones are scaled to zero at once, not gradually), a ReplicaSet keeps `replicas` pods,
// and both report the status fields `kubectl rollout status` and `kubectl get` read.
import { createHash, randomBytes } from 'node:crypto';
import { applyCreateDefaults } from '../admission/defaults';
import type { StoredObject } from '../store/storedObject';
import type { ObjectStore } from '../store/objectStore';
import { recordEvent } from './labEvents';

type Obj = Record<string, unknown>;
interface WorkloadView {
  spec: {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> };
    template: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: Obj };
  };
}

const nowText = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const suffix = (): string => Array.from(randomBytes(5), (b) => 'bcdfghjklmnpqrstvwxz2456789'[b % 27]).join('');
const owns = (owner: Readonly<StoredObject>) => (o: Readonly<StoredObject>): boolean =>
  Boolean(o.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid));
const podReady = (p: Readonly<StoredObject>): boolean =>
  ((p.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
const ownerRef = (o: Readonly<StoredObject>) => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  name: o.metadata.name,
  uid: o.metadata.uid as string,
  controller: true,
  blockOwnerDeletion: true,
});

function setStatus(store: ObjectStore, o: Readonly<StoredObject>, status: Obj): void {
  const latest = store.get({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name });
  if (!latest || latest.metadata.uid !== o.metadata.uid || JSON.stringify(latest.status ?? {}) === JSON.stringify(status)) return;
  store.update({ ...(structuredClone(latest) as StoredObject), status }, { subresource: 'status' });
}

export function reconcileDeployment(store: ObjectStore, d: Readonly<StoredObject>): void {
  const spec = (d as unknown as WorkloadView).spec;
  const hash = createHash('sha1').update(JSON.stringify(spec.template)).digest('hex').replace(/[aeiou]/g, '').slice(0, 10);
  const sets = store.list('apps/v1', 'ReplicaSet', d.metadata.namespace).filter(owns(d));
  const replicas = spec.replicas ?? 1;
  let current = sets.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
  if (!current) {
    const labels = { ...spec.template.metadata?.labels, 'pod-template-hash': hash };
    current = store.create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels,
        ownerReferences: [ownerRef(d)],
        annotations: { 'deployment.kubernetes.io/revision': String(sets.length + 1) },
      },
      spec: {
        replicas,
        selector: { matchLabels: { ...spec.selector?.matchLabels, 'pod-template-hash': hash } },
        template: { ...spec.template, metadata: { ...spec.template.metadata, labels } },
      },
    });
    recordEvent(store, d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${current.metadata.name} from 0 to ${replicas}`, 'deployment-controller');
  } else if ((current.spec as { replicas?: number }).replicas !== replicas) {
    store.update({ ...(structuredClone(current) as StoredObject), spec: { ...(current.spec as Obj), replicas } });
  }
  for (const old of sets.filter((rs) => rs.metadata.uid !== current?.metadata.uid && (rs.spec as { replicas?: number }).replicas !== 0)) {
    store.update({ ...(structuredClone(old) as StoredObject), spec: { ...(old.spec as Obj), replicas: 0 } });
  }
  const pods = store.select('v1', 'Pod', d.metadata.namespace, (p) => sets.some((rs) => owns(rs)(p)) || owns(current as StoredObject)(p));
  const updated = pods.filter(owns(current));
  const ready = pods.filter(podReady).length;
  const available = updated.filter(podReady).length;
  setStatus(store, d, {
    observedGeneration: d.metadata.generation ?? 1,
    replicas: pods.length,
    updatedReplicas: updated.length,
    readyReplicas: ready,
    availableReplicas: available,
    ...(pods.length - available > 0 ? { unavailableReplicas: pods.length - available } : {}),
    conditions: [
      {
        type: 'Available',
        status: available >= replicas ? 'True' : 'False',
        reason: available >= replicas ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        message: available >= replicas ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.',
        lastUpdateTime: d.metadata.creationTimestamp,
        lastTransitionTime: d.metadata.creationTimestamp,
      },
      {
        type: 'Progressing',
        status: 'True',
        reason: updated.length >= replicas ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
        message: `ReplicaSet "${current.metadata.name}" ${updated.length >= replicas ? 'has successfully progressed' : 'is progressing'}.`,
        lastUpdateTime: d.metadata.creationTimestamp,
        lastTransitionTime: d.metadata.creationTimestamp,
      },
    ],
  });
}

export function reconcileReplicaSet(store: ObjectStore, rs: Readonly<StoredObject>): void {
  const spec = (rs as unknown as WorkloadView).spec;
  const want = spec.replicas ?? 1;
  const pods = store.select('v1', 'Pod', rs.metadata.namespace, owns(rs));
  for (let i = pods.length; i < want; i++) {
    const pod: StoredObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${rs.metadata.name}-${suffix()}`,
        generateName: `${rs.metadata.name}-`,
        namespace: rs.metadata.namespace,
        labels: { ...spec.template.metadata?.labels },
        ...(spec.template.metadata?.annotations ? { annotations: spec.template.metadata.annotations } : {}),
        ownerReferences: [ownerRef(rs)],
        managedFields: [{
          manager: 'kube-controller-manager',
          operation: 'Update',
          apiVersion: 'v1',
          time: nowText(),
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:metadata': { 'f:generateName': {}, 'f:labels': {}, 'f:ownerReferences': {} }, 'f:spec': {} },
        }],
      },
      spec: structuredClone(spec.template.spec),
    };
    applyCreateDefaults(pod);
    const created = store.create(pod);
    recordEvent(store, rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, 'replicaset-controller');
  }
  for (const extra of pods.slice(want)) {
    store.delete({ apiVersion: 'v1', kind: 'Pod', namespace: extra.metadata.namespace, name: extra.metadata.name });
    recordEvent(store, rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${extra.metadata.name}`, 'replicaset-controller');
  }
  const now = store.select('v1', 'Pod', rs.metadata.namespace, owns(rs));
  const ready = now.filter(podReady).length;
  setStatus(store, rs, {
    replicas: now.length,
    fullyLabeledReplicas: now.length,
    readyReplicas: ready,
    availableReplicas: ready,
    observedGeneration: rs.metadata.generation ?? 1,
  });
}
