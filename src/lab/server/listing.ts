// Lists with limit/continue served from pre-serialised objects: a page is the list envelope around
// a concatenation of stored JSON buffers, so big lists cost the server almost nothing.
import type { ServerResponse } from 'node:http';
import type { ResourceType } from '../api/resourceTypes';
import { apiVersionOf, typeKey } from '../api/resourceTypes';
import type { Matcher } from '../api/selectors';
import { badRequest, expired } from '../api/statusError';
import type { ObjectStore, StoredEntry } from '../store/objectStore';
import { lowerBound } from '../store/objectStore';
import { writeInitialEvents } from './initialEvents';

export interface ListQuery {
  readonly namespace?: string;
  readonly limit?: number;
  readonly continueToken?: string;
  readonly label?: Matcher;
  readonly field?: Matcher;
  /** metadata.name pinned by the field selector: one lookup instead of a scan. */
  readonly exactName?: string;
}

export interface ListPage {
  readonly entries: StoredEntry[];
  readonly resourceVersion: string;
  readonly continueToken?: string;
  readonly remainingItemCount?: number;
}

interface ContinueState {
  rv: number;
  start: string;
}

const encodeContinue = (state: ContinueState): string => Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', ...state })).toString('base64url');

function decodeContinue(token: string): ContinueState {
  try {
    const state = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueState;
    if (typeof state.rv === 'number' && typeof state.start === 'string') return state;
  } catch {
    // fall through to the apiserver's message
  }
  throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

export const continueTooOld =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

export function listPage(store: ObjectStore, t: ResourceType, q: ListQuery): ListPage {
  const key = typeKey(t);
  const matches = (e: StoredEntry): boolean => (!q.label || q.label(e.object)) && (!q.field || q.field(e.object));
  const ns = t.namespaced ? q.namespace : undefined;
  let rv = store.currentRv;
  if (q.exactName !== undefined && ns !== undefined) {
    const e = store.entry(t, ns, q.exactName);
    return { entries: e && matches(e) ? [e] : [], resourceVersion: String(rv) };
  }
  const keys = store.keysOf(key);
  const prefix = ns !== undefined ? `${ns}/` : '';
  let i = prefix ? lowerBound(keys, prefix) : 0;
  if (q.continueToken) {
    const state = decodeContinue(q.continueToken);
    if (state.rv < store.oldestWatchableRv) throw expired(continueTooOld);
    rv = state.rv;
    i = Math.max(i, lowerBound(keys, `${state.start}\u0000`));
  }
  const limit = q.limit && q.limit > 0 ? q.limit : Infinity;
  const entries: StoredEntry[] = [];
  for (; i < keys.length && keys[i].startsWith(prefix); i++) {
    const e = store.entryByKey(key, keys[i]);
    if (!e || !matches(e)) continue;
    if (entries.length === limit) {
      const selectors = Boolean(q.label || q.field);
      let remaining = 0;
      if (!selectors && !prefix) remaining = keys.length - i;
      else if (!selectors) { for (let j = i; j < keys.length && keys[j].startsWith(prefix); j++) remaining++; }
      return {
        entries,
        resourceVersion: String(rv),
        continueToken: encodeContinue({ rv, start: keys[i - 1] }),
        ...(selectors ? {} : { remainingItemCount: remaining }),
      };
    }
    entries.push(e);
  }
  return { entries, resourceVersion: String(rv) };
}

/** The JSON bytes of a List of the page's objects. */
export function listJson(t: ResourceType, page: ListPage): Buffer {
  return Buffer.concat(listJsonParts(t, page));
}

/** The same bytes as pieces: the envelope and each object's stored JSON, written without copying. */
export function listJsonParts(t: ResourceType, page: ListPage): Buffer[] {
  const meta: Record<string, unknown> = { resourceVersion: page.resourceVersion };
  if (page.continueToken) meta.continue = page.continueToken;
  if (page.remainingItemCount !== undefined) meta.remainingItemCount = page.remainingItemCount;
  const head = Buffer.from(`{"kind":"${t.kind}List","apiVersion":"${apiVersionOf(t)}","metadata":${JSON.stringify(meta)},"items":[`);
  const parts: Buffer[] = [head];
  const comma = Buffer.from(',');
  page.entries.forEach((e, n) => {
    if (n > 0) parts.push(comma);
    parts.push(e.json);
  });
  parts.push(Buffer.from(']}'));
  return parts;
}

/** Unpaged lists longer than this are written as they are encoded (streamJsonList). */
export const streamedListItems = 2_000;

/**
 * A big unpaged List written as it is encoded, ~64 KB at a time (chunked, no Content-Length), as
 * the apiserver streams big responses: a generated million-pod list is built on read, never held.
 */
export async function streamJsonList(res: ServerResponse, t: ResourceType, page: ListPage): Promise<void> {
  const [head, tail] = listJsonParts(t, { ...page, entries: [] });
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.write(head);
  let first = true;
  const comma = Buffer.from(',');
  const open = await writeInitialEvents(res, page.entries, (e) => {
    const json = first ? e.json : Buffer.concat([comma, e.json]);
    first = false;
    return json;
  });
  if (open) res.end(tail);
}
