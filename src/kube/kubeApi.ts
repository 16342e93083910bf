// The few API calls install and uninstall need (GET, LIST, server-side apply, DELETE), over the
// one connection layer (src/kube/kubeConnection.ts: TLS, tokens, exec plugins, certificates,
// proxy) with its retries; all four verbs are idempotent here, so a 429/5xx/reset is retried.
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeHttpError } from './kubeErrors';
import { KubeConnection } from './kubeConnection';
import type { ConnectionOptions } from './kubeConnection';
import { withRetries } from './requestRetry';
import type { RetryNotice } from './requestRetry';
import { parseRetryAfter, statusRetryAfterMs } from './retryAfter';
import type { KubeObject } from './kubeObject';
import { readReply, statusOf } from './httpReply';

/** The field manager of everything Podnet applies (server-side apply owns fields by it). */
export const fieldManager = 'podnet';

export class KubeApiError extends KubeHttpError {}

/** REST paths of the kinds the manifest holds (no discovery needed for a fixed set). */
const kinds: Record<string, { base: string; plural: string; namespaced: boolean }> = {
  Namespace: { base: '/api/v1', plural: 'namespaces', namespaced: false },
  ServiceAccount: { base: '/api/v1', plural: 'serviceaccounts', namespaced: true },
  ConfigMap: { base: '/api/v1', plural: 'configmaps', namespaced: true },
  ClusterRole: { base: '/apis/rbac.authorization.k8s.io/v1', plural: 'clusterroles', namespaced: false },
  ClusterRoleBinding: { base: '/apis/rbac.authorization.k8s.io/v1', plural: 'clusterrolebindings', namespaced: false },
  Role: { base: '/apis/rbac.authorization.k8s.io/v1', plural: 'roles', namespaced: true },
  RoleBinding: { base: '/apis/rbac.authorization.k8s.io/v1', plural: 'rolebindings', namespaced: true },
  DaemonSet: { base: '/apis/apps/v1', plural: 'daemonsets', namespaced: true },
};
export const manifestKinds = Object.keys(kinds);

export function objectPath(kind: string, name: string, namespace?: string): string {
  return `${collectionPath(kind, namespace)}/${encodeURIComponent(name)}`;
}

export function collectionPath(kind: string, namespace?: string): string {
  const k = kinds[kind];
  if (!k) throw new Error(`no REST path known for kind ${kind}`);
  return k.namespaced && namespace ? `${k.base}/namespaces/${encodeURIComponent(namespace)}/${k.plural}` : `${k.base}/${k.plural}`;
}

export class KubeApi {
  readonly server: string;
  private readonly connection: KubeConnection;

  constructor(
    kubeConfig: KubeConfig,
    options: ConnectionOptions & { readonly onRetry?: (notice: RetryNotice) => void } = {},
  ) {
    this.connection = new KubeConnection(kubeConfig, options);
    this.server = this.connection.server;
    this.onRetry = options.onRetry;
  }

  private readonly onRetry: ((notice: RetryNotice) => void) | undefined;

  request<T>(method: string, path: string, body?: unknown, contentType = 'application/json', signal?: AbortSignal): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return withRetries(async () => {
      const res = await this.connection.send(path, { method, ...(payload === undefined ? {} : { body: payload, contentType }), signal, timeoutMs: 30_000 });
      const { status, text } = await readReply(res);
      if (status >= 300) {
        const { reason, message } = statusOf(text);
        let bodyRetry: number | undefined;
        try {
          bodyRetry = statusRetryAfterMs(JSON.parse(text) as { details?: { retryAfterSeconds?: unknown } });
        } catch {
          bodyRetry = undefined;
        }
        const retryAfterMs = parseRetryAfter(res.headers['retry-after']) ?? bodyRetry;
        throw new KubeApiError(status, reason, `${method} ${path}: ${status} ${message}`, retryAfterMs);
      }
      return (text ? JSON.parse(text) : {}) as T;
    }, { signal, onRetry: this.onRetry });
  }

  dispose(): void {
    this.connection.dispose();
  }

  /** The object, or undefined on 404. */
  async get<T>(path: string, signal?: AbortSignal): Promise<T | undefined> {
    try {
      return await this.request<T>('GET', path, undefined, undefined, signal);
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  async list<T>(path: string, signal?: AbortSignal): Promise<T[]> {
    const list = await this.get<{ items?: T[] }>(path, signal);
    return list?.items ?? [];
  }

  /** Server-side apply with field manager "podnet" (force: Podnet owns these objects). */
  apply(object: KubeObject, dryRun: boolean, signal?: AbortSignal): Promise<KubeObject> {
    const query = `?fieldManager=${fieldManager}&force=true${dryRun ? '&dryRun=All' : ''}`;
    return this.request<KubeObject>(
      'PATCH',
      objectPath(object.kind, object.metadata.name, object.metadata.namespace) + query,
      object,
      'application/apply-patch+yaml',
      signal,
    );
  }

  /** DELETE; false when it was already gone. */
  async delete(path: string, signal?: AbortSignal): Promise<boolean> {
    try {
      await this.request('DELETE', `${path}?propagationPolicy=Background`, undefined, undefined, signal);
      return true;
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) return false;
      throw error;
    }
  }
}
