// GET and streaming GET for the list+watch machinery, over the one connection layer
// (kubeConnection.ts: TLS, credentials, proxy). Bodies are read raw: typed deserialisation is what
// makes client-node's list calls slow. Single GETs retry like client-go (requestRetry.ts).
import { performance } from 'node:perf_hooks';
import type * as http from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ConnectionOptions } from './kubeConnection';
import { KubeConnection } from './kubeConnection';
import { KubeHttpError, ResourceExpiredError } from './kubeErrors';
import { describeNetworkError } from './networkErrors';
import type { RetryNotice, RetryPolicy } from './requestRetry';
import { withRetries } from './requestRetry';
import { parseRetryAfter, statusRetryAfterMs } from './retryAfter';
import { statusBodyText } from './protobuf/k8sProtobuf';

export interface StreamHandlers {
  /** Called with each complete line (a watch event's JSON). */
  onLine(line: string): void;
}

export interface TransportOptions extends ConnectionOptions {
  /** A request (or a page's body) silent for this long fails and is retried. */
  readonly requestTimeoutMs?: number;
  readonly retryPolicy?: RetryPolicy;
  /** A GET is about to be retried (for "server busy, retrying in 2 s"). */
  readonly onRetry?: (path: string, notice: RetryNotice) => void;
}

/** How one GET is made: all optional. */
export interface GetOptions {
  readonly signal?: AbortSignal | undefined;
  /** Silence after which the request fails and is retried (default: the transport's requestTimeoutMs, else 30 s). */
  readonly timeoutMs?: number | undefined;
  /** This GET is about to be retried. */
  readonly onRetry?: ((notice: RetryNotice) => void) | undefined;
  /** The first bytes of a 2xx body as they arrive (a list's continue token, before the rest). */
  readonly onHead?: OnHead | undefined;
}

export class KubeTransport {
  readonly server: string;
  readonly connection: KubeConnection;

  constructor(
    kubeConfig: KubeConfig | KubeConnection,
    private readonly options: TransportOptions = {},
  ) {
    this.connection = kubeConfig instanceof KubeConnection ? kubeConfig : new KubeConnection(kubeConfig, options);
    this.server = this.connection.server;
  }

  /** GET → body text, retried on 429/5xx/resets; throws KubeHttpError for non-2xx (ResourceExpiredError for 410). */
  get(path: string, options: GetOptions = {}): Promise<string> {
    return this.retried(path, () => this.getOnce(path, options), options);
  }

  /** One GET under client-go style retries, telling the transport's and the caller's listeners. */
  private retried<T>(path: string, once: () => Promise<T>, { signal, onRetry }: GetOptions): Promise<T> {
    return withRetries(once, {
      signal,
      ...(this.options.retryPolicy ? { policy: this.options.retryPolicy } : {}),
      onRetry: (n) => {
        this.options.onRetry?.(path, n);
        onRetry?.(n);
      },
    });
  }

  private async getOnce(path: string, options: GetOptions): Promise<string> {
    const res = await this.connection.send(path, { signal: options.signal, timeoutMs: this.timeoutOf(options) });
    const body = (await this.readBytes(res, okHead(res, options.onHead))).toString('utf8');
    if ((res.statusCode ?? 0) >= 300) throw statusError(res, body);
    return body;
  }

  /** Streams a watch: resolves when the server ends it, rejects on error or abort. */
  async stream(path: string, handlers: StreamHandlers, signal: AbortSignal, idleTimeoutMs: number): Promise<void> {
    const res = await this.connection.send(path, { signal, timeoutMs: idleTimeoutMs });
    if ((res.statusCode ?? 0) >= 300) throw statusError(res, await this.readBody(res));
    res.setEncoding('utf8');
    let rest = '';
    for await (const chunk of inTurns(res)) {
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
  /** GET with an Accept header → body bytes and Content-Type, retried like get(); protobuf Status bodies read too. */
  getBytes(path: string, accept: string, options: GetOptions = {}): Promise<{ body: Buffer; contentType: string }> {
    return this.retried(path, () => this.getBytesOnce(path, accept, options), options);
  }

  private async getBytesOnce(path: string, accept: string, options: GetOptions): Promise<{ body: Buffer; contentType: string }> {
    const res = await this.connection.send(path, { signal: options.signal, timeoutMs: this.timeoutOf(options), accept });
    const body = await this.readBytes(res, okHead(res, options.onHead));
    if ((res.statusCode ?? 0) >= 300) throw statusError(res, statusBodyText(body));
    return { body, contentType: String(res.headers['content-type'] ?? '') };
  }

  private timeoutOf(options: GetOptions): number {
    return options.timeoutMs ?? this.options.requestTimeoutMs ?? 30_000;
  }

  /** Streams a watch as bytes: onChunk gets each chunk with the response's Content-Type. */
  async streamBytes(
    path: string,
    accept: string,
    onChunk: (chunk: Buffer, contentType: string) => void,
    signal: AbortSignal,
    idleTimeoutMs: number,
  ): Promise<void> {
    const res = await this.connection.send(path, { signal, timeoutMs: idleTimeoutMs, accept });
    if ((res.statusCode ?? 0) >= 300) throw statusError(res, statusBodyText(await this.readBytes(res)));
    const contentType = String(res.headers['content-type'] ?? '');
    for await (const chunk of inTurns(res)) onChunk(chunk as Buffer, contentType);
  }

  private async readBody(res: http.IncomingMessage): Promise<string> {
    return (await this.readBytes(res)).toString('utf8');
  }

  private async readBytes(res: http.IncomingMessage, onHead?: (head: Buffer, contentType: string) => void): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    let headTold = !onHead;
    try {
      for await (const chunk of res) {
        chunks.push(chunk as Buffer);
        size += (chunk as Buffer).length;
        if (!headTold && size >= HEAD_BYTES) {
          headTold = true;
          onHead!(Buffer.concat(chunks), String(res.headers['content-type'] ?? ''));
        }
      }
    } catch (error) {
      // Cut mid-body (a reset, a stall): the same class as a reset before the answer.
      throw describeNetworkError(error, this.server);
    }
    if (!res.complete) throw describeNetworkError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), this.server);
    return Buffer.concat(chunks);
  }
  // --- end of byte bodies ---

  dispose(): void {
    this.connection.dispose();
  }
}

/** The first bytes of a body with its Content-Type (told once, when HEAD_BYTES have arrived). */
export type OnHead = (head: Buffer, contentType: string) => void;

/** Enough for a List's kind, apiVersion and metadata (the continue token) in JSON or protobuf. */
const HEAD_BYTES = 4096;

/** onHead, for a 2xx answer only (an error's body is no list). */
const okHead = (res: http.IncomingMessage, onHead: OnHead | undefined): OnHead | undefined => ((res.statusCode ?? 0) < 300 ? onHead : undefined);

export function statusError(res: http.IncomingMessage, body: string): Error {
  const status = res.statusCode ?? 0;
  let reason = '';
  let message = `HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`;
  let bodyRetryMs: number | undefined;
  try {
    const s = JSON.parse(body) as { reason?: string; message?: string; details?: { retryAfterSeconds?: unknown } };
    reason = s.reason ?? '';
    if (s.message) message = `${message}: ${s.message}`;
    bodyRetryMs = statusRetryAfterMs(s);
  } catch {
    // Not a Status object (a proxy's HTML page, say): keep the code and the start of the text.
    const text = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
    if (text) message = `${message}: ${text.slice(0, 200)}`;
  }
  if (status === 410) return new ResourceExpiredError(message);
  // Header and body normally agree; if they do not, the longer wait is the one that respects both.
  const headerRetryMs = parseRetryAfter(res.headers['retry-after']);
  const retryAfterMs = headerRetryMs === undefined && bodyRetryMs === undefined ? undefined : Math.max(headerRetryMs ?? 0, bodyRetryMs ?? 0);
  return new KubeHttpError(status, reason, message, retryAfterMs);
}

/** Between two turns of the event loop, at most this long handling a watch's chunks. */
const STREAM_TURN_MS = 8;
/** A chunk bigger than this is handed on in pieces (cut after a newline): a backlog read at once is many events. */
const PIECE_BYTES = 16 * 1024;

/**
 * A stream's chunks with a turn of the event loop after each STREAM_TURN_MS of handling them:
 * chunks already buffered would otherwise all be handled in one run of microtasks, and one big
 * chunk in one call (2,000 pod events/s blocked the extension host for 100–300 ms at a time,
 * bench/extensionHostChurn.ts). Pieces end after a newline byte, never inside a UTF-8 character.
 */
async function* inTurns(res: AsyncIterable<unknown>): AsyncGenerator<unknown> {
  let since = performance.now();
  for await (const chunk of res) {
    for (const piece of pieces(chunk as Buffer | string)) {
      yield piece;
      if (performance.now() - since >= STREAM_TURN_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        since = performance.now();
      }
    }
  }
}

function* pieces(chunk: Buffer | string): Generator<Buffer | string> {
  let start = 0;
  while (chunk.length - start > PIECE_BYTES) {
    const nl = typeof chunk === 'string' ? chunk.indexOf('\n', start + PIECE_BYTES) : chunk.indexOf(10, start + PIECE_BYTES);
    if (nl < 0) break;
    yield chunk.slice(start, nl + 1);
    start = nl + 1;
  }
  yield start === 0 ? chunk : chunk.slice(start);
}
