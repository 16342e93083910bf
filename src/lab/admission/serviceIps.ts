// ClusterIP allocation from the cluster's service range (the ServiceCIDR "kubernetes", else
// kubeadm's 10.96.0.0/12): the next free address after the one the kubernetes service holds.
import { formatAddress, parseAddress, parseCidr } from '../../core/net/cidr';
import type { StoredObject } from '../store/storedObject';
import type { ObjectStore } from '../store/objectStore';
import { StatusError } from '../api/statusError';

export function serviceCidrs(store: ObjectStore): string[] {
  const cidrs = (store.get({ apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR', name: 'kubernetes' })?.spec as { cidrs?: string[] } | undefined)?.cidrs;
  return cidrs?.length ? cidrs : ['10.96.0.0/12'];
}

export function allocateServiceIp(store: ObjectStore, svc: StoredObject): void {
  const spec = (svc.spec ??= {}) as { clusterIP?: string; clusterIPs?: string[]; type?: string; ipFamilies?: string[]; ipFamilyPolicy?: string };
  if (spec.clusterIP === 'None') {
    spec.clusterIPs = ['None'];
  } else if (!spec.clusterIP) {
    const parsed = parseCidr(serviceCidrs(store)[0]);
    if (!parsed.ok) throw new StatusError(500, 'InternalError', parsed.error);
    const used = new Set(store.list('v1', 'Service').map((s) => (s.spec as { clusterIP?: string } | undefined)?.clusterIP));
    let ip: string | undefined;
    for (let v = parsed.cidr.start + 1n; v < parsed.cidr.end && v < parsed.cidr.start + 65536n; v++) {
      const text = formatAddress(parsed.cidr.family, v);
      if (!used.has(text)) {
        ip = text;
        break;
      }
    }
    if (!ip) throw new StatusError(500, 'InternalError', 'Internal error occurred: failed to allocate a serviceIP: range is full');
    spec.clusterIP = ip;
    spec.clusterIPs = [ip];
  } else spec.clusterIPs ??= [spec.clusterIP];
  const family = parseAddress(spec.clusterIP ?? '')?.family ?? 4;
  spec.ipFamilies ??= [family === 6 ? 'IPv6' : 'IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
}
