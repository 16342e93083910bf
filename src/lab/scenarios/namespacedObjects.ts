// Namespaces, config maps and service accounts.
import type { StoredObject } from '../store/storedObject';
import { created, stableUid } from './objectIdentity';

export function namespace(name: string): StoredObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, uid: stableUid(`ns/${name}`), creationTimestamp: created(600), labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

export function configMap(ns: string, name: string, data: Record<string, string>, labels?: Record<string, string>): StoredObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: ns, uid: stableUid(`cm/${ns}/${name}`), creationTimestamp: created(600), ...(labels ? { labels } : {}) },
    data,
  };
}

export function serviceAccount(ns: string, name: string): StoredObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns, uid: stableUid(`sa/${ns}/${name}`), creationTimestamp: created(600) } };
}
