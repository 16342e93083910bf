// API failures sorted by what the user can do about them.

export class KubeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    /** How long the server asked to wait before retrying (Retry-After, or a Status's details.retryAfterSeconds). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'KubeHttpError';
  }
}

/** 410 Gone: the resourceVersion (or continue token) expired; list again from scratch. */
export class ResourceExpiredError extends Error {
  constructor(message = 'resource version expired (410 Gone)') {
    super(message);
    this.name = 'ResourceExpiredError';
  }
}

export type KubeErrorKind = 'unauthorized' | 'forbidden' | 'not-found' | 'expired' | 'unreachable' | 'server';

export function classifyKubeError(error: unknown): KubeErrorKind {
  if (error instanceof ResourceExpiredError) return 'expired';
  if (error instanceof KubeHttpError) {
    if (error.status === 401) return 'unauthorized';
    if (error.status === 403) return 'forbidden';
    if (error.status === 404) return 'not-found';
    if (error.status === 410) return 'expired';
    return 'server';
  }
  return 'unreachable';
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** One line for a connection that did not come up, naming the server and what to check. */
export function describeConnectFailure(kind: 'unreachable' | 'unauthorized' | 'forbidden', error: string, server: string): string {
  if (kind === 'unauthorized') return `not authorised (401) by ${server}: the credentials were refused (expired token or certificate?): ${error}`;
  if (kind === 'forbidden') return `forbidden (403) by ${server}: this user may not list nodes or pods: ${error}`;
  return `cannot connect to ${server}: ${error}`;
}
