// A minimal Kubernetes API client on node:https alone, so the agent runs in a stock Node image.
// TLS is always verified against the service-account CA; the token is re-read per request because
// projected service-account tokens rotate.
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { readReply, statusOf } from './httpReply';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

export class ApiClient {
  private ca: Buffer | undefined;

  constructor(
    private readonly server: string,
    private readonly tokenFile: string,
    private readonly caFile: string,
  ) {}

  private options(method: string, path: string, headers: Record<string, string>): Parameters<typeof request>[1] {
    this.ca ??= readFileSync(this.caFile);
    const url = new URL(path, this.server);
    const token = readFileSync(this.tokenFile, 'utf8').trim();
    return {
      method,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || 443,
      path: url.pathname + url.search,
      ca: this.ca,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...headers },
    };
  }

  /** One request with a JSON reply; rejects with ApiError on non-2xx. */
  requestJson<T>(method: string, path: string, body?: unknown, contentType = 'application/json', timeoutMs = 15_000): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = payload === undefined ? {} : { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(payload)) };
    return new Promise<T>((resolve, reject) => {
      const req = request(this.options(method, path, headers), (res) => {
        readReply(res).then(({ status, text }) => {
          if (status < 200 || status >= 300) throw new ApiError(`${method} ${path}: HTTP ${status} ${statusOf(text).message}`, status);
          return JSON.parse(text) as T;
        }).then(resolve, reject);
      });
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${path}: timed out after ${timeoutMs} ms`)));
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  get<T>(path: string): Promise<T> {
    return this.requestJson<T>('GET', path);
  }

  /**
   * Streams a watch: calls onOpen once the server accepted it, then onEvent per line until the
   * server closes, the signal aborts or an error occurs. Resolves when the stream ends normally;
   * rejects on HTTP errors (410 Gone included).
   */
  watch<T>(path: string, onEvent: (event: WatchEvent<T>) => void, signal: AbortSignal, onOpen?: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const req = request(this.options('GET', path, {}), (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        if (status === 200) onOpen?.();
        else {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => reject(new ApiError(`watch ${path}: HTTP ${status} ${statusOf(Buffer.concat(chunks).toString('utf8')).message}`, status)));
          return;
        }
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let newline = buffered.indexOf('\n');
          while (newline >= 0) {
            const line = buffered.slice(0, newline).trim();
            buffered = buffered.slice(newline + 1);
            if (line) {
              try {
                onEvent(JSON.parse(line) as WatchEvent<T>);
              } catch (error) {
                req.destroy(error instanceof Error ? error : new Error(String(error)));
                return;
              }
            }
            newline = buffered.indexOf('\n');
          }
        });
        res.on('end', () => resolve());
        res.on('error', reject);
      });
      const abort = (): void => {
        req.destroy();
        resolve();
      };
      if (signal.aborted) abort();
      signal.addEventListener('abort', abort, { once: true });
      req.on('error', (error) => (signal.aborted ? resolve() : reject(error)));
      req.on('close', () => signal.removeEventListener('abort', abort));
      req.end();
    });
  }
}
