// Errors carried as Kubernetes Status objects: kubectl prints "Error from server (Reason): message"
// from exactly these fields, so they follow the apiserver's wording.

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: { reason?: string; message: string; field?: string }[];
  retryAfterSeconds?: number;
}

export class StatusError extends Error {
  constructor(readonly code: number, readonly reason: string, message: string, readonly details?: StatusDetails) {
    super(message);
  }

  toStatus(): Record<string, unknown> {
    return statusObject(this.code, this.reason, this.message, this.details);
  }
}

export function statusObject(code: number, reason: string, message: string, details?: StatusDetails): Record<string, unknown> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: code < 400 ? 'Success' : 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

const groupResource = (group: string, plural: string): string => (group ? `${plural}.${group}` : plural);

export const notFound = (group: string, plural: string, name: string): StatusError =>
  new StatusError(404, 'NotFound', `${groupResource(group, plural)} "${name}" not found`, { name, group: group || undefined, kind: plural });

export const alreadyExists = (group: string, plural: string, name: string): StatusError =>
  new StatusError(409, 'AlreadyExists', `${groupResource(group, plural)} "${name}" already exists`, { name, group: group || undefined, kind: plural });

export const conflict = (group: string, plural: string, name: string, why: string): StatusError =>
  new StatusError(409, 'Conflict', `Operation cannot be fulfilled on ${groupResource(group, plural)} "${name}": ${why}`, {
    name,
    group: group || undefined,
    kind: plural,
  });

export const badRequest = (message: string): StatusError => new StatusError(400, 'BadRequest', message);

export const invalid = (kind: string, group: string, name: string, causes: { field: string; message: string }[]): StatusError =>
  new StatusError(422, 'Invalid', `${kind}${group ? `.${group}` : ''} "${name}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`, {
    name,
    group: group || undefined,
    kind,
    causes: causes.map((c) => ({ reason: 'FieldValueInvalid', message: c.message, field: c.field })),
  });

export const expired = (message: string): StatusError => new StatusError(410, 'Expired', message);
