// Shared pieces of the CNI scenarios: node lists, addresses inside blocks, app workloads, CRDs.
import { formatAddress, parseCidr } from '../../core/net/cidr';
import type { StoredObject } from '../store/storedObject';
import { namespace, pod, serviceAccount, stableUid } from './clusterObjects';
import type { LabNode } from './kubeSystemPods';

/** The n-th address of a CIDR (0 = network address). */
export function addressIn(cidr: string, n: number): string {
  const p = parseCidr(cidr);
  if (!p.ok) throw new Error(p.error);
  return formatAddress(p.cidr.family, p.cidr.start + BigInt(n));
}

/** The i-th block of size /mask inside `cidr`. */
export function blockOf(cidr: string, mask: number, i: number): string {
  const p = parseCidr(cidr);
  if (!p.ok) throw new Error(p.error);
  const size = 1n << BigInt((p.cidr.family === 4 ? 32 : 128) - mask);
  return `${formatAddress(p.cidr.family, p.cidr.start + size * BigInt(i))}/${mask}`;
}

/** `count` nodes named prefix-1.. on a node network, starting at host .10. */
export function labNodes(count: number, nodeNetwork: string, prefix = 'node'): LabNode[] {
  return Array.from({ length: count }, (_, i) => ({ name: `${prefix}-${i + 1}`, ip: addressIn(nodeNetwork, 256 + 10 + i) }));
}

const apps = ['frontend', 'cart', 'checkout', 'catalog', 'payments', 'search'];

/** A Deployment-style workload spread over the nodes: `perNode` pods each, IPs from `podIp(nodeIndex, k)`. */
export function appPods(nodes: readonly LabNode[], perNode: number, podIp: (nodeIndex: number, k: number) => string, ns = 'shop'): StoredObject[] {
  const out: StoredObject[] = [];
  nodes.forEach((n, i) => {
    for (let k = 0; k < perNode; k++) {
      const app = apps[(i + k) % apps.length];
      const rs = `${app}-${stableUid(`${ns}/${app}`).replace(/[^a-z0-9]/g, '').slice(0, 10)}`;
      out.push(pod({
        namespace: ns,
        name: `${rs}-${stableUid(`${n.name}/${k}`).replace(/[^a-z0-9]/g, '').slice(0, 5)}`,
        nodeName: n.name,
        hostIP: n.ip,
        podIP: podIp(i, k),
        labels: { app },
        owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs },
        ageMinutes: 60 + k,
      }));
    }
  });
  return [namespace(ns), serviceAccount(ns, 'default'), ...out];
}

/** A CustomResourceDefinition as a CNI manifest ships it (schema kept open). */
export function crd(group: string, kind: string, plural: string, scope: 'Cluster' | 'Namespaced', version: string, shortNames: string[] = []): StoredObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}`, uid: stableUid(`crd/${plural}.${group}`) },
    spec: {
      group,
      scope,
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase(), ...(shortNames.length ? { shortNames } : {}) },
      versions: [{ name: version, served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
    status: {
      acceptedNames: { kind, plural },
      storedVersions: [version],
      conditions: [{ type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }],
    },
  };
}
