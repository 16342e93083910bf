// List (paged: kube/pagedList.ts; or a watch-list stream) then watch from the list's
// resourceVersion; reconnect with capped backoff, resume from the last resourceVersion seen,
// list again on 410.
import type { KubeTransport } from './kubeTransport';
import type { KubeErrorKind } from './kubeErrors';
import { classifyKubeError, errorText, KubeHttpError, ResourceExpiredError } from './kubeErrors';
import { pagedList } from './pagedList';
import type { ProtobufKind, RawWatchEvent } from './protobuf/negotiation';
import { protobufKindFor, streamNegotiatedWatch } from './protobuf/negotiation';
import { describeRetry, isRetryable } from './requestRetry';
import type { ResourceSink, ResourceSpec } from './resourceSpec';
import { initialEventsEnd, rejectsWatchList, watchListQuery } from './watchList';

/** A watch that fails to (re)open with a transient error is retried this often before the kind reports it. */
const quietWatchRetries = 3;

export type ListWatchState =
  | { readonly phase: 'listing' }
  | { readonly phase: 'watching' }
  /** listOnly: the first list is done and no watch follows (one-shot readers). */
  | { readonly phase: 'listed' }
  /** transient: a request is being retried (busy server, reset) and may still succeed: trouble to show, not a verdict. */
  | { readonly phase: 'retrying'; readonly error: string; readonly kind: KubeErrorKind; readonly transient?: boolean }
  /** Forbidden (RBAC) or absent (CRD not installed): not an outage, retried slowly. */
  | { readonly phase: 'unavailable'; readonly error: string; readonly kind: KubeErrorKind }
  | { readonly phase: 'stopped' };

export interface ListWatchOptions {
  readonly onState?: (state: ListWatchState) => void;
  /** Called after each applied page or watch batch with its object/event count (for coalesced refreshes). */
  readonly onApplied?: (count: number) => void;
  /** During a list: objects received so far (after each page). */
  readonly onListProgress?: (listed: number) => void;
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Longest wait a server's Retry-After can impose (default 60 s). */
  readonly maxRetryAfterMs?: number;
  /** Retry period for forbidden/absent kinds. */
  readonly unavailableRetryMs?: number;
  /** Server-side watch timeout; the watch is re-opened from the last resourceVersion after it. */
  readonly watchTimeoutSeconds?: number;
  /** Client-side: a watch silent for this long (no event, no bookmark) is re-opened. */
  readonly watchIdleMs?: number;
  /** List once and stop: a one-shot reader (podnet inspect) needs no watch, and opens fewer connections. */
  readonly listOnly?: boolean;
  /** Resume: watch from this resourceVersion without listing first (the sink already holds the state). */
  readonly initialResourceVersion?: string;
  /** Ask for Kubernetes protobuf for the core kinds Podnet decodes (default true; JSON fallback per kind and server). */
  readonly protobuf?: boolean;
  /** Start with a watch-list stream instead of a paged LIST (default false; LIST when the server rejects it). */
  readonly watchList?: boolean;
}

export class ListWatch<T> {
  private readonly abort = new AbortController();
  private resourceVersion: string | undefined;
  private pathIndex = 0;
  private firstSync: { promise: Promise<void>; resolve: () => void };
  private stateValue: ListWatchState = { phase: 'listing' };
  private running = false;
  private wake: (() => void) | undefined;
  /** Set when this server answered this kind in JSON or rejected protobuf. */
  private protobufOff = false;
  /** Set when this server rejected watch-list or did not end its initial events with the bookmark. */
  private watchListOff = false;
  /** The last watch-list failed before its bookmark: list once (as client-go does), then try again. */
  private listNext = false;

  constructor(
    private readonly transport: KubeTransport,
    private readonly spec: ResourceSpec<T>,
    private readonly sink: ResourceSink<T>,
    private readonly options: ListWatchOptions = {},
  ) {
    let resolve!: () => void;
    this.firstSync = { promise: new Promise<void>((r) => (resolve = r)), resolve };
    this.firstSync.resolve = resolve;
    if (options.initialResourceVersion) {
      this.resourceVersion = options.initialResourceVersion;
      resolve();
    }
  }

  get state(): ListWatchState {
    return this.stateValue;
  }

  /** Resolves once the first list finished, or the kind turned out to be unavailable/failing. */
  get synced(): Promise<void> {
    return this.firstSync.promise;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  stop(): void {
    this.abort.abort();
    this.wake?.();
    this.setState({ phase: 'stopped' });
  }

  /** Skip a pending backoff and retry now (the user pressed Refresh). */
  retryNow(): void {
    this.wake?.();
  }

  private setState(state: ListWatchState): void {
    this.stateValue = state;
    this.options.onState?.(state);
  }

  private async loop(): Promise<void> {
    const min = this.options.minBackoffMs ?? 250;
    const max = this.options.maxBackoffMs ?? 3_000;
    let backoff = min;
    let watchFailures = 0;
    while (!this.abort.signal.aborted) {
      try {
        if (this.resourceVersion === undefined) {
          this.setState({ phase: 'listing' });
          if (this.options.watchList === true && !this.watchListOff && !this.listNext) {
            await this.watchList();
            backoff = min;
            continue;
          }
          this.listNext = false;
          this.resourceVersion = await this.list();
          this.firstSync.resolve();
        }
        if (this.options.listOnly) {
          this.setState({ phase: 'listed' });
          return;
        }
        if (this.stateValue.phase !== 'watching') this.setState({ phase: 'watching' });
        await this.watch();
        backoff = min;
        watchFailures = 0;
      } catch (error) {
        if (this.abort.signal.aborted) break;
        const kind = classifyKubeError(error);
        if (kind === 'expired') {
          this.resourceVersion = undefined;
          continue;
        }
        if (kind === 'not-found' && this.resourceVersion === undefined && this.pathIndex + 1 < this.spec.paths.length) {
          this.pathIndex++;
          continue;
        }
        // The list is held and a 5xx/429/reset on (re)opening its watch is the server's passing trouble:
        // retry quietly a few times (the data shown is still current) before calling the kind failing.
        if (this.resourceVersion !== undefined && isRetryable(error) && ++watchFailures <= quietWatchRetries) {
          const asked = error instanceof KubeHttpError ? error.retryAfterMs ?? 0 : 0;
          const waitMs = Math.max(Math.min(asked, this.options.maxRetryAfterMs ?? 60_000), backoff * (0.75 + Math.random() * 0.5));
          this.setState({
            phase: 'retrying',
            error: describeRetry(`${this.spec.id} watch`, { attempt: watchFailures, maxTries: quietWatchRetries + 1, delayMs: waitMs, error: error as Error }),
            kind,
            transient: true,
          });
          await this.sleep(waitMs);
          backoff = Math.min(max, backoff * 2);
          continue;
        }
        if (kind === 'forbidden' || kind === 'not-found') {
          this.setState({ phase: 'unavailable', error: errorText(error), kind });
          this.firstSync.resolve();
          this.pathIndex = 0;
          await this.sleep(this.options.unavailableRetryMs ?? 60_000);
          continue;
        }
        // Honour the server's Retry-After (429/503) like client-go, but capped: a broken or
        // hostile header must not leave the view frozen for hours; past the cap we retry anyway.
        const asked = error instanceof KubeHttpError ? error.retryAfterMs : undefined;
        const serverWait = asked === undefined ? 0 : Math.min(asked, this.options.maxRetryAfterMs ?? 60_000);
        const askedText = asked === undefined
          ? ''
          : `; the server asked to retry after ${Math.ceil(asked / 1000)} s${serverWait < asked ? ` (waiting ${Math.ceil(serverWait / 1000)} s)` : ''}`;
        this.setState({ phase: 'retrying', error: errorText(error) + askedText, kind });
        // A wait as long as the longest backoff is an outage: report the first list done-with-error now.
        if (kind === 'unauthorized' || serverWait >= max) this.firstSync.resolve();
        // Jitter so a fleet of watches does not hammer a recovering server in step.
        await this.sleep(Math.max(serverWait, backoff * (0.75 + Math.random() * 0.5)));
        backoff = Math.min(max, backoff * 2);
        // After a long outage the first list never completed: report it as done-with-error.
        if (backoff >= max) this.firstSync.resolve();
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).then(() => {
      this.wake = undefined;
    });
  }

  /** Pages through the collection, applying each page; returns the list's resourceVersion. */
  private list(): Promise<string> {
    return pagedList({
      transport: this.transport,
      spec: this.spec,
      sink: this.sink,
      path: this.spec.paths[this.pathIndex]!,
      protobuf: this.protobufKind(),
      signal: this.abort.signal,
      onJson: () => (this.protobufOff = true),
      onRetry: (n) => this.setState({ phase: 'retrying', error: describeRetry(this.spec.id, n), kind: classifyKubeError(n.error), transient: true }),
      onListProgress: this.options.onListProgress,
      onApplied: this.options.onApplied,
    });
  }

  /** Protobuf reader for this kind on this server, unless it fell back to JSON. */
  private protobufKind(): ProtobufKind | undefined {
    return this.options.protobuf === false || this.protobufOff ? undefined : protobufKindFor(this.spec.paths[this.pathIndex]);
  }

  /**
   * Initial state from a watch-list stream (ADDED events, then the bookmark annotated
   * k8s.io/initial-events-end), then the same stream goes on as the watch. Any failure before the
   * bookmark falls back to one paged LIST, like client-go's reflector; a server that rejects the
   * parameters, or ends or bookmarks without the annotation first, is listed from then on.
   */
  private async watchList(): Promise<void> {
    const before = this.sink.keys();
    const seen = before.length > 0 ? new Set<string>() : undefined;
    let synced = false;
    const initial: InitialEvents = {
      seen,
      end: (rv) => {
        synced = true;
        if (seen) { for (const key of before) if (!seen.has(key)) this.sink.remove(key); }
        this.resourceVersion = rv;
        this.options.onApplied?.(0);
        this.firstSync.resolve();
        this.setState({ phase: 'watching' });
      },
      notStreamed: () => {
        this.watchListOff = true;
      },
    };
    try {
      await this.watch(initial);
    } catch (error) {
      if (synced || this.abort.signal.aborted) throw error;
      if (rejectsWatchList(error)) {
        this.watchListOff = true;
        return;
      }
      // The list comes after the loop's backoff (and any Retry-After): a throttling server is not asked again at once.
      this.listNext = true;
      throw error;
    }
    if (!synced) this.watchListOff = true;
  }

  private async watch(initial?: InitialEvents): Promise<void> {
    const timeout = this.options.watchTimeoutSeconds ?? 290;
    const q = initial
      ? [`watch=1`, watchListQuery, `timeoutSeconds=${timeout}`]
      : [`watch=1`, `allowWatchBookmarks=true`, `timeoutSeconds=${timeout}`, `resourceVersion=${encodeURIComponent(this.resourceVersion ?? '')}`];
    if (this.spec.query) q.push(this.spec.query);
    const path = `${this.spec.paths[this.pathIndex]}?${q.join('&')}`;
    let batched = 0;
    let flush: NodeJS.Immediate | undefined;
    let initialDone = !initial;
    const onEvent = (event: RawWatchEvent): void => {
      const obj = event.object;
      if (event.type === 'ERROR') {
        if (obj?.code === 410) throw new ResourceExpiredError(obj.message);
        throw new Error(`watch error: ${obj?.message ?? JSON.stringify(event).slice(0, 200)}`);
      }
      if (event.type === 'ADDED' || event.type === 'MODIFIED') {
        const item = this.spec.strip(obj);
        if (item) {
          if (!initialDone) initial?.seen?.add(this.spec.key(item));
          this.sink.upsert(item);
        }
      } else if (event.type === 'DELETED') {
        const key = this.spec.rawKey(obj);
        if (key !== undefined) this.sink.remove(key);
      }
      const rv = obj?.metadata?.resourceVersion;
      if (!initialDone && initial) {
        // Until the bookmark, no event's resourceVersion is a point to resume from.
        if (event.type === 'BOOKMARK') {
          if (!initialEventsEnd(obj?.metadata?.annotations)) {
            initial.notStreamed();
            throw new Error('the server bookmarked before the initial-events-end bookmark: it does not stream initial events');
          }
          initialDone = true;
          initial.end(rv ?? '');
        }
      } else if (rv) this.resourceVersion = rv;
      batched++;
      flush ??= setImmediate(() => {
        flush = undefined;
        if (batched > 0) this.options.onApplied?.(batched);
        batched = 0;
      });
    };
    const signal = this.abort.signal;
    const idleMs = this.options.watchIdleMs ?? (timeout + 30) * 1000;
    const proto = this.protobufKind();
    if (proto) await streamNegotiatedWatch(this.transport, path, proto, onEvent, signal, idleMs, () => (this.protobufOff = true));
    else await this.transport.stream(path, { onLine: (line) => onEvent(JSON.parse(line) as RawWatchEvent) }, signal, idleMs);
  }
}

interface InitialEvents {
  /** Keys received before the bookmark (a re-sync deletes what is missing). */
  readonly seen: Set<string> | undefined;
  /** The initial-events-end bookmark arrived with this resourceVersion. */
  end(resourceVersion: string): void;
  /** The server does not stream initial events: list instead next time. */
  notStreamed(): void;
}
