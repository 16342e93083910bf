// Small builders for model tests (not a test file itself).
import type { DaemonSetInfo, NodeInfo, PodInfo } from '../../../src/core/cluster/clusterTypes';

export const node = (name: string, ip: string, podCIDRs: string[], extra: Partial<NodeInfo> = {}): NodeInfo => ({
  name,
  internalIPs: [ip],
  ready: true,
  podCIDRs,
  maxPods: 110,
  ...extra,
});

export const pod = (ns: string, name: string, nodeName: string | undefined, ips: string[], extra: Partial<PodInfo> = {}): PodInfo => ({
  namespace: ns,
  name,
  ...(nodeName ? { nodeName } : {}),
  podIPs: ips,
  hostNetwork: false,
  phase: ips.length ? 'Running' : 'Pending',
  containers: [{ name: 'app', kind: 'app', image: 'nginx' }],
  ...extra,
});

export const daemonSet = (name: string, image: string, extra: Partial<DaemonSetInfo> = {}): DaemonSetInfo => ({
  namespace: 'kube-system',
  name,
  images: [image],
  env: {},
  args: [],
  mountsCniConfig: true,
  ...extra,
});
