// Nodes as kubeadm and the kubelet write them: addresses, podCIDRs, capacity, conditions, taints.
import type { StoredObject } from '../store/storedObject';
import { created, hash5, stableUid } from './objectIdentity';

export const labKubeletVersion = 'v1.33.0';

export interface NodeSpec {
  name: string;
  internalIP: string;
  podCIDRs?: string[];
  ready: boolean;
  controlPlane?: boolean;
  taints?: { key: string; effect: string; value?: string }[];
}

/** The strings node() derives from its name: a template fills them in (scenarios/generatedTemplates.ts). */
export interface NodeDerived {
  uid: string;
  machineID: string;
  systemUUID: string;
  bootID: string;
}

export const nodeDerived = (n: NodeSpec): NodeDerived => ({
  uid: stableUid(`node/${n.name}`),
  machineID: hash5(n.name).repeat(6).slice(0, 32),
  systemUUID: stableUid(`sys/${n.name}`),
  bootID: stableUid(`boot/${n.name}`),
});

export function node(n: NodeSpec, d: NodeDerived = nodeDerived(n)): StoredObject {
  const now = created(0);
  const since = created(590);
  const taints = [
    ...(n.controlPlane ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] : []),
    ...(n.ready ? [] : [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]),
    ...(n.taints ?? []),
  ];
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      uid: d.uid,
      creationTimestamp: created(600),
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': n.name,
        'kubernetes.io/os': 'linux',
        ...(n.controlPlane ? { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' } : {}),
      },
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: { ...(n.podCIDRs?.length ? { podCIDR: n.podCIDRs[0], podCIDRs: n.podCIDRs } : {}), ...(taints.length ? { taints } : {}) },
    status: {
      capacity: { cpu: '4', 'ephemeral-storage': '101430960Ki', 'hugepages-2Mi': '0', memory: '16365052Ki', pods: '110' },
      allocatable: { cpu: '4', 'ephemeral-storage': '93478772582', 'hugepages-2Mi': '0', memory: '16262652Ki', pods: '110' },
      conditions: [
        {
          type: 'MemoryPressure',
          status: 'False',
          lastHeartbeatTime: now,
          lastTransitionTime: since,
          reason: 'KubeletHasSufficientMemory',
          message: 'kubelet has sufficient memory available',
        },
        {
          type: 'DiskPressure',
          status: 'False',
          lastHeartbeatTime: now,
          lastTransitionTime: since,
          reason: 'KubeletHasNoDiskPressure',
          message: 'kubelet has no disk pressure',
        },
        {
          type: 'PIDPressure',
          status: 'False',
          lastHeartbeatTime: now,
          lastTransitionTime: since,
          reason: 'KubeletHasSufficientPID',
          message: 'kubelet has sufficient PID available',
        },
        n.ready
          ? {
            type: 'Ready',
            status: 'True',
            lastHeartbeatTime: now,
            lastTransitionTime: since,
            reason: 'KubeletReady',
            message: 'kubelet is posting ready status',
          }
          : notReadyCondition(now, since),
      ],
      addresses: [{ type: 'InternalIP', address: n.internalIP }, { type: 'Hostname', address: n.name }],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: d.machineID,
        systemUUID: d.systemUUID,
        bootID: d.bootID,
        kernelVersion: '6.1.0-28-amd64',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        containerRuntimeVersion: 'containerd://1.7.24',
        kubeletVersion: labKubeletVersion,
        kubeProxyVersion: labKubeletVersion,
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

export function notReadyCondition(now: string, since: string): Record<string, string> {
  return {
    type: 'Ready',
    status: 'False',
    lastHeartbeatTime: now,
    lastTransitionTime: since,
    reason: 'KubeletNotReady',
    message:
      'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
  };
}
