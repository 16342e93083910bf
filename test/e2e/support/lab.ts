// The lab cluster in the test process: tests change it through its store and watch the UI follow.
import { startLab } from '../../../src/lab/startLab';
import type { RunningLab } from '../../../src/lab/startLab';
import type { StoredObject } from '../../../src/lab/store/storedObject';

export type { RunningLab };

export function startTestLab(scenario: string): Promise<RunningLab> {
  return startLab({ scenario, port: 0, host: '127.0.0.1' });
}

export interface LabNode {
  name: string;
  internalIP: string;
  podCIDR: string;
  ready: boolean;
}

export function labNodes(lab: RunningLab): LabNode[] {
  return lab.store.list('v1', 'Node').map((n) => {
    const o = n as StoredObject & {
      spec?: { podCIDR?: string };
      status?: { addresses?: { type: string; address: string }[]; conditions?: { type: string; status: string }[] };
    };
    return {
      name: o.metadata.name,
      internalIP: o.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '',
      podCIDR: o.spec?.podCIDR ?? '',
      ready: o.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True',
    };
  });
}

export interface LabPod {
  namespace: string;
  name: string;
  node: string;
  ip: string;
  hostNetwork: boolean;
}

export function labPods(lab: RunningLab): LabPod[] {
  return lab.store.list('v1', 'Pod').map((p) => {
    const o = p as StoredObject & { spec?: { nodeName?: string; hostNetwork?: boolean }; status?: { podIP?: string } };
    return {
      namespace: o.metadata.namespace ?? '',
      name: o.metadata.name,
      node: o.spec?.nodeName ?? '',
      ip: o.status?.podIP ?? '',
      hostNetwork: Boolean(o.spec?.hostNetwork),
    };
  });
}
