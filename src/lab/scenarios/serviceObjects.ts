// Services (ClusterIP) and the ServiceCIDR that holds their range.
import type { StoredObject } from '../store/storedObject';
import { created, stableUid } from './objectIdentity';

export function service(
  ns: string,
  name: string,
  clusterIP: string,
  ports: { port: number; name?: string; targetPort?: number; protocol?: 'TCP' | 'UDP' }[],
  selector?: Record<string, string>,
  labels?: Record<string, string>,
): StoredObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns, uid: stableUid(`svc/${ns}/${name}`), creationTimestamp: created(600), ...(labels ? { labels } : {}) },
    spec: {
      ports: ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), protocol: p.protocol ?? 'TCP', port: p.port, targetPort: p.targetPort ?? p.port })),
      ...(selector ? { selector } : {}),
      clusterIP,
      clusterIPs: [clusterIP],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ipFamilies: [clusterIP.includes(':') ? 'IPv6' : 'IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
    },
    status: { loadBalancer: {} },
  };
}

export function serviceCidr(cidrs: string[]): StoredObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'ServiceCIDR',
    metadata: { name: 'kubernetes', uid: stableUid('servicecidr'), creationTimestamp: created(600), finalizers: ['networking.k8s.io/service-cidr-finalizer'] },
    spec: { cidrs },
    status: { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: created(600), reason: '', message: 'Kubernetes Service CIDR is ready' }] },
  };
}
