// The one way the `podnet` commands load cluster credentials: kubectl's order (--kubeconfig,
// KUBECONFIG, ~/.kube/config), then, inside a pod with no kubeconfig, its service account.
import type { KubeConfig } from '@kubernetes/client-node';
import { describeKubeconfigLoad, resolveKubeconfig } from '../kube/resolveKubeconfig';
import type { CliIo } from './command';

export interface KubeconfigFlags {
  readonly kubeconfig?: string | undefined;
  readonly context?: string | undefined;
}

/** Throws with the reason when there is nothing to connect with (the CLI prints it and exits 2). */
export function cliKubeConfig(command: string, flags: KubeconfigFlags, io: CliIo): KubeConfig {
  const loaded = resolveKubeconfig({
    ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}),
    ...(flags.context ? { context: flags.context } : {}),
    ...io.kubeEnvironment,
    inCluster: true,
  });
  if (loaded.kind !== 'ok') throw new Error(loaded.message);
  // Not the usual path: say so, so a surprising cluster can be traced to its credentials.
  if (loaded.source.origin === 'in-cluster service account') {
    io.err(`podnet ${command}: no kubeconfig found; using ${describeKubeconfigLoad(loaded)} for ${loaded.kubeConfig.getCurrentCluster()?.server ?? '?'}\n`);
  }
  return loaded.kubeConfig;
}
