// DaemonSets as kubectl apply and the DaemonSet controller leave them, and the CNI volumes they mount.
import type { StoredObject } from '../store/storedObject';
import { created, stableUid } from './objectIdentity';

export interface DaemonSetSpec {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  containers: Record<string, unknown>[];
  volumes?: Record<string, unknown>[];
  hostNetwork?: boolean;
  serviceAccountName?: string;
  tolerations?: Record<string, unknown>[];
}

export function daemonSet(d: DaemonSetSpec): StoredObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name: d.name,
      namespace: d.namespace,
      uid: stableUid(`${d.namespace}/DaemonSet/${d.name}`),
      creationTimestamp: created(600),
      generation: 1,
      labels: d.labels,
      annotations: { 'deprecated.daemonset.template.generation': '1' },
    },
    spec: {
      selector: { matchLabels: d.labels },
      template: {
        metadata: { labels: d.labels },
        spec: {
          containers: d.containers.map((c) => ({
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
            imagePullPolicy: 'IfNotPresent',
            resources: {},
            ...c,
          })),
          ...(d.volumes ? { volumes: d.volumes } : {}),
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: d.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
          ...(d.serviceAccountName ? { serviceAccountName: d.serviceAccountName, serviceAccount: d.serviceAccountName } : {}),
          ...(d.hostNetwork ? { hostNetwork: true } : {}),
          securityContext: {},
          schedulerName: 'default-scheduler',
          tolerations: d.tolerations ?? [{ operator: 'Exists', effect: 'NoSchedule' }, { operator: 'Exists', effect: 'NoExecute' }],
          priorityClassName: 'system-node-critical',
        },
      },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    },
    status: { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0, observedGeneration: 0 },
  };
}

/** The CNI marker the lab's kubelet looks for: a hostPath volume on /etc/cni/net.d. */
export const cniConfVolume = { name: 'cni-conf', hostPath: { path: '/etc/cni/net.d', type: 'DirectoryOrCreate' } };
export const cniBinVolume = { name: 'cni-bin', hostPath: { path: '/opt/cni/bin', type: 'DirectoryOrCreate' } };
