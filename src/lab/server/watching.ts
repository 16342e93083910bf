// Watch streams: replay from the event log after the requested resourceVersion (or synthetic
// ADDED events for a fresh watch), then live events, bookmarks, the timeout, and 410 as an ERROR
// event inside a 200 stream, as the apiserver's watch cache does.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceType } from '../api/resourceTypes';
import { apiVersionOf, typeKey } from '../api/resourceTypes';
import type { Matcher } from '../api/selectors';
import { statusObject } from '../api/statusError';
import type { TableInclude } from '../api/tableColumns';
import { table } from '../api/tableColumns';
import type { StoredObject } from '../store/storedObject';
import type { ObjectStore, StoreEvent, StoredEntry } from '../store/objectStore';
import type { LabFaults } from '../labFaults';
import type { ProtobufWatchFrames } from './protobufResponses';
import { writeInitialEvents } from './initialEvents';

export interface WatchRequest {
  readonly namespace?: string;
  readonly resourceVersion?: string;
  readonly label?: Matcher;
  readonly field?: Matcher;
  readonly bookmarks: boolean;
  readonly timeoutSeconds?: number;
  /** Set when the client asked for Table rows. */
  readonly table?: TableInclude;
  readonly sendInitialEvents?: boolean;
  /** Set when the client asked for protobuf: events are written as its frames. */
  readonly protobuf?: ProtobufWatchFrames;
}

export interface WatchOptions {
  readonly bookmarkIntervalMs: number;
}

export function serveWatch(
  store: ObjectStore,
  faults: LabFaults,
  t: ResourceType,
  w: WatchRequest,
  opts: WatchOptions,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const key = typeKey(t);
  const inScope = (o: Readonly<StoredObject>): boolean =>
    (!t.namespaced || !w.namespace || o.metadata.namespace === w.namespace) && (!w.label || w.label(o)) && (!w.field || w.field(o));
  const pb = w.protobuf;
  res.writeHead(200, { 'Content-Type': pb?.contentType ?? 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  let first = true;
  const encode = (type: string, entry: Pick<StoredEntry, 'json' | 'object' | 'protobuf'>): Buffer => {
    if (pb) return pb.event(type, entry);
    if (w.table) {
      const rowTable = table(t.kind, Boolean(t.custom), [entry.object], { resourceVersion: entry.object.metadata.resourceVersion }, w.table, first);
      first = false;
      return Buffer.from(`{"type":"${type}","object":${JSON.stringify(rowTable)}}\n`);
    }
    return Buffer.concat([Buffer.from(`{"type":"${type}","object":`), entry.json, Buffer.from('}\n')]);
  };
  const write = (type: string, entry: Pick<StoredEntry, 'json' | 'object' | 'protobuf'>): void => void res.write(encode(type, entry));
  const fail = (code: number, reason: string, message: string): void => {
    const status = statusObject(code, reason, message);
    res.write(pb ? pb.error(status) : `${JSON.stringify({ type: 'ERROR', object: status })}\n`);
    res.end();
  };

  const rvText = w.resourceVersion ?? '';
  const fresh = rvText === '' || rvText === '0';
  const rv = fresh ? store.currentRv : Number(rvText);
  if (!fresh && (!Number.isInteger(rv) || rv < 0)) return fail(400, 'BadRequest', `invalid resource version: ${rvText}`);
  if (!fresh && faults.takeWatchGone()) return fail(410, 'Expired', `too old resource version: ${rv} (${store.currentRv})`);
  const replay = fresh ? [] : store.eventsAfter(key, rv);
  if (replay === 'expired') return fail(410, 'Expired', `too old resource version: ${rv} (${store.oldestWatchableRv + 1})`);

  const send = (event: StoreEvent): void => {
    if (event.typeKey !== key) return;
    const now = inScope(event.entry.object);
    const before = event.previous ? inScope(event.previous) : false;
    if (event.type === 'ADDED') {
      if (now) write('ADDED', event.entry);
    } else if (event.type === 'DELETED') {
      if (before || now) write('DELETED', event.entry);
    } else if (now && before) write('MODIFIED', event.entry);
    else if (now) write('ADDED', event.entry);
    else if (before) write('DELETED', event.entry);
  };

  // Live events wait here while the initial events are written (they are newer than all of them).
  let queued: StoreEvent[] | undefined;
  const snapshotRv = String(store.currentRv);
  const endOfInitialEvents = (): void => {
    if (!(w.bookmarks && fresh && w.sendInitialEvents)) return;
    // The apiserver marks the end of initial events with an annotated bookmark (watch-list).
    if (pb) res.write(pb.bookmark({ resourceVersion: snapshotRv, annotations: { 'k8s.io/initial-events-end': 'true' } }));
    else {res.write(
        `${
          JSON.stringify({
            type: 'BOOKMARK',
            object: {
              kind: t.kind,
              apiVersion: apiVersionOf(t),
              metadata: { resourceVersion: snapshotRv, annotations: { 'k8s.io/initial-events-end': 'true' } },
            },
          })
        }\n`,
      );}
  };
  if (fresh && w.sendInitialEvents !== false) {
    // entries() already keeps to the namespace; only selectors need each object built (a million generated pods are built on read).
    const all = store.entries(t, t.namespaced ? w.namespace : undefined);
    const entries = w.label || w.field ? all.filter((e) => inScope(e.object)) : all;
    queued = [];
    void writeInitialEvents(res, entries, (e) => encode('ADDED', e)).then((open) => {
      const live = queued ?? [];
      queued = undefined;
      if (!open) return;
      endOfInitialEvents();
      for (const e of live) send(e);
    });
  } else for (const e of replay as StoreEvent[]) send(e);
  const bookmark = (): void => {
    if (queued) return; // no progress bookmark before the initial events are out
    if (pb) return void res.write(pb.bookmark({ resourceVersion: String(store.currentRv) }));
    res.write(
      `${
        JSON.stringify({ type: 'BOOKMARK', object: { kind: t.kind, apiVersion: apiVersionOf(t), metadata: { resourceVersion: String(store.currentRv) } } })
      }\n`,
    );
  };

  const unsubscribe = store.subscribe((event) => (queued ? queued.push(event) : send(event)));
  const timers: NodeJS.Timeout[] = [];
  let cutTimer: NodeJS.Timeout | undefined;
  const armCut = (): void => {
    if (cutTimer) clearTimeout(cutTimer);
    const cut = faults.current.watchCutSeconds;
    cutTimer = cut > 0 ? setTimeout(finish, cut * 1000) : undefined;
  };
  const unwatchFaults = faults.onChange(armCut);
  const cleanup = (): void => {
    unsubscribe();
    unwatchFaults();
    for (const timer of timers) clearTimeout(timer);
    if (cutTimer) clearTimeout(cutTimer);
  };
  const finish = (): void => {
    cleanup();
    if (!res.writableEnded) res.end();
  };
  if (w.bookmarks) timers.push(setInterval(bookmark, opts.bookmarkIntervalMs));
  const timeout = Math.min(w.timeoutSeconds ?? 1800, 1800);
  timers.push(setTimeout(finish, timeout * 1000));
  armCut();
  req.on('close', cleanup);
  res.on('close', cleanup);
  res.on('error', cleanup);
}
