// The kinds Podnet lists and watches, and how each lands in the ClusterModel.
import type { ClusterModel } from '../core/cluster/clusterModel';
import type { ResourceSink, ResourceSpec } from './resourceSpec';
import {
  stripAgentEvent,
  stripApiService,
  stripCalicoBlock,
  stripCiliumNode,
  stripConfigMap,
  stripControlPlanePod,
  stripDaemonSet,
  stripNode,
  stripPod,
  stripServiceCidr,
} from './strip';
import { qualifiedName } from '../core/cluster/namespacedName';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw API objects */
const nameKey = (raw: any): string | undefined => (typeof raw?.metadata?.name === 'string' ? raw.metadata.name : undefined);
const nsNameKey = (raw: any): string | undefined =>
  typeof raw?.metadata?.name === 'string' && typeof raw?.metadata?.namespace === 'string' ? qualifiedName(raw.metadata) : undefined;
const splitKey = (key: string): [string, string] => {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
};

export interface ClusterResource {
  readonly spec: ResourceSpec<any>;
  readonly sink: ResourceSink<any>;
  /** Required kinds decide the connection state; optional ones (CRDs) may be absent. */
  readonly required: boolean;
}

// Pods come in pages of 250: a page of realistic pods is ~1 MB of JSON, whose JSON.parse stays
// well under the 50 ms the extension host may be blocked (500 took up to 80 ms here).
export function clusterResources(model: ClusterModel, podPageSize = 250): ClusterResource[] {
  const named = <T>(
    id: string,
    paths: string[],
    strip: (raw: unknown) => T | undefined,
    key: (t: T) => string,
    sink: ResourceSink<T>,
    required: boolean,
    pageSize = 500,
    query?: string,
  ): ClusterResource => ({
    spec: {
      id,
      paths,
      pageSize,
      strip,
      key,
      rawKey: paths[0]!.includes('/namespaces/') || id === 'pods' || id === 'daemonsets' || id.startsWith('configmaps') ? nsNameKey : nameKey,
      ...(query ? { query } : {}),
    },
    sink,
    required,
  });
  return [
    named('nodes', ['/api/v1/nodes'], stripNode, (n) => n.name, {
      upsert: (n) => model.upsertNode(n),
      remove: (k) => model.deleteNode(k),
      keys: () => model.keys('nodes'),
    }, true),
    named(
      'pods',
      ['/api/v1/pods'],
      stripPod,
      (p) => qualifiedName(p),
      {
        upsert: (p) => model.upsertPod(p),
        remove: (k) => model.deletePod(...splitKey(k)),
        keys: () => model.keys('pods'),
      },
      true,
      podPageSize,
    ),
    named('daemonsets', ['/apis/apps/v1/daemonsets'], stripDaemonSet, (d) => qualifiedName(d), {
      upsert: (d) => model.upsertDaemonSet(d),
      remove: (k) => model.deleteDaemonSet(...splitKey(k)),
      keys: () => model.keys('daemonsets'),
    }, false),
    ...['kube-system', 'kube-flannel'].map((ns) =>
      named(`configmaps/${ns}`, [`/api/v1/namespaces/${ns}/configmaps`], stripConfigMap, (c) => qualifiedName(c), {
        upsert: (c) => model.upsertConfigMap(c),
        remove: (k) => model.deleteConfigMap(...splitKey(k)),
        keys: () => model.keys('configmaps').filter((k) => k.startsWith(`${ns}/`)),
      }, false)
    ),
    named('servicecidrs', ['/apis/networking.k8s.io/v1/servicecidrs', '/apis/networking.k8s.io/v1beta1/servicecidrs'], stripServiceCidr, (s) => s.name, {
      upsert: (s) => model.upsertServiceCidr(s),
      remove: (k) => model.deleteServiceCidr(k),
      keys: () => model.keys('servicecidrs'),
    }, false),
    named(
      'kubernetes-service',
      ['/api/v1/namespaces/default/services'],
      stripApiService,
      () => 'default/kubernetes',
      {
        upsert: (s) => model.setApiService(s),
        remove: () => model.setApiService(undefined),
        keys: () => (model.hasApiService ? ['default/kubernetes'] : []),
      },
      false,
      500,
      'fieldSelector=metadata.name%3Dkubernetes',
    ),
    // kubeadm's static pods: kube-controller-manager --cluster-cidr, kube-apiserver --service-cluster-ip-range.
    named(
      'controlplane',
      ['/api/v1/namespaces/kube-system/pods'],
      stripControlPlanePod,
      (p) => `kube-system/${p.name}`,
      {
        upsert: (p) => model.upsertControlPlanePod(p),
        remove: (k) => model.deleteControlPlanePod(splitKey(k)[1]),
        keys: () => model.keys('controlplane').map((name) => `kube-system/${name}`),
      },
      false,
      500,
      'labelSelector=tier%3Dcontrol-plane',
    ),
    // The agents' word on their nodes (Events on their own pods), like `kubectl get events --field-selector`.
    named(
      'agent-events',
      ['/api/v1/namespaces/kube-system/events'],
      stripAgentEvent,
      (e) => e.key,
      {
        upsert: (e) => model.upsertAgentEvent(e),
        remove: (k) => model.deleteAgentEvent(k),
        keys: () => model.keys('agentevents'),
      },
      false,
      500,
      `fieldSelector=${encodeURIComponent('involvedObject.kind=Pod,reportingComponent=podnet-agent')}`,
    ),
    named('ipamblocks', ['/apis/crd.projectcalico.org/v1/ipamblocks'], stripCalicoBlock, (b) => b.name, {
      upsert: (b) => model.upsertCalicoBlock(b),
      remove: (k) => model.deleteCalicoBlock(k),
      keys: () => model.keys('calico'),
    }, false),
    named('ciliumnodes', ['/apis/cilium.io/v2/ciliumnodes'], stripCiliumNode, (c) => c.name, {
      upsert: (c) => model.upsertCiliumNode(c),
      remove: (k) => model.deleteCiliumNode(k),
      keys: () => model.keys('cilium'),
    }, false),
  ];
}
