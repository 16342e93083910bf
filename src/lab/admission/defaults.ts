// The defaulting a real apiserver applies on create, for the kinds Podnet looks at, so objects
// made through the lab read back like objects made through kube-apiserver.
import type { StoredObject } from '../store/storedObject';

type Obj = Record<string, unknown>;
const obj = (parent: Obj, key: string): Obj => ((parent[key] ??= {}) as Obj);

function defaultContainer(c: Obj): void {
  c.imagePullPolicy ??= String(c.image ?? '').endsWith(':latest') || !String(c.image ?? '').includes(':') ? 'Always' : 'IfNotPresent';
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  for (const p of (c.ports as Obj[] | undefined) ?? []) p.protocol ??= 'TCP';
}

export function defaultPodSpec(spec: Obj): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  spec.enableServiceLinks ??= true;
  spec.serviceAccountName ??= (spec.serviceAccount as string | undefined) ?? 'default';
  spec.serviceAccount ??= spec.serviceAccountName;
  for (const c of [...((spec.containers as Obj[] | undefined) ?? []), ...((spec.initContainers as Obj[] | undefined) ?? [])]) defaultContainer(c);
}

/** Mutates a new object in place (called on create and on the create half of server-side apply). */
export function applyCreateDefaults(o: StoredObject): void {
  const root = o as unknown as Obj;
  switch (o.kind) {
    case 'Namespace':
      o.metadata.labels = { ...o.metadata.labels, 'kubernetes.io/metadata.name': o.metadata.name };
      obj(root, 'spec').finalizers ??= ['kubernetes'];
      root.status = { phase: 'Active' };
      break;
    case 'Pod': {
      const spec = obj(root, 'spec');
      defaultPodSpec(spec);
      spec.priority ??= 0;
      spec.preemptionPolicy ??= 'PreemptLowerPriority';
      const tolerations = (spec.tolerations ??= []) as Obj[];
      for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
        if (!tolerations.some((t) => t.key === key)) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
      }
      root.status = { phase: 'Pending', qosClass: 'BestEffort' };
      break;
    }
    case 'DaemonSet': {
      const spec = obj(root, 'spec');
      spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } };
      spec.revisionHistoryLimit ??= 10;
      const template = obj(spec, 'template');
      defaultPodSpec(obj(template, 'spec'));
      root.status = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
      break;
    }
    case 'Deployment': {
      const spec = obj(root, 'spec');
      spec.replicas ??= 1;
      spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } };
      spec.revisionHistoryLimit ??= 10;
      spec.progressDeadlineSeconds ??= 600;
      defaultPodSpec(obj(obj(spec, 'template'), 'spec'));
      root.status = {};
      break;
    }
    case 'Service': {
      const spec = obj(root, 'spec');
      spec.type ??= 'ClusterIP';
      spec.sessionAffinity ??= 'None';
      spec.internalTrafficPolicy ??= 'Cluster';
      for (const p of (spec.ports as Obj[] | undefined) ?? []) {
        p.protocol ??= 'TCP';
        p.targetPort ??= p.port;
      }
      root.status = { loadBalancer: {} };
      break;
    }
    case 'ServiceAccount':
    case 'ConfigMap':
    default:
      break;
  }
}
