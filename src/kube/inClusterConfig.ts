// The pod's own credentials, like client-go's rest.InClusterConfig: the API server from
// KUBERNETES_SERVICE_HOST/PORT (always https, TLS verified against the mounted ca.crt) and the
// mounted service-account token. The token goes through client-node's `tokenFile` auth provider,
// which re-reads the file every 60 s (as client-go does), so a kubelet-rotated token is picked up.
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

export const serviceAccountDir = '/var/run/secrets/kubernetes.io/serviceaccount';
export const inClusterContext = 'in-cluster';

export type InClusterLoad =
  | { readonly kind: 'ok'; readonly kubeConfig: KubeConfig; readonly tokenFile: string }
  /** Not running in a pod (or no token mounted): why, for the "no kubeconfig found" message. */
  | { readonly kind: 'absent'; readonly why: string };

export function loadInClusterConfig(env: NodeJS.ProcessEnv = process.env, dir: string = serviceAccountDir): InClusterLoad {
  const host = env['KUBERNETES_SERVICE_HOST']?.trim();
  const port = env['KUBERNETES_SERVICE_PORT']?.trim();
  if (!host || !port) return { kind: 'absent', why: 'not in a pod (KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT not set)' };
  if (!/^\d{1,5}$/.test(port)) return { kind: 'absent', why: `KUBERNETES_SERVICE_PORT "${port}" is not a port` };
  const tokenFile = join(dir, 'token');
  try {
    accessSync(tokenFile, constants.R_OK);
  } catch {
    return { kind: 'absent', why: `no readable service-account token at ${tokenFile}` };
  }
  const caFile = join(dir, 'ca.crt');
  const namespaceFile = join(dir, 'namespace');
  const namespace = existsSync(namespaceFile) ? readFileSync(namespaceFile, 'utf8').trim() || undefined : undefined;
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    // Without ca.crt the system roots verify the server (client-go does the same).
    clusters: [{
      name: inClusterContext,
      server: `https://${isIPv6(host) ? `[${host}]` : host}:${port}`,
      skipTLSVerify: false,
      ...(existsSync(caFile) ? { caFile } : {}),
    }],
    users: [{ name: inClusterContext, authProvider: { name: 'tokenFile', config: { tokenFile } } }],
    contexts: [{ name: inClusterContext, cluster: inClusterContext, user: inClusterContext, ...(namespace ? { namespace } : {}) }],
    currentContext: inClusterContext,
  });
  return { kind: 'ok', kubeConfig, tokenFile };
}
