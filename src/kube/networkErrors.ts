// Socket and TLS failures in words a user can act on (the Node error code stays in brackets so
// a search for it still finds the cause).

export type NetworkFailure =
  | 'refused'
  | 'timeout'
  | 'unreachable'
  | 'dns'
  | 'reset'
  | 'tls-authority'
  | 'tls-name'
  | 'tls-expired'
  | 'tls-client-cert'
  | 'tls'
  | 'other';

export class KubeNetworkError extends Error {
  constructor(
    readonly failure: NetworkFailure,
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'KubeNetworkError';
  }
}

const authorityCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
]);

/** Failures worth another try: the server or the path to it may recover. */
export const retryableFailures: ReadonlySet<NetworkFailure> = new Set(['reset', 'timeout', 'refused']);

export function describeNetworkError(error: unknown, server: string, serverName?: string): KubeNetworkError {
  if (error instanceof KubeNetworkError) return error;
  const e = error as NodeJS.ErrnoException & { reason?: string };
  const code = e?.code;
  const raw = e?.message ?? String(error);
  const host = (() => {
    try {
      return new URL(server).host;
    } catch {
      return server;
    }
  })();
  const make = (failure: NetworkFailure, text: string) => new KubeNetworkError(failure, `${text}${code ? ` (${code})` : ''}`, code);
  if (code === 'ECONNREFUSED') {
    return make('refused', `connection refused by ${host}: nothing listens there (is the API server or kubectl proxy running, is the port right?)`);
  }
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || code === 'PODNET_TIMEOUT') {
    return make('timeout', `timed out talking to ${host}${code === 'PODNET_TIMEOUT' ? `: ${raw}` : ''}`);
  }
  if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH' || code === 'EHOSTDOWN') {
    return make('unreachable', `network unreachable: no route to ${host} (VPN or network down?)`);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return make('dns', `host name of ${host} does not resolve (DNS)`);
  if (code === 'ECONNRESET' || code === 'EPIPE' || raw === 'socket hang up' || code === 'ECONNABORTED') {
    return make('reset', `connection to ${host} was reset before an answer`);
  }
  if (code && authorityCodes.has(code)) {
    return make(
      'tls-authority',
      `TLS: the certificate of ${host} is signed by an unknown authority (check the cluster's certificate-authority in the kubeconfig)`,
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return make(
      'tls-name',
      `TLS: the certificate of ${host} is not valid for ${serverName ? `"${serverName}" (tls-server-name)` : `the name in server`}: ${e.reason ?? raw}`,
    );
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return make('tls-expired', `TLS: the certificate of ${host} has expired or is not valid yet`);
  }
  if (/certificate required|ALERT_CERTIFICATE_REQUIRED|alert handshake failure|bad certificate/i.test(`${code ?? ''} ${raw}`)) {
    return make('tls-client-cert', `TLS: ${host} requires a client certificate it accepts (the kubeconfig user has none, or one it does not trust)`);
  }
  if (code?.startsWith('ERR_SSL') || code?.startsWith('ERR_TLS') || /SSL|TLS/.test(raw)) return make('tls', `TLS handshake with ${host} failed: ${raw}`);
  return new KubeNetworkError('other', `${raw}`, code);
}
