// Protobuf answers for the built-in kinds the lab encodes (nodes, pods): get, list pages and
// watch frames, for clients whose first Accept choice is application/vnd.kubernetes.protobuf
// (client-go's typed clients, kubectl describe, Podnet). Other kinds and clients get JSON.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceType } from '../api/resourceTypes';
import { apiVersionOf } from '../api/resourceTypes';
import {
  encodeListPartsOf,
  encodeMessage,
  encodeObject,
  envelope,
  objectWatchFrame,
  prefersProtobuf,
  protobufKinds,
  watchFrame,
} from '../api/protobufEncoding';
import type { StoredObject } from '../store/storedObject';
import type { LabFaults } from '../labFaults';
import type { ListPage } from './listing';
import { sendChunked } from './httpIo';
import type { StoredEntry } from '../store/objectStore';

const mediaType = 'application/vnd.kubernetes.protobuf';

/** True when this request is answered in protobuf. */
export const wantsProtobuf = (t: ResourceType, req: IncomingMessage, faults: LabFaults): boolean =>
  !faults.current.jsonOnly && !t.custom && t.group === '' && protobufKinds.has(t.kind) && prefersProtobuf(req.headers.accept);

const asRecord = (o: Readonly<StoredObject>): Record<string, unknown> => o as unknown as Record<string, unknown>;

/** In ~64 KB writes: three pieces an item, written one by one, cost the lab more than encoding them. */
const send = (res: ServerResponse, parts: readonly Buffer[]): void => sendChunked(res, parts, mediaType);

export function sendProtobufObject(res: ServerResponse, t: ResourceType, object: Readonly<StoredObject>): void {
  send(res, [envelope(apiVersionOf(t), t.kind, encodeObject(t.kind, asRecord(object)))]);
}

export function sendProtobufList(res: ServerResponse, t: ResourceType, page: ListPage): void {
  const meta = {
    resourceVersion: page.resourceVersion,
    ...(page.continueToken ? { continue: page.continueToken } : {}),
    ...(page.remainingItemCount !== undefined ? { remainingItemCount: page.remainingItemCount } : {}),
  };
  send(res, encodeListPartsOf(t.kind, meta, page.entries.map((e) => e.protobuf)));
}

/** The frames of a protobuf watch (Content-Type application/vnd.kubernetes.protobuf;stream=watch). */
export interface ProtobufWatchFrames {
  readonly contentType: string;
  event(type: string, entry: Pick<StoredEntry, 'protobuf'>): Buffer;
  /** A bookmark: an object of the kind holding only metadata (resourceVersion, annotations). */
  bookmark(metadata: Record<string, unknown>): Buffer;
  error(status: Record<string, unknown>): Buffer;
}

export function protobufWatchFrames(t: ResourceType): ProtobufWatchFrames {
  const apiVersion = apiVersionOf(t);
  return {
    contentType: `${mediaType};stream=watch`,
    event: (type, entry) => objectWatchFrame(type, apiVersion, t.kind, entry.protobuf),
    bookmark: (metadata) => watchFrame('BOOKMARK', envelope(apiVersion, t.kind, encodeMessage(t.kind, { metadata }))),
    error: (status) => watchFrame('ERROR', envelope('v1', 'Status', encodeMessage('meta.Status', status))),
  };
}
