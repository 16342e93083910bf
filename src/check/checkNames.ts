// Names shared by the check's manifests, its runner and the probe script. The probe bundles this
// file, so it must stay free of imports.

export const checkNamespace = 'podnet-check';
export const checkAppName = 'podnet-check';
export const checkLabels: Readonly<Record<string, string>> = {
  'app.kubernetes.io/name': checkAppName,
  'app.kubernetes.io/managed-by': 'podnet',
};
/** On every object of one run, so leftovers of a run are told from the next one. */
export const runLabel = 'podnet.dev/check-run';
/** On the probe pods: `pod` (pod network) or `host` (hostNetwork). */
export const roleLabel = 'podnet.dev/check-role';
/** On a result ConfigMap: the probe pod it holds the outcome of. */
export const resultOfLabel = 'podnet.dev/check-result-of';

export const serviceAccountName = 'podnet-check';
export const roleName = 'podnet-check-probe';
export const scriptConfigMap = 'podnet-check-probe';
export const scriptKey = 'probe.js';
export const planConfigMap = 'podnet-check-plan';
export const planKey = 'plan.json';
export const resultPrefix = 'podnet-check-result-';
export const outcomeKey = 'outcome.json';
/** Two DaemonSets on the pod network (two probe pods per node, so same-node pairs exist) and one on the host network. */
export const podDaemonSets = ['podnet-check-a', 'podnet-check-b'] as const;
export const hostDaemonSet = 'podnet-check-host';

/**
 * The readiness marker: the probe writes it once its echo listens, and the probe pods' exec
 * readinessProbe tests for it, so a pod is Ready only when it can answer (the kubelet reports a
 * container Running when its process started, not when its sockets are bound).
 */
export const readyDir = '/run/podnet-check';
export const readyFile = `${readyDir}/ready`;

/** Echo port of the pod probes, and of the hostNetwork probes (a high port, unlikely to be taken on a node). */
export const defaultPodPort = 8470;
export const defaultHostPort = 31470;

/** One part of a probe pod's outcome in one run (core/check/outcomeShards.ts); pod names are at most 63 characters. */
export const resultConfigMapName = (runId: string, pod: string, part: number): string => `${resultPrefix}${runId}-${pod}-${part}`;
