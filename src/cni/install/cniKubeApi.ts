// The few API calls install and uninstall need (GET, LIST, server-side apply, DELETE), with
// client-node doing auth and TLS (applyToHTTPSOptions: tokens, exec plugins, certificates, CA).
import * as https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '../manifest/renderManifest';
import { fieldManager } from '../names';
import { readReply, statusOf } from '../httpReply';

export class KubeApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

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

export class CniKubeApi {
  readonly server: string;

  constructor(private readonly kubeConfig: KubeConfig) {
    const server = kubeConfig.getCurrentCluster()?.server;
    if (!server) throw new Error('the current context names no cluster server');
    this.server = server.replace(/\/+$/, '');
  }

  async request<T>(method: string, path: string, body?: unknown, contentType = 'application/json', signal?: AbortSignal): Promise<T> {
    const url = new URL(this.server + path);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const options: https.RequestOptions = {
      method,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || 443,
      path: url.pathname + url.search,
      headers: { Accept: 'application/json', ...(payload === undefined ? {} : { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(payload)) }) },
    };
    await this.kubeConfig.applyToHTTPSOptions(options);
    const transport = url.protocol === 'http:' ? await import('node:http') : https;
    return new Promise<T>((resolve, reject) => {
      const req = transport.request(options, (res) => {
        readReply(res).then(({ status, text }) => {
          if (status >= 300) {
            const { reason, message } = statusOf(text);
            throw new KubeApiError(status, reason, `${method} ${path}: ${status} ${message}`);
          }
          return (text ? JSON.parse(text) : {}) as T;
        }).then(resolve, reject);
      });
      req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path}: no answer within 30 s`)));
      req.on('error', reject);
      const abort = (): void => {
        req.destroy(new Error('cancelled'));
      };
      signal?.addEventListener('abort', abort, { once: true });
      req.on('close', () => signal?.removeEventListener('abort', abort));
      if (payload !== undefined) req.write(payload);
      req.end();
    });
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
    return this.request<KubeObject>('PATCH', objectPath(object.kind, object.metadata.name, object.metadata.namespace) + query, object, 'application/apply-patch+yaml', signal);
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
