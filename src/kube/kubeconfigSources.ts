// Which kubeconfig files to read, in the order kubectl and the Kubernetes extension agree on,
// with Podnet's own setting first.
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface KubeconfigSettings {
  /** The `podnet.kubeconfig` setting. */
  readonly podnetKubeconfig?: string;
  /** The Kubernetes extension's `vs-kubernetes.kubeconfig` setting. */
  readonly vsKubernetesKubeconfig?: string;
}

export interface KubeconfigSource {
  /** Files to merge, first wins for every name (like kubectl). */
  readonly files: readonly string[];
  /** Where the list came from, for messages. */
  readonly origin:
    | 'podnet.kubeconfig'
    | 'vs-kubernetes.kubeconfig'
    | 'KUBECONFIG'
    | '~/.kube/config'
    | '--kubeconfig'
    | 'Podnet lab'
    | 'in-cluster service account';
}

const expandHome = (p: string, home: string) => (p === '~' ? home : p.startsWith('~/') ? join(home, p.slice(2)) : p);

export function kubeconfigSource(
  settings: KubeconfigSettings,
  env: NodeJS.ProcessEnv = process.env,
  home: string = env['HOME'] || homedir(),
): KubeconfigSource {
  const split = (v: string) => v.split(delimiter).filter((f) => f.trim().length > 0).map((f) => expandHome(f.trim(), home));
  if (settings.podnetKubeconfig?.trim()) return { files: split(settings.podnetKubeconfig), origin: 'podnet.kubeconfig' };
  if (settings.vsKubernetesKubeconfig?.trim()) return { files: split(settings.vsKubernetesKubeconfig), origin: 'vs-kubernetes.kubeconfig' };
  if (env['KUBECONFIG']?.trim()) return { files: split(env['KUBECONFIG']), origin: 'KUBECONFIG' };
  return { files: [join(home, '.kube', 'config')], origin: '~/.kube/config' };
}
