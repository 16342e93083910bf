// GET and streaming GET against the API server with client-node doing auth and TLS
// (applyToHTTPSOptions: tokens, exec plugins, client certificates, CA). Bodies are read raw:
// client-node's typed deserialisation is what makes its list calls slow.
import * as http from 'node:http';
import * as https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeHttpError, ResourceExpiredError } from './kubeErrors';
import { parseRetryAfter, statusRetryAfterMs } from './retryAfter';
import { statusBodyText } from './protobuf/k8sProtobuf';

export interface StreamHandlers {
  /** Called with each complete line (a watch event's JSON). */
  onLine(line: string): void;
}

export class KubeTransport {
  readonly server: string;
  private agent: https.Agent | undefined;
  private agentKey = '';

  constructor(private readonly kubeConfig: KubeConfig) {
    const server = kubeConfig.getCurrentCluster()?.server;
    if (!server) throw new Error('the current context names no cluster server');
    this.server = server.replace(/\/+$/, '');
  }

  /** GET → body text; throws KubeHttpError for non-2xx (ResourceExpiredError for 410). */
  async get(path: string, signal?: AbortSignal, timeoutMs = 60_000): Promise<string> {
    const res = await this.request(path, signal, timeoutMs);
    res.setEncoding('utf8');
    const chunks: string[] = [];
    for await (const chunk of res) chunks.push(chunk as string);
    const body = chunks.join('');
    if ((res.statusCode ?? 0) >= 300) throw statusError(res, body);
    return body;
  }

  /** Streams a watch: resolves when the server ends it, rejects on error or abort. */
  async stream(path: string, handlers: StreamHandlers, signal: AbortSignal, idleTimeoutMs: number): Promise<void> {
    const res = await this.request(path, signal, idleTimeoutMs);
    res.setEncoding('utf8');
    if ((res.statusCode ?? 0) >= 300) {
      let body = '';
      for await (const chunk of res) body += chunk as string;
      throw statusError(res, body);
    }
    let rest = '';
    for await (const chunk of res) {
      const text = rest + (chunk as string);
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        const line = text.slice(start, nl);
        start = nl + 1;
        if (line.trim()) handlers.onLine(line);
      }
      rest = text.slice(start);
    }
    if (rest.trim()) handlers.onLine(rest);
  }

  // --- Byte bodies for content negotiation (Kubernetes protobuf: src/kube/protobuf/negotiation.ts) ---
  /** GET with an Accept header → body bytes and Content-Type; errors as get() (protobuf Status bodies read too). */
  async getBytes(path: string, accept: string, signal?: AbortSignal, timeoutMs = 60_000): Promise<{ body: Buffer; contentType: string }> {
    const res = await this.request(path, signal, timeoutMs, accept);
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if ((res.statusCode ?? 0) >= 300) throw statusError(res, statusBodyText(body));
    return { body, contentType: String(res.headers['content-type'] ?? '') };
  }

  /** Streams a watch as bytes: onChunk gets each chunk with the response's Content-Type. */
  async streamBytes(path: string, accept: string, onChunk: (chunk: Buffer, contentType: string) => void, signal: AbortSignal, idleTimeoutMs: number): Promise<void> {
    const res = await this.request(path, signal, idleTimeoutMs, accept);
    if ((res.statusCode ?? 0) >= 300) {
      const chunks: Buffer[] = [];
      for await (const chunk of res) chunks.push(chunk as Buffer);
      throw statusError(res, statusBodyText(Buffer.concat(chunks)));
    }
    const contentType = String(res.headers['content-type'] ?? '');
    for await (const chunk of res) onChunk(chunk as Buffer, contentType);
  }
  // --- end of byte bodies ---

  private async request(path: string, signal: AbortSignal | undefined, timeoutMs: number, accept = 'application/json'): Promise<http.IncomingMessage> {
    const url = new URL(this.server + path);
    const opts: https.RequestOptions = { method: 'GET', headers: { Accept: accept } };
    await this.kubeConfig.applyToHTTPSOptions(opts);
    const isHttps = url.protocol === 'https:';
    const cluster = this.kubeConfig.getCurrentCluster();
    // client-node builds a fresh agent per call; keep one keep-alive agent per TLS identity
    // (unless a proxy agent is needed) so paging does not redo the TLS handshake.
    if (isHttps && !cluster?.proxyUrl) opts.agent = this.sharedAgent(opts);
    const lib = isHttps ? https : http;
    return new Promise((resolve, reject) => {
      const req = lib.request(url, { ...opts, signal }, (res) => resolve(res));
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer from ${url.host} within ${timeoutMs / 1000}s`)));
      req.on('error', reject);
      req.end();
    });
  }

  private sharedAgent(opts: https.RequestOptions): https.Agent {
    const key = [opts.ca, opts.cert, opts.key, opts.pfx, opts.servername, opts.rejectUnauthorized].map((v) => String(v ?? '')).join('\0');
    if (!this.agent || key !== this.agentKey) {
      this.agent?.destroy();
      const agentOpts: https.AgentOptions = { keepAlive: true, maxSockets: 16 };
      if (opts.ca) agentOpts.ca = opts.ca;
      if (opts.cert) agentOpts.cert = opts.cert;
      if (opts.key) agentOpts.key = opts.key;
      if (opts.pfx) agentOpts.pfx = opts.pfx;
      if (opts.passphrase) agentOpts.passphrase = opts.passphrase;
      if (opts.servername) agentOpts.servername = opts.servername;
      // Only a kubeconfig's explicit insecure-skip-tls-verify turns verification off.
      if (opts.rejectUnauthorized === false) agentOpts.rejectUnauthorized = false;
      this.agent = new https.Agent(agentOpts);
      this.agentKey = key;
    }
    return this.agent;
  }

  dispose(): void {
    this.agent?.destroy();
    this.agent = undefined;
  }
}

function statusError(res: http.IncomingMessage, body: string): Error {
  const status = res.statusCode ?? 0;
  let reason = '';
  let message = `HTTP ${status}`;
  let bodyRetryMs: number | undefined;
  try {
    const s = JSON.parse(body) as { reason?: string; message?: string; details?: { retryAfterSeconds?: unknown } };
    reason = s.reason ?? '';
    if (s.message) message = `${message}: ${s.message}`;
    bodyRetryMs = statusRetryAfterMs(s);
  } catch {
    // Not a Status object (a proxy's HTML page, say): keep the bare code.
  }
  if (status === 410) return new ResourceExpiredError(message);
  // Header and body normally agree; if they do not, the longer wait is the one that respects both.
  const headerRetryMs = parseRetryAfter(res.headers['retry-after']);
  const retryAfterMs = headerRetryMs === undefined && bodyRetryMs === undefined ? undefined : Math.max(headerRetryMs ?? 0, bodyRetryMs ?? 0);
  return new KubeHttpError(status, reason, message, retryAfterMs);
}
