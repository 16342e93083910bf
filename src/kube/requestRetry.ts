// Retries like client-go's for single requests and list pages: 429, 500, 502, 503 and 504 and
// connections reset before an answer, with exponential backoff and jitter, never sooner than
// the server's Retry-After, at most `maxTries` attempts in all.
import { KubeHttpError } from './kubeErrors';
import { KubeNetworkError } from './networkErrors';

export const retryableStatuses: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

export interface RetryPolicy {
  readonly maxTries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Longest Retry-After honoured (a broken header must not freeze the client for hours). */
  readonly maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxTries: 10, baseDelayMs: 250, maxDelayMs: 30_000, maxRetryAfterMs: 60_000 };

export interface RetryNotice {
  /** The try that failed (1-based) and how many are allowed. */
  readonly attempt: number;
  readonly maxTries: number;
  readonly delayMs: number;
  readonly error: Error;
}

export function isRetryable(error: unknown): boolean {
  if (error instanceof KubeHttpError) return retryableStatuses.has(error.status);
  return error instanceof KubeNetworkError && error.failure === 'reset';
}

/** The wait before try `attempt + 1`: backoff with ±50 % jitter, at least the server's Retry-After. */
export function retryDelayMs(error: unknown, attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)) * (0.5 + random());
  const asked = error instanceof KubeHttpError && error.retryAfterMs !== undefined ? Math.min(error.retryAfterMs, policy.maxRetryAfterMs) : 0;
  return Math.round(Math.max(asked, backoff));
}

export async function withRetries<T>(
  attempt: () => Promise<T>,
  opts: { readonly signal?: AbortSignal | undefined; readonly policy?: RetryPolicy; readonly onRetry?: ((notice: RetryNotice) => void) | undefined } = {},
): Promise<T> {
  const policy = opts.policy ?? defaultRetryPolicy;
  for (let n = 1;; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= policy.maxTries || !isRetryable(error) || opts.signal?.aborted) throw error;
      const delayMs = retryDelayMs(error, n, policy);
      opts.onRetry?.({ attempt: n, maxTries: policy.maxTries, delayMs, error: error as Error });
      await sleep(delayMs, opts.signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** "server busy (HTTP 503 …), retrying in 2 s (try 2 of 10)". */
export function describeRetry(what: string, n: RetryNotice): string {
  const why = n.error instanceof KubeHttpError && (n.error.status === 429 || n.error.status === 503) ? 'server busy' : 'request failed';
  return `${what}: ${why} (${n.error.message}), retrying in ${(n.delayMs / 1000).toFixed(n.delayMs < 10_000 ? 1 : 0)} s (try ${
    n.attempt + 1
  } of ${n.maxTries})`;
}
