// Loads and merges kubeconfig files like kubectl: missing files are skipped, the first file to
// define a cluster/user/context name wins, current-context comes from the first file setting
// it. Unlike client-node's loadFromDefault, never falls back silently to http://localhost:8080.
import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import type { Cluster, Context, User } from '@kubernetes/client-node';
import type { KubeconfigSource } from './kubeconfigSources';

export type KubeconfigLoad =
  | { readonly kind: 'ok'; readonly kubeConfig: KubeConfig; readonly files: readonly string[]; readonly source: KubeconfigSource }
  | { readonly kind: 'missing'; readonly source: KubeconfigSource; readonly message: string }
  | { readonly kind: 'invalid'; readonly source: KubeconfigSource; readonly message: string };

export function loadKubeconfig(source: KubeconfigSource, context?: string): KubeconfigLoad {
  const files = source.files.filter((f) => existsSync(f));
  if (files.length === 0) {
    return { kind: 'missing', source, message: `no kubeconfig found (looked at ${source.files.join(', ') || 'nothing'} via ${source.origin})` };
  }
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let current = '';
  for (const file of files) {
    const kc = new KubeConfig();
    try {
      kc.loadFromFile(file);
    } catch (error) {
      return { kind: 'invalid', source, message: `cannot read kubeconfig ${file}: ${error instanceof Error ? error.message : String(error)}` };
    }
    for (const c of kc.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of kc.getUsers()) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of kc.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (!current && kc.getCurrentContext()) current = kc.getCurrentContext();
  }
  if (contexts.size === 0) return { kind: 'invalid', source, message: `kubeconfig ${files.join(', ')} defines no context` };
  const chosen = context ?? (current || contexts.keys().next().value!);
  if (!contexts.has(chosen)) return { kind: 'invalid', source, message: `context "${chosen}" is not in ${files.join(', ')}` };
  const merged = new KubeConfig();
  merged.loadFromOptions({ clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()], currentContext: chosen });
  const cluster = merged.getCurrentCluster();
  if (!cluster?.server) return { kind: 'invalid', source, message: `context "${chosen}" names no cluster with a server` };
  return { kind: 'ok', kubeConfig: merged, files, source };
}

/** True for client-node's silent default (loadFromDefault with no kubeconfig anywhere). */
export function isLocalhostFallback(kc: KubeConfig): boolean {
  const cluster = kc.getCurrentCluster();
  return kc.getContexts().length <= 1 && cluster?.name === 'cluster' && cluster.server === 'http://localhost:8080';
}
