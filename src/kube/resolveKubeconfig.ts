// Where a one-shot command finds its cluster, like kubectl: --kubeconfig, else KUBECONFIG, else
// ~/.kube/config; and only when none of those files exists, if asked, the pod's service account.
// The extension never asks: on a workstation a stray KUBERNETES_SERVICE_HOST must not pick a cluster.
import type { KubeconfigLoad } from './kubeconfigLoader';
import { loadKubeconfig } from './kubeconfigLoader';
import type { KubeconfigSource } from './kubeconfigSources';
import { kubeconfigSource } from './kubeconfigSources';
import { inClusterContext, loadInClusterConfig, serviceAccountDir } from './inClusterConfig';

/** What the process sees; tests point it elsewhere. */
export interface KubeEnvironment {
  readonly env?: NodeJS.ProcessEnv;
  /** Where the service account is mounted (default /var/run/secrets/kubernetes.io/serviceaccount). */
  readonly serviceAccountDir?: string;
}

export interface KubeconfigRequest extends KubeEnvironment {
  /** An explicit file (--kubeconfig): never replaced by anything else. */
  readonly kubeconfig?: string;
  readonly context?: string;
  /** Opt in to the in-cluster service account when no kubeconfig file exists. */
  readonly inCluster?: boolean;
}

export function resolveKubeconfig(request: KubeconfigRequest): KubeconfigLoad {
  const env = request.env ?? process.env;
  const source: KubeconfigSource = request.kubeconfig ? { files: [request.kubeconfig], origin: '--kubeconfig' } : kubeconfigSource({}, env);
  const loaded = loadKubeconfig(source, request.context);
  // A named context other than the in-cluster one can only come from a kubeconfig.
  if (loaded.kind !== 'missing' || request.kubeconfig || !request.inCluster || (request.context && request.context !== inClusterContext)) return loaded;
  const inCluster = loadInClusterConfig(env, request.serviceAccountDir ?? serviceAccountDir);
  if (inCluster.kind === 'absent') return { ...loaded, message: `${loaded.message}, and no in-cluster service account: ${inCluster.why}` };
  return {
    kind: 'ok',
    kubeConfig: inCluster.kubeConfig,
    files: [inCluster.tokenFile],
    source: { files: [inCluster.tokenFile], origin: 'in-cluster service account' },
  };
}

/** "in-cluster service account (…/token)" or "kubeconfig a, b via KUBECONFIG", for messages. */
export function describeKubeconfigLoad(loaded: Extract<KubeconfigLoad, { kind: 'ok' }>): string {
  return loaded.source.origin === 'in-cluster service account'
    ? `the in-cluster service account (${loaded.files.join(', ')})`
    : `kubeconfig ${loaded.files.join(', ')} via ${loaded.source.origin}`;
}
