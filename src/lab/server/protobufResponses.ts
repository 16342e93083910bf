// Protobuf answers for the built-in kinds the lab encodes (nodes, pods): get, list pages and
// watch frames, for clients whose first Accept choice is application/vnd.kubernetes.protobuf
// (client-go's typed clients, kubectl describe, Podnet). Other kinds and clients get JSON.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceType } from '../api/resourceTypes';
import { apiVersionOf } from '../api/resourceTypes';
import { encodeListParts, encodeMessage, encodeObject, envelope, objectWatchFrame, prefersProtobuf, protobufKinds, watchFrame } from '../api/protobufEncoding';
import type { KubeObject } from '../store/kubeObject';
import type { LabFaults } from '../labFaults';
import type { ListPage } from './listing';

const mediaType = 'application/vnd.kubernetes.protobuf';

/** True when this request is answered in protobuf. */
export const wantsProtobuf = (t: ResourceType, req: IncomingMessage, faults: LabFaults): boolean =>
  !faults.current.jsonOnly && !t.custom && t.group === '' && protobufKinds.has(t.kind) && prefersProtobuf(req.headers.accept);

const asRecord = (o: Readonly<KubeObject>): Record<string, unknown> => o as unknown as Record<string, unknown>;

function send(res: ServerResponse, parts: readonly Buffer[]): void {
  const length = parts.reduce((n, p) => n + p.length, 0);
  res.writeHead(200, { 'Content-Type': mediaType, 'Content-Length': String(length), 'Cache-Control': 'no-cache, private' });
  for (const p of parts) res.write(p);
  res.end();
}

export function sendProtobufObject(res: ServerResponse, t: ResourceType, object: Readonly<KubeObject>): void {
  send(res, [envelope(apiVersionOf(t), t.kind, encodeObject(t.kind, asRecord(object)))]);
}

export function sendProtobufList(res: ServerResponse, t: ResourceType, page: ListPage): void {
  const meta = {
    resourceVersion: page.resourceVersion,
    ...(page.continueToken ? { continue: page.continueToken } : {}),
    ...(page.remainingItemCount !== undefined ? { remainingItemCount: page.remainingItemCount } : {}),
  };
  send(res, encodeListParts(t.kind, meta, page.entries.map((e) => asRecord(e.object))));
}

/** The frames of a protobuf watch (Content-Type application/vnd.kubernetes.protobuf;stream=watch). */
export interface ProtobufWatchFrames {
  readonly contentType: string;
  event(type: string, object: Readonly<KubeObject>): Buffer;
  /** A bookmark: an object of the kind holding only metadata (resourceVersion, annotations). */
  bookmark(metadata: Record<string, unknown>): Buffer;
  error(status: Record<string, unknown>): Buffer;
}

export function protobufWatchFrames(t: ResourceType): ProtobufWatchFrames {
  const apiVersion = apiVersionOf(t);
  return {
    contentType: `${mediaType};stream=watch`,
    event: (type, object) => objectWatchFrame(type, apiVersion, t.kind, encodeObject(t.kind, asRecord(object))),
    bookmark: (metadata) => watchFrame('BOOKMARK', envelope(apiVersion, t.kind, encodeMessage(t.kind, { metadata }))),
    error: (status) => watchFrame('ERROR', envelope('v1', 'Status', encodeMessage('meta.Status', status))),
  };
}
