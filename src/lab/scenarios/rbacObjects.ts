// Cluster roles and their bindings to service accounts.
import type { StoredObject } from '../store/storedObject';
import { created, stableUid } from './objectIdentity';

export function clusterRole(name: string, rules: Record<string, unknown>[]): StoredObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, uid: stableUid(`cr/${name}`), creationTimestamp: created(600) },
    rules,
  };
}

export function clusterRoleBinding(name: string, role: string, sa: { namespace: string; name: string }): StoredObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name, uid: stableUid(`crb/${name}`), creationTimestamp: created(600) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ kind: 'ServiceAccount', name: sa.name, namespace: sa.namespace }],
  };
}
