// Bearer-token authentication and the two users of the lab's kubeconfig: an admin, and a
// restricted reader that may not touch nodes (for testing how clients handle 403).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { ResourceType } from './resourceTypes';
import { StatusError } from './statusError';

export interface LabUser {
  readonly name: string;
  readonly admin: boolean;
}

export const adminUser: LabUser = { name: 'podnet-lab-admin', admin: true };
export const restrictedUser: LabUser = { name: 'podnet-lab-restricted', admin: false };

export class LabTokens {
  readonly admin = randomBytes(24).toString('base64url');
  readonly restricted = randomBytes(24).toString('base64url');
  /** Flipped by the "token expiry" fault: every token is then refused. */
  expired = false;

  authenticate(authorization: string | undefined): LabUser {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (token && !this.expired) {
      if (same(token, this.admin)) return adminUser;
      if (same(token, this.restricted)) return restrictedUser;
    }
    throw new StatusError(401, 'Unauthorized', 'Unauthorized');
  }
}

/**
 * x509 client-certificate authentication like the API server's: a certificate the lab CA signed
 * (TLS already verified it) names the user in CN and its groups in O; system:masters is admin.
 * Undefined when no trusted certificate was presented (then the bearer token decides).
 */
export function certificateUser(socket: unknown): LabUser | undefined {
  const tls = socket as { authorized?: boolean; getPeerCertificate?: () => { subject?: { CN?: string | string[]; O?: string | string[] } } };
  if (!tls.authorized || !tls.getPeerCertificate) return undefined;
  const subject = tls.getPeerCertificate().subject;
  const cn = [subject?.CN ?? []].flat()[0];
  if (!cn) return undefined;
  const groups = [subject?.O ?? []].flat();
  return { name: cn, admin: groups.includes('system:masters') };
}

const same = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

const readVerbs = new Set(['get', 'list', 'watch']);

/** RBAC in miniature: the admin may do anything; the restricted user may read anything but nodes. */
export function authorize(user: LabUser, verb: string, t: ResourceType, namespace: string | undefined, name: string | undefined): void {
  if (user.admin) return;
  if (t.kind !== 'Node' && readVerbs.has(verb)) return;
  const resource = t.group ? `${t.plural}.${t.group}` : t.plural;
  const what = name ? `${resource} "${name}"` : resource;
  const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
  throw new StatusError(
    403,
    'Forbidden',
    `${what} is forbidden: User "${user.name}" cannot ${verb} resource "${t.plural}" in API group "${t.group}" ${scope}`,
    { ...(name ? { name } : {}), ...(t.group ? { group: t.group } : {}), kind: t.plural },
  );
}
