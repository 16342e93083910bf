// The one connection layer to an API server: the extension, the CLI and the CNI installer all
// send through it. It replaces client-node's applyToHTTPSOptions, whose rules differ from
// kubectl's (it refuses plain http, runs an exec plugin per request, opens a proxy tunnel per
// request): one keep-alive agent per TLS identity, credentials cached as client-go caches them,
// and on a 401 a fresh exec credential or re-read tokenFile and one more try.
import * as http from 'node:http';
import * as https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ConnectionConfig } from './connectionConfig';
import { connectionConfig, readTokenFile } from './connectionConfig';
import type { ExecCredentials } from './execCredential';
import { ExecCredentialSource } from './execCredential';
import { describeNetworkError } from './networkErrors';
import { HttpProxyAgent, HttpsProxyAgent } from './proxyAgent';

export interface ConnectionOptions {
  /** May an exec plugin prompt (a terminal on stdin)? Default false (the extension). */
  readonly interactive?: boolean;
  /** Called each time an exec plugin runs. */
  readonly onExecRun?: () => void;
}

export interface SendOptions {
  readonly method?: string;
  readonly body?: string;
  readonly contentType?: string;
  readonly accept?: string;
  readonly signal?: AbortSignal | undefined;
  /** No response headers, or a silent socket, for this long fails the request. */
  readonly timeoutMs?: number;
}

/** client-go re-reads a tokenFile about once a minute (a rotated token is picked up). */
const tokenFileRereadMs = 60_000;

interface Credentials {
  readonly headers: Record<string, string>;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly exec?: ExecCredentials;
}

export class KubeConnection {
  readonly config: ConnectionConfig;
  readonly server: string;
  private agent: http.Agent | undefined;
  private agentKey: unknown;
  private readonly exec: ExecCredentialSource | undefined;
  private fileToken: { token: string; readAt: number } | undefined;

  constructor(kubeConfig: KubeConfig | ConnectionConfig, options: ConnectionOptions = {}) {
    this.config = 'getCurrentContext' in kubeConfig ? connectionConfig(kubeConfig) : kubeConfig;
    this.server = this.config.server;
    const auth = this.config.auth;
    this.exec = auth.kind === 'exec'
      ? new ExecCredentialSource(auth.exec, {
        interactive: options.interactive ?? false,
        clusterInfo: this.config.clusterInfo,
        ...(options.onExecRun ? { onRun: options.onExecRun } : {}),
      })
      : undefined;
  }

  /** Sends one request; the response is the caller's to read (status not checked here). */
  async send(path: string, opts: SendOptions = {}): Promise<http.IncomingMessage> {
    let creds = await this.credentials(false);
    let res = await this.sendOnce(path, opts, creds);
    if (res.statusCode === 401 && this.canRefresh()) {
      res.resume();
      if (creds.exec) this.exec?.invalidate(creds.exec);
      creds = await this.credentials(true);
      res = await this.sendOnce(path, opts, creds);
    }
    return res;
  }

  dispose(): void {
    this.agent?.destroy();
    this.agent = undefined;
  }

  private canRefresh(): boolean {
    return this.config.auth.kind === 'exec' || this.config.auth.kind === 'tokenFile';
  }

  private async credentials(refresh: boolean): Promise<Credentials> {
    const headers: Record<string, string> = {};
    const auth = this.config.auth;
    let exec: ExecCredentials | undefined;
    if (auth.kind === 'token') headers['Authorization'] = `Bearer ${auth.token}`;
    else if (auth.kind === 'basic') headers['Authorization'] = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    else if (auth.kind === 'tokenFile') {
      const token = this.tokenFromFile(auth.file, refresh) ?? auth.token;
      if (token) headers['Authorization'] = `Bearer ${token}`;
    } else if (auth.kind === 'exec' && this.exec) {
      exec = await this.exec.get();
      if (exec.token) headers['Authorization'] = `Bearer ${exec.token}`;
    }
    if (this.config.impersonateUser) headers['Impersonate-User'] = this.config.impersonateUser;
    const cert = exec?.cert ?? this.config.tls.cert;
    const key = exec?.key ?? this.config.tls.key;
    return { headers, ...(cert && key ? { cert, key } : {}), ...(exec ? { exec } : {}) };
  }

  private tokenFromFile(file: string, force: boolean): string | undefined {
    const now = Date.now();
    if (force || !this.fileToken || now - this.fileToken.readAt >= tokenFileRereadMs) {
      try {
        this.fileToken = { token: readTokenFile(file, 'tokenFile', file), readAt: now };
      } catch {
        // client-go keeps the last good token while the file is briefly missing (a rotation).
        if (this.fileToken) this.fileToken = { ...this.fileToken, readAt: now };
      }
    }
    return this.fileToken?.token;
  }

  private agentFor(creds: Credentials): http.Agent {
    // The identity changes only when an exec plugin hands out a new client certificate.
    const key = creds.cert;
    if (this.agent && this.agentKey === key) return this.agent;
    this.agent?.destroy();
    this.agent = this.makeAgent(creds);
    this.agentKey = key;
    return this.agent;
  }

  private makeAgent(creds: Credentials): http.Agent {
    const url = new URL(this.server);
    const proxy = this.config.proxyUrl ? new URL(this.config.proxyUrl) : undefined;
    const base = { keepAlive: true, maxSockets: 16 };
    if (url.protocol === 'https:') {
      const opts: https.AgentOptions = { ...base, ...this.tlsOptions(creds) };
      return proxy ? new HttpsProxyAgent(proxy, opts) : new https.Agent(opts);
    }
    return proxy ? new HttpProxyAgent(proxy, base) : new http.Agent(base);
  }

  /**
   * The kubeconfig's TLS settings, on the agent and on every request: VS Code's proxy support
   * (http.proxySupport "override", its default) swaps an extension's agent for its own on any
   * server but localhost and 127.0.0.1 and keeps only the agent's `ca`, so a client certificate,
   * insecure-skip-tls-verify or tls-server-name set on the agent alone never reached the server.
   */
  private tlsOptions(creds: Credentials): Pick<https.AgentOptions, 'ca' | 'cert' | 'key' | 'servername' | 'rejectUnauthorized'> {
    const t = this.config.tls;
    return {
      ...(t.ca ? { ca: t.ca } : {}),
      ...(creds.cert && creds.key ? { cert: creds.cert, key: creds.key } : {}),
      ...(t.serverName ? { servername: t.serverName } : {}),
      // Only a kubeconfig's explicit insecure-skip-tls-verify turns verification off.
      rejectUnauthorized: !t.insecure,
    };
  }

  private sendOnce(path: string, opts: SendOptions, creds: Credentials): Promise<http.IncomingMessage> {
    const url = new URL(this.server + path);
    const lib = url.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = { Accept: opts.accept ?? 'application/json', 'User-Agent': 'podnet', ...creds.headers };
    if (opts.body !== undefined) {
      headers['Content-Type'] = opts.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(opts.body));
    }
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const tls = url.protocol === 'https:' ? this.tlsOptions(creds) : {};
    return new Promise((resolve, reject) => {
      const req = lib.request(
        url,
        { method: opts.method ?? 'GET', headers, agent: this.agentFor(creds), ...tls, ...(opts.signal ? { signal: opts.signal } : {}) },
        (res) => resolve(res),
      );
      req.setTimeout(timeoutMs, () => {
        const error = Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { code: 'PODNET_TIMEOUT' });
        req.destroy(error);
      });
      req.on('error', (error) => reject(opts.signal?.aborted ? error : describeNetworkError(error, this.server, this.config.tls.serverName)));
      if (opts.body !== undefined) req.write(opts.body);
      req.end();
    });
  }
}
