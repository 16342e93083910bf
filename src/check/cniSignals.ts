// What the cluster's CNI says about its own data path that explains probe failures: Podnet's
// uninstall signal (`state: remove` in its settings ConfigMap) makes every agent withdraw its
// routes. Where those settings live is the CNI's fact (src/cni/names.ts): the callers pass it in.
import type { KubeApi } from '../kube/kubeApi';

/** The ConfigMap and key of Podnet's uninstall signal. */
export interface UninstallSignal {
  readonly namespace: string;
  readonly name: string;
  readonly key: string;
}

/** In words, when the settings say `remove`; undefined otherwise or when unreadable (never guessed). */
export async function routesWithdrawnSignal(api: KubeApi, at: UninstallSignal, signal?: AbortSignal): Promise<string | undefined> {
  try {
    const cm = await api.get<{ data?: Record<string, string> }>(`/api/v1/namespaces/${at.namespace}/configmaps/${at.name}`, signal);
    if (cm?.data?.[at.key] !== 'remove') return undefined;
    return `Podnet's settings ConfigMap ${at.namespace}/${at.name} says ${at.key}: remove (the uninstall signal), so its agents withdraw their routes between the nodes`;
  } catch {
    return undefined;
  }
}
