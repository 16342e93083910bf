// Builds the ClusterModel the tree uses from raw Kubernetes objects (a lab scenario's), through the
// same strip functions the watch applies, without a server (not a test file itself).
import { ClusterModel } from '../../../src/core/cluster/clusterModel';
import {
  stripApiService,
  stripCalicoBlock,
  stripCiliumNode,
  stripConfigMap,
  stripDaemonSet,
  stripNode,
  stripPod,
  stripServiceCidr,
} from '../../../src/kube/strip';

interface Raw {
  apiVersion?: string;
  kind?: string;
  metadata?: { namespace?: string };
}

/** The namespaces whose ConfigMaps the watch lists (src/kube/clusterResources.ts). */
const watchedConfigMapNamespaces = new Set(['kube-system', 'kube-flannel']);

export function modelFromObjects(objects: readonly unknown[]): ClusterModel {
  const model = new ClusterModel();
  for (const o of objects as Raw[]) {
    const raw = o as never;
    switch (o.kind) {
      case 'Node': {
        const n = stripNode(raw);
        if (n) model.upsertNode(n);
        break;
      }
      case 'Pod': {
        const p = stripPod(raw);
        if (p) model.upsertPod(p);
        break;
      }
      case 'DaemonSet': {
        const d = stripDaemonSet(raw);
        if (d) model.upsertDaemonSet(d);
        break;
      }
      case 'ConfigMap': {
        const c = watchedConfigMapNamespaces.has(o.metadata?.namespace ?? '') ? stripConfigMap(raw) : undefined;
        if (c) model.upsertConfigMap(c);
        break;
      }
      case 'ServiceCIDR': {
        const s = stripServiceCidr(raw);
        if (s) model.upsertServiceCidr(s);
        break;
      }
      case 'Service': {
        const s = stripApiService(raw);
        if (s) model.setApiService(s);
        break;
      }
      case 'IPAMBlock': {
        const b = stripCalicoBlock(raw);
        if (b) model.upsertCalicoBlock(b);
        break;
      }
      case 'CiliumNode': {
        const c = stripCiliumNode(raw);
        if (c) model.upsertCiliumNode(c);
        break;
      }
      default:
        break;
    }
  }
  return model;
}
