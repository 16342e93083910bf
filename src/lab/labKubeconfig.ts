// The kubeconfig the lab hands out: its CA (TLS verified), two token users and two contexts.
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { dump } from 'js-yaml';

export const labContext = 'podnet-lab';
export const labRestrictedContext = 'podnet-lab-restricted';

export function kubeconfigYaml(server: string, caPem: string, adminToken: string, restrictedToken: string): string {
  return dump({
    apiVersion: 'v1', kind: 'Config', preferences: {},
    clusters: [{ name: labContext, cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [
      { name: 'podnet-lab-admin', user: { token: adminToken } },
      { name: 'podnet-lab-restricted', user: { token: restrictedToken } },
    ],
    contexts: [
      { name: labContext, context: { cluster: labContext, user: 'podnet-lab-admin', namespace: 'default' } },
      { name: labRestrictedContext, context: { cluster: labContext, user: 'podnet-lab-restricted', namespace: 'default' } },
    ],
    'current-context': labContext,
  }, { lineWidth: -1 });
}

/** Written whole or not at all (temp file + rename), readable by the owner only: it holds tokens. */
export function writeKubeconfig(path: string, yaml: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, yaml, { mode: 0o600 });
  renameSync(temp, path);
}
