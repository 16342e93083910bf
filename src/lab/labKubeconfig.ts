// The kubeconfig the lab hands out: its CA (TLS verified), two token users, a client-certificate
// user (kubeadm admin.conf style) and a context for each.
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { dump } from 'js-yaml';

export const labContext = 'podnet-lab';
export const labRestrictedContext = 'podnet-lab-restricted';
/** kubeadm admin.conf's naming: user kubernetes-admin with a client certificate (O=system:masters). */
export const labCertContext = 'kubernetes-admin@podnet-lab';

const b64 = (text: string): string => Buffer.from(text).toString('base64');

export function kubeconfigYaml(server: string, caPem: string, adminToken: string, restrictedToken: string, adminCert?: { certPem: string; keyPem: string }): string {
  return dump({
    apiVersion: 'v1', kind: 'Config', preferences: {},
    clusters: [{ name: labContext, cluster: { server, 'certificate-authority-data': b64(caPem) } }],
    users: [
      { name: 'podnet-lab-admin', user: { token: adminToken } },
      { name: 'podnet-lab-restricted', user: { token: restrictedToken } },
      ...(adminCert ? [{ name: 'kubernetes-admin', user: { 'client-certificate-data': b64(adminCert.certPem), 'client-key-data': b64(adminCert.keyPem) } }] : []),
    ],
    contexts: [
      { name: labContext, context: { cluster: labContext, user: 'podnet-lab-admin', namespace: 'default' } },
      { name: labRestrictedContext, context: { cluster: labContext, user: 'podnet-lab-restricted', namespace: 'default' } },
      ...(adminCert ? [{ name: labCertContext, context: { cluster: labContext, user: 'kubernetes-admin' } }] : []),
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
