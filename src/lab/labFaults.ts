// Runtime fault injection: what a flaky apiserver or a lossy network does to a client. Changed
// live through RunningLab.faults, the `--faults` flag or the admin endpoint /podnet-lab/faults.

export interface FaultSettings {
  /** Added before every resource request is answered. */
  latencyMs: number;
  /** Fraction (0..1) of resource requests answered with an error from `errorCodes`. */
  errorRate: number;
  errorCodes: number[];
  /** Retry-After seconds sent with 429 and 503. */
  retryAfterSeconds: number;
  /** Fraction (0..1) of resource requests whose connection is reset without an answer. */
  resetRate: number;
  /** Every watch stream is closed this many seconds after it opens (0 = never). */
  watchCutSeconds: number;
  /** This many next watches that resume from a resourceVersion get 410 Gone (an ERROR event). */
  watchGone: number;
  /** Every bearer token is refused with 401 (as if it expired); the faults endpoint still takes the admin token, so it can be cleared. */
  tokenExpired: boolean;
  /** Resources (plurals, e.g. "ipamblocks", "daemonsets") answered 403 Forbidden, as RBAC would for a non-admin. */
  forbidden: string[];
  /** Answer JSON even to clients that ask for protobuf first (a server or proxy without protobuf). */
  jsonOnly: boolean;
  /** Refuse watch-list (sendInitialEvents) with 422, as an apiserver without the WatchList feature does. */
  noWatchList: boolean;
}

export const noFaults = (): FaultSettings => ({
  latencyMs: 0,
  errorRate: 0,
  errorCodes: [500, 503, 429],
  retryAfterSeconds: 1,
  resetRate: 0,
  watchCutSeconds: 0,
  watchGone: 0,
  tokenExpired: false,
  forbidden: [],
  jsonOnly: false,
  noWatchList: false,
});

export class LabFaults {
  private settings: FaultSettings = noFaults();
  /** Called on compact(): the server forgets watch history so older resourceVersions get 410. */
  onCompact: () => void = () => undefined;

  get current(): Readonly<FaultSettings> {
    return this.settings;
  }

  private readonly listeners = new Set<() => void>();

  /** Called whenever settings change (open watches re-arm their cut timers). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(partial: Partial<FaultSettings>): void {
    this.settings = { ...this.settings, ...partial };
    for (const l of [...this.listeners]) l();
  }

  clear(): void {
    this.settings = noFaults();
    for (const l of [...this.listeners]) l();
  }

  /** Forgets the watch history now (like an etcd compaction). */
  compact(): void {
    this.onCompact();
  }

  /** Takes one forced 410, if any are armed. */
  takeWatchGone(): boolean {
    if (this.settings.watchGone <= 0) return false;
    this.settings = { ...this.settings, watchGone: this.settings.watchGone - 1 };
    return true;
  }
}

/** Parses "latency=200,error-rate=0.2,codes=500/429,reset-rate=0.05,watch-cut=10,watch-gone=1,token-expired,forbid=ipamblocks/daemonsets,json-only,no-watch-list". */
export function parseFaults(text: string): Partial<FaultSettings> {
  const out: Partial<FaultSettings> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [key, value = 'true'] = part.split('=');
    const num = Number(value);
    const needNumber = (): number => {
      if (!Number.isFinite(num) || num < 0) throw new Error(`fault "${key}" needs a non-negative number, got "${value}"`);
      return num;
    };
    switch (key) {
      case 'latency':
        out.latencyMs = needNumber();
        break;
      case 'error-rate':
        out.errorRate = Math.min(1, needNumber());
        break;
      case 'codes':
        out.errorCodes = value.split('/').map(Number).filter((c) => c >= 400 && c < 600);
        break;
      case 'retry-after':
        out.retryAfterSeconds = needNumber();
        break;
      case 'reset-rate':
        out.resetRate = Math.min(1, needNumber());
        break;
      case 'watch-cut':
        out.watchCutSeconds = needNumber();
        break;
      case 'watch-gone':
        out.watchGone = needNumber();
        break;
      case 'token-expired':
        out.tokenExpired = value !== 'false';
        break;
      case 'forbid':
        out.forbidden = value.split('/').filter(Boolean);
        break;
      case 'json-only':
        out.jsonOnly = value !== 'false';
        break;
      case 'no-watch-list':
        out.noWatchList = value !== 'false';
        break;
      default:
        throw new Error(
          `unknown fault "${key}" (known: latency, error-rate, codes, retry-after, reset-rate, watch-cut, watch-gone, token-expired, forbid, json-only, no-watch-list)`,
        );
    }
  }
  return out;
}
