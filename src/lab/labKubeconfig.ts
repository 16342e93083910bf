// The kubeconfig the lab hands out: its CA (TLS verified), two token users, a client-certificate
// user (kubeadm admin.conf style) and a context for each.
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { dump } from 'js-yaml';

/** The lab's contexts are named after its scenario, so two labs in one kubeconfig list never collide. */
export interface LabContextNames {
  /** podnet-lab-<scenario> (admin), also the cluster's name. */
  readonly admin: string;
  /** podnet-lab-<scenario>-restricted (may not read nodes). */
  readonly restricted: string;
  /** kubeadm admin.conf's naming: kubernetes-admin@podnet-lab-<scenario>, a client certificate (O=system:masters). */
  readonly cert: string;
}

export function labContextNames(scenario: string): LabContextNames {
  const admin = `podnet-lab-${scenario}`;
  return { admin, restricted: `${admin}-restricted`, cert: `kubernetes-admin@${admin}` };
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');

export function kubeconfigYaml(
  names: LabContextNames,
  server: string,
  caPem: string,
  adminToken: string,
  restrictedToken: string,
  adminCert?: { certPem: string; keyPem: string },
): string {
  const labContext = names.admin;
  return dump({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: labContext, cluster: { server, 'certificate-authority-data': b64(caPem) } }],
    users: [
      { name: 'podnet-lab-admin', user: { token: adminToken } },
      { name: 'podnet-lab-restricted', user: { token: restrictedToken } },
      ...(adminCert
        ? [{ name: 'kubernetes-admin', user: { 'client-certificate-data': b64(adminCert.certPem), 'client-key-data': b64(adminCert.keyPem) } }]
        : []),
    ],
    contexts: [
      { name: labContext, context: { cluster: labContext, user: 'podnet-lab-admin', namespace: 'default' } },
      { name: names.restricted, context: { cluster: labContext, user: 'podnet-lab-restricted', namespace: 'default' } },
      ...(adminCert ? [{ name: names.cert, context: { cluster: labContext, user: 'kubernetes-admin' } }] : []),
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
