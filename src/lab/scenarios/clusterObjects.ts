// Builders for realistic cluster objects: what kubeadm, the controllers and the kubelet would
// have written, managedFields and all, so sizes and shapes match a real cluster's. One file per
// kind of object; this module gathers them for the scenarios.
export { stableUid } from './objectIdentity';
export * from './nodeObjects';
export * from './podObjects';
export * from './serviceObjects';
export * from './namespacedObjects';
export * from './daemonSetObjects';
export * from './rbacObjects';
export * from './kubeadmObjects';
