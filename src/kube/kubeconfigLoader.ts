// Loads and merges kubeconfig files like kubectl: missing and empty files are skipped, the first
// file to define a cluster/user/context name wins, current-context comes from the first file
// setting it. Without a current-context (and no context asked for) nothing is picked: kubectl
// would not pick one either. Unlike client-node's loadFromDefault, never falls back silently to
// http://localhost:8080. The chosen context is checked as kubectl checks it before connecting.
import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import type { Context } from '@kubernetes/client-node';
import type { KubeCluster, KubeconfigFileData, KubeUser } from './kubeconfigFile';
import { KubeconfigError, readKubeconfigFile } from './kubeconfigFile';
import type { KubeconfigSource } from './kubeconfigSources';
import { connectionConfig } from './connectionConfig';

export type KubeconfigLoad =
  | { readonly kind: 'ok'; readonly kubeConfig: KubeConfig; readonly files: readonly string[]; readonly source: KubeconfigSource }
  | { readonly kind: 'missing'; readonly source: KubeconfigSource; readonly message: string }
  /** noCurrentContext: the files are fine but name no current-context (offer the contexts instead). */
  | {
    readonly kind: 'invalid';
    readonly source: KubeconfigSource;
    readonly message: string;
    readonly noCurrentContext?: boolean;
    readonly contexts?: readonly string[];
  };

interface Merged {
  readonly files: string[];
  readonly clusters: Map<string, KubeCluster>;
  readonly users: Map<string, KubeUser>;
  readonly contexts: Map<string, Context>;
  current: string;
}

function merge(source: KubeconfigSource): Merged | Exclude<KubeconfigLoad, { kind: 'ok' }> {
  const existing = source.files.filter((f) => existsSync(f));
  // An explicit --kubeconfig that does not exist is an error for kubectl, not "no kubeconfig".
  if (existing.length === 0) {
    return { kind: 'missing', source, message: `no kubeconfig found (looked at ${source.files.join(', ') || 'nothing'} via ${source.origin})` };
  }
  const merged: Merged = { files: [], clusters: new Map(), users: new Map(), contexts: new Map(), current: '' };
  for (const file of existing) {
    let data: KubeconfigFileData | undefined;
    try {
      data = readKubeconfigFile(file);
    } catch (error) {
      return { kind: 'invalid', source, message: error instanceof Error ? error.message : String(error) };
    }
    if (!data) continue;
    merged.files.push(file);
    for (const c of data.clusters) if (!merged.clusters.has(c.name)) merged.clusters.set(c.name, c);
    for (const u of data.users) if (!merged.users.has(u.name)) merged.users.set(u.name, u);
    for (const c of data.contexts) if (!merged.contexts.has(c.name)) merged.contexts.set(c.name, c);
    if (!merged.current && data.currentContext) merged.current = data.currentContext;
  }
  return merged;
}

/** The context names the files define (for a picker), even when none is current. */
export function listContexts(source: KubeconfigSource): { names: string[]; current: string | undefined } | { error: string } {
  const m = merge(source);
  if ('kind' in m) return { error: m.message };
  return { names: [...m.contexts.keys()], current: m.current || undefined };
}

export function loadKubeconfig(source: KubeconfigSource, context?: string): KubeconfigLoad {
  const m = merge(source);
  if ('kind' in m) return m;
  const where = m.files.join(', ') || source.files.join(', ');
  if (m.contexts.size === 0) return { kind: 'invalid', source, message: `kubeconfig ${where} defines no context` };
  const chosen = context || m.current;
  if (!chosen) {
    return {
      kind: 'invalid',
      source,
      noCurrentContext: true,
      contexts: [...m.contexts.keys()],
      message: `kubeconfig ${where} sets no current-context; choose one of ${
        [...m.contexts.keys()].map((c) => `"${c}"`).join(', ')
      } (--context NAME, or kubectl config use-context NAME)`,
    };
  }
  const ctx = m.contexts.get(chosen);
  if (!ctx) return { kind: 'invalid', source, message: `context "${chosen}" is not in ${where}` };
  if (!ctx.cluster || !m.clusters.has(ctx.cluster)) {
    return {
      kind: 'invalid',
      source,
      message: `context "${chosen}" names ${ctx.cluster ? `cluster "${ctx.cluster}", which ${where} does not define` : 'no cluster'}`,
    };
  }
  const merged = new KubeConfig();
  merged.loadFromOptions({ clusters: [...m.clusters.values()], users: [...m.users.values()], contexts: [...m.contexts.values()], currentContext: chosen });
  // What kubectl refuses before sending anything (insecure with a CA, a certificate without its key...).
  try {
    connectionConfig(merged);
  } catch (error) {
    if (error instanceof KubeconfigError) return { kind: 'invalid', source, message: error.message };
    throw error;
  }
  return { kind: 'ok', kubeConfig: merged, files: m.files, source };
}

/** True for client-node's silent default (loadFromDefault with no kubeconfig anywhere). */
export function isLocalhostFallback(kc: KubeConfig): boolean {
  const cluster = kc.getCurrentCluster();
  return kc.getContexts().length <= 1 && cluster?.name === 'cluster' && cluster.server === 'http://localhost:8080';
}
