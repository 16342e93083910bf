// The server's "come back later": the Retry-After header (RFC 9110: delta-seconds or an HTTP-date)
// and the Status body's details.retryAfterSeconds, which the API server sets on 429s.

/** Milliseconds from `now` the header asks to wait, or undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, now: number = Date.now()): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Only a date with letters in it: Date.parse would also take "1.5" or "-3" as a year.
  if (!/[a-z]/i.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** details.retryAfterSeconds of a Status body, in milliseconds. */
export function statusRetryAfterMs(status: { details?: { retryAfterSeconds?: unknown } } | undefined): number | undefined {
  const seconds = status?.details?.retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}
