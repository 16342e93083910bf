// What a kubeconfig context means for one connection, with kubectl's (client-go's) reading of each
// field and its refusals: the server URL, the TLS material (CA, client certificate, server name,
// insecure-skip-tls-verify), the credential (token, tokenFile, basic, exec plugin), proxy-url and
// impersonation. A context without a user (or naming an undefined one) keeps its cluster's TLS.
// Files are read here so a missing one is reported before anything is sent.
import { readFileSync } from 'node:fs';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ExecConfig, KubeCluster, KubeUser } from './kubeconfigFile';
import { KubeconfigError } from './kubeconfigFile';

export type AuthConfig =
  | { readonly kind: 'none' }
  | { readonly kind: 'token'; readonly token: string }
  /** Re-read periodically (client-go: a cached file token source); `token` is the kubeconfig's inline one, used while the file is unreadable. */
  | { readonly kind: 'tokenFile'; readonly file: string; readonly token?: string }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'exec'; readonly exec: ExecConfig };

export interface TlsConfig {
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  /** tls-server-name: the name the certificate is checked against (and sent as SNI). */
  readonly serverName?: string;
  readonly insecure: boolean;
}

export interface ConnectionConfig {
  readonly server: string;
  readonly context: string;
  readonly cluster: string;
  readonly user: string | undefined;
  readonly tls: TlsConfig;
  readonly auth: AuthConfig;
  readonly proxyUrl?: string;
  readonly namespace?: string;
  readonly impersonateUser?: string;
  /** For an exec plugin with provideClusterInfo. */
  readonly clusterInfo: {
    readonly server: string;
    readonly caData?: string;
    readonly tlsServerName?: string;
    readonly insecure: boolean;
    readonly proxyUrl?: string;
  };
}

/** Throws KubeconfigError for what kubectl would refuse. */
export function connectionConfig(kc: KubeConfig): ConnectionConfig {
  const contextName = kc.getCurrentContext();
  const context = kc.getContextObject(contextName);
  const cluster = kc.getCurrentCluster() as KubeCluster | null;
  const file = cluster?.sourceFile ?? 'kubeconfig';
  if (!context || !cluster) throw new KubeconfigError(file, '', `context "${contextName}" names no cluster`);
  const user = (context.user ? kc.getUser(context.user) : null) as KubeUser | null;
  const clusterField = (f: string) => `cluster "${cluster.name}" ${f}`;
  if (!cluster.server) throw new KubeconfigError(file, clusterField('server'), 'no server found for the cluster');
  if (cluster.skipTLSVerify && (cluster.caFile || cluster.caData)) {
    throw new KubeconfigError(
      file,
      clusterField('insecure-skip-tls-verify'),
      'specifying a root certificates file with the insecure flag is not allowed (kubectl refuses it too)',
    );
  }
  const ca = cluster.caData
    ? pemData(file, clusterField('certificate-authority-data'), cluster.caData, 'CERTIFICATE')
    : cluster.caFile
    ? readPem(file, clusterField('certificate-authority'), cluster.caFile, 'CERTIFICATE')
    : undefined;
  const userFile = user?.sourceFile ?? file;
  const userField = (f: string) => `user "${user?.name}"${f ? ` ${f}` : ''}`;
  const hasCert = !!(user?.certData || user?.certFile);
  const hasKey = !!(user?.keyData || user?.keyFile);
  if (hasCert && !hasKey) {
    throw new KubeconfigError(userFile, userField('client-key'), 'client-key-data or client-key must be specified to use the client certificate');
  }
  if (hasKey && !hasCert) {
    throw new KubeconfigError(
      userFile,
      userField('client-certificate'),
      'client-certificate-data or client-certificate must be specified to use the client key',
    );
  }
  const cert = user?.certData
    ? pemData(userFile, userField('client-certificate-data'), user.certData, 'CERTIFICATE')
    : user?.certFile
    ? readPem(userFile, userField('client-certificate'), user.certFile, 'CERTIFICATE')
    : undefined;
  const key = user?.keyData
    ? pemData(userFile, userField('client-key-data'), user.keyData, 'PRIVATE KEY')
    : user?.keyFile
    ? readPem(userFile, userField('client-key'), user.keyFile, 'PRIVATE KEY')
    : undefined;
  const auth = user ? authOf(user, userFile, userField) : ({ kind: 'none' } as const);
  const serverName = cluster.tlsServerName;
  return {
    server: serverUrl(cluster.server, !!ca || !!cert || cluster.skipTLSVerify || !!serverName),
    context: contextName,
    cluster: cluster.name,
    user: user?.name,
    tls: { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}), ...(serverName ? { serverName } : {}), insecure: cluster.skipTLSVerify },
    auth,
    ...(cluster.proxyUrl ? { proxyUrl: checkProxyUrl(file, clusterField('proxy-url'), cluster.proxyUrl) } : {}),
    ...(context.namespace ? { namespace: context.namespace } : {}),
    ...(user?.impersonateUser ? { impersonateUser: user.impersonateUser } : {}),
    clusterInfo: {
      server: cluster.server,
      ...(cluster.caData ? { caData: cluster.caData } : ca ? { caData: ca.toString('base64') } : {}),
      ...(serverName ? { tlsServerName: serverName } : {}),
      insecure: cluster.skipTLSVerify,
      ...(cluster.proxyUrl ? { proxyUrl: cluster.proxyUrl } : {}),
    },
  };
}

function authOf(user: KubeUser, file: string, field: (f: string) => string): AuthConfig {
  // The in-cluster form (inClusterConfig.ts) spells tokenFile as client-node's auth provider.
  const provider = user.authProvider as { name?: string; config?: Record<string, string> } | undefined;
  const tokenFile = user.tokenFile ?? (provider?.name === 'tokenFile' ? provider.config?.['tokenFile'] : undefined);
  const methods = [...(user.token || tokenFile ? ['token'] : []), ...(user.username || user.password ? ['basicAuth'] : [])];
  if (methods.length > 1) {
    throw new KubeconfigError(file, field(''), `more than one authentication method found; found [${methods.join(' ')}], only one is allowed`);
  }
  if (user.exec && provider && provider.name !== 'tokenFile') throw new KubeconfigError(file, field('exec'), 'auth-provider and exec are mutually exclusive');
  if (tokenFile) {
    // kubectl reads it once up front and fails when it cannot.
    readTokenFile(file, field('tokenFile'), tokenFile);
    return { kind: 'tokenFile', file: tokenFile, ...(user.token ? { token: user.token } : {}) };
  }
  if (user.token) return { kind: 'token', token: user.token };
  if (user.username || user.password) return { kind: 'basic', username: user.username ?? '', password: user.password ?? '' };
  if (user.exec) return { kind: 'exec', exec: user.exec };
  if (provider && provider.name !== 'tokenFile') {
    if (provider.name === 'oidc' && provider.config?.['id-token']) return { kind: 'token', token: provider.config['id-token'] };
    throw new KubeconfigError(
      file,
      field('auth-provider'),
      `auth-provider "${provider.name}" is not supported (kubectl removed the gcp and azure providers in 1.26; use their exec plugins)`,
    );
  }
  return { kind: 'none' };
}

/** The token in a tokenFile, whitespace trimmed (client-go's file token source). */
export function readTokenFile(file: string, field: string, path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new KubeconfigError(file, field, `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const token = text.trim();
  if (!token) throw new KubeconfigError(file, field, `${path} is empty`);
  return token;
}

function readPem(file: string, field: string, path: string, label: string): Buffer {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (error) {
    throw new KubeconfigError(file, field, `unable to read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return checkPem(file, field, data, label);
}

function pemData(file: string, field: string, base64: string, label: string): Buffer {
  return checkPem(file, field, Buffer.from(base64, 'base64'), label);
}

function checkPem(file: string, field: string, data: Buffer, label: string): Buffer {
  // "PRIVATE KEY" also matches "EC PRIVATE KEY" and "RSA PRIVATE KEY".
  if (!new RegExp(`-----BEGIN [A-Z ]*${label}-----`).test(data.toString('latin1'))) {
    throw new KubeconfigError(file, field, `holds no PEM ${label} block`);
  }
  return data;
}

/** client-go's DefaultServerURL: a server without a scheme is https when TLS is configured, else http. */
function serverUrl(server: string, tls: boolean): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(server) ? server : `${tls ? 'https' : 'http'}://${server}`;
  return withScheme.replace(/\/+$/, '');
}

function checkProxyUrl(file: string, field: string, proxyUrl: string): string {
  let url: URL;
  try {
    url = new URL(proxyUrl);
  } catch {
    throw new KubeconfigError(file, field, `"${proxyUrl}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new KubeconfigError(file, field, `scheme "${url.protocol.replace(':', '')}" is not supported by Podnet (http and https proxies are)`);
  }
  return proxyUrl;
}
