// proxy-url: keep-alive agents whose sockets are tunnels (HTTP CONNECT) through the proxy. One
// agent per connection, so a tunnel carries many requests instead of one tunnel per request.
import * as http from 'node:http';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';

type Callback = (error: Error | null, socket: Duplex) => void;
// Node's agent accepts an error without a socket; its typings do not say so.
const fail = (callback: Callback | undefined, error: Error): void => callback?.(error, undefined as unknown as Duplex);

function openTunnel(proxy: URL, host: string, port: number, done: (error: Error | null, socket?: Duplex) => void): void {
  const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const headers: Record<string, string> = { Host: target };
  if (proxy.username) {
    headers['Proxy-Authorization'] = `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`;
  }
  const lib = proxy.protocol === 'https:' ? https : http;
  const req = lib.request({
    host: proxy.hostname.replace(/^\[|\]$/g, ''),
    port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
    method: 'CONNECT',
    path: target,
    headers,
    agent: false,
  });
  req.once('connect', (res, socket) => {
    if (res.statusCode !== 200) {
      socket.destroy();
      done(new Error(`proxy ${proxy.host} refused the tunnel to ${target}: HTTP ${res.statusCode ?? '?'} ${res.statusMessage ?? ''}`.trim()));
      return;
    }
    done(null, socket);
  });
  req.once('error', (error) => done(new Error(`proxy ${proxy.host}: ${error.message}`, { cause: error })));
  req.end();
}

export class HttpsProxyAgent extends https.Agent {
  constructor(
    private readonly proxy: URL,
    options: https.AgentOptions,
  ) {
    super(options);
  }

  override createConnection(options: tls.ConnectionOptions & { host?: string; port?: number }, callback?: Callback): Duplex | undefined {
    openTunnel(this.proxy, options.host ?? 'localhost', options.port ?? 443, (error, socket) => {
      if (error || !socket) return fail(callback, error ?? new Error('no tunnel'));
      const secure = tls.connect({ ...options, socket });
      callback?.(null, secure);
    });
    return undefined;
  }
}

export class HttpProxyAgent extends http.Agent {
  constructor(
    private readonly proxy: URL,
    options: http.AgentOptions,
  ) {
    super(options);
  }

  override createConnection(options: { host?: string; port?: number }, callback?: Callback): Duplex | undefined {
    openTunnel(
      this.proxy,
      options.host ?? 'localhost',
      options.port ?? 80,
      (error, socket) => (error || !socket ? fail(callback, error ?? new Error('no tunnel')) : callback?.(null, socket)),
    );
    return undefined;
  }
}
