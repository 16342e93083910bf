// A paged LIST of one collection (limit + continue), as protobuf where the kind is decoded from
// it, else raw JSON: the next page is requested as soon as this one's first bytes name it
// (src/kube/listContinue.ts; the server encodes it while this one arrives and is decoded), and
// each object is stripped and applied as the page arrives, so the big raw page is garbage right away.
// A re-list replaces the kind's contents, deleting what the server no longer has.
import type { KubeTransport } from './kubeTransport';
import { headContinue, peekContinue } from './listContinue';
import type { FetchedPage, ProtobufKind } from './protobuf/negotiation';
import { fetchNegotiatedPage } from './protobuf/negotiation';
import type { RetryNotice } from './requestRetry';
import type { ResourceSink, ResourceSpec } from './resourceSpec';

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Objects stripped and applied between two turns of the event loop. */
const applySlice = 100;

interface RawList {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: unknown[];
}

export interface PagedListRequest<T> {
  readonly transport: KubeTransport;
  readonly spec: ResourceSpec<T>;
  readonly sink: ResourceSink<T>;
  /** The collection path (the spec's path that answers). */
  readonly path: string;
  /** The protobuf reader of the kind, unless it is read as JSON. */
  readonly protobuf: ProtobufKind | undefined;
  readonly signal: AbortSignal;
  /** The server answered JSON though protobuf was asked for. */
  readonly onJson: () => void;
  readonly onRetry: (notice: RetryNotice) => void;
  readonly onListProgress?: ((listed: number) => void) | undefined;
  readonly onApplied?: ((count: number) => void) | undefined;
}

/** Pages through the collection, applying each page; returns the list's resourceVersion. */
export async function pagedList<T>(req: PagedListRequest<T>): Promise<string> {
  const { spec, sink, transport, signal, protobuf } = req;
  // Only a re-list must delete what the server no longer has; the first list skips the bookkeeping.
  const before = sink.keys();
  const seen = before.length > 0 ? new Set<string>() : undefined;
  const pagePath = (cont: string | undefined): string => {
    const q = [`limit=${spec.pageSize}`];
    if (spec.query) q.push(spec.query);
    if (cont) q.push(`continue=${encodeURIComponent(cont)}`);
    return `${req.path}?${q.join('&')}`;
  };
  /** A page asked for; `early`: the next one, asked for once this one's first bytes named it. */
  interface PageFetch {
    readonly page: Promise<FetchedPage>;
    /** Stops this request alone (an early fetch its page's whole body did not confirm). */
    readonly cancel: () => void;
    early?: { readonly token: string; readonly fetch: PageFetch };
  }
  const fetchPage = (cont: string | undefined): PageFetch => {
    const path = pagePath(cont);
    const own = new AbortController();
    const stop = () => own.abort(signal.reason);
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
    const f: { page?: Promise<FetchedPage>; cancel: () => void; early?: PageFetch['early'] } = { cancel: () => own.abort() };
    const onHead = (head: Buffer, contentType: string) => {
      const token = f.early || signal.aborted ? undefined : headContinue(head, contentType);
      if (token) f.early = { token, fetch: fetchPage(token) };
    };
    const options = { signal: own.signal, onRetry: req.onRetry, onHead };
    const p = protobuf
      ? fetchNegotiatedPage(transport, path, protobuf, req.onJson, options)
      : transport.get(path, options).then((text) => ({ text }));
    p.catch(() => undefined).finally(() => signal.removeEventListener('abort', stop)); // awaited below; this only silences an early rejection
    f.page = p;
    return f as PageFetch;
  };
  /** The page after `fetch`, by the token its whole body gives: the early one when it named the same, else that one is cancelled. */
  const nextOf = (fetch: PageFetch, token: string | undefined): PageFetch | undefined => {
    const early = fetch.early;
    if (early && early.token === token) return early.fetch;
    early?.fetch.cancel();
    return token ? fetchPage(token) : undefined;
  };
  let pending: PageFetch | undefined = fetchPage(undefined);
  let resourceVersion = '';
  let listed = 0;
  while (pending) {
    const current: PageFetch = pending;
    const fetched: FetchedPage = await current.page;
    let page: RawList;
    if (fetched.protobuf) {
      pending = nextOf(current, fetched.protobuf.continue);
      page = fetched.protobuf.decode();
    } else {
      // The token is read before the long parse when it stands first (as API servers write it).
      const peeked = peekContinue(fetched.text);
      if (peeked) pending = nextOf(current, peeked);
      page = JSON.parse(fetched.text) as RawList;
      if (!peeked) pending = nextOf(current, page.metadata?.continue);
    }
    resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
    // Decoding a page is the longest single step: give the event loop a turn after it,
    // and between slices of the page, so nothing else waits more than a few milliseconds.
    await yieldToLoop();
    const items = page.items ?? [];
    listed += items.length;
    req.onListProgress?.(listed);
    for (let start = 0; start < items.length; start += applySlice) {
      const end = Math.min(items.length, start + applySlice);
      for (let i = start; i < end; i++) {
        const item = spec.strip(items[i]);
        // Drop the raw object now: across the yields below it would survive young-generation
        // GCs and be promoted, making the old generation (and its pauses) grow with the list.
        items[i] = null;
        if (!item) continue;
        seen?.add(spec.key(item));
        sink.upsert(item);
      }
      await yieldToLoop();
    }
    req.onApplied?.(items.length);
  }
  if (seen) { for (const key of before) if (!seen.has(key)) sink.remove(key); }
  req.onApplied?.(0);
  return resourceVersion;
}
