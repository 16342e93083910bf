// The Kubernetes protobuf envelope and the messages around objects: `k8s\0` + runtime.Unknown,
// meta/v1 ListMeta, WatchEvent and Status, with their length-prefixed watch frames.
// Field numbers: k8s.io/apimachinery v0.32.0 (commit 59e9003f02d6f0c8fff53719a7a0604ec82ee9a9),
// pkg/runtime/generated.proto and pkg/apis/meta/v1/generated.proto (copies in test/fixtures/k8s-proto).
import { ProtobufError, WireReader } from './wireReader';

export const protobufMediaType = 'application/vnd.kubernetes.protobuf';
export const protobufWatchMediaType = 'application/vnd.kubernetes.protobuf;stream=watch';
const magic = [0x6b, 0x38, 0x73, 0x00];

export interface Envelope {
  readonly apiVersion: string;
  readonly kind: string;
  /** The object's own message (runtime.Unknown.raw). */
  readonly raw: WireReader;
}

export const hasMagic = (buf: Buffer): boolean => buf.length >= 4 && buf[0] === magic[0] && buf[1] === magic[1] && buf[2] === magic[2] && buf[3] === magic[3];

/** `k8s\0` + runtime.Unknown {typeMeta 1 {apiVersion 1, kind 2}, raw 2, contentEncoding 3, contentType 4}. */
export function readEnvelope(buf: Buffer): Envelope {
  if (!hasMagic(buf)) throw new ProtobufError('the body does not start with the k8s\\0 magic');
  const r = new WireReader(buf, 4);
  let apiVersion = '';
  let kind = '';
  let raw: WireReader | undefined;
  while (r.next()) {
    if (r.field === 1) {
      const t = r.message();
      while (t.next()) {
        if (t.field === 1) apiVersion = t.string();
        else if (t.field === 2) kind = t.string();
        else t.skip();
      }
    } else if (r.field === 2) raw = r.message();
    else if (r.field === 3) {
      const encoding = r.string();
      if (encoding) throw new ProtobufError(`content encoding "${encoding}" is not supported`);
    } else r.skip();
  }
  // A body cut before its object would otherwise read as an empty list.
  if (!raw) throw new ProtobufError(`the ${kind || 'object'} envelope holds no object (truncated?)`);
  return { apiVersion, kind, raw };
}

export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
}

/** meta/v1 ListMeta {resourceVersion 2, continue 3}. */
function readListMeta(r: WireReader): ListMeta {
  const meta: ListMeta = {};
  while (r.next()) {
    if (r.field === 2) meta.resourceVersion = r.string();
    else if (r.field === 3) meta.continue = r.string();
    else r.skip();
  }
  return meta;
}

/**
 * The continue token from the first bytes of a list body (the envelope, then the list's ListMeta,
 * which servers write before the items): undefined when those bytes do not hold it whole.
 */
export function peekHeadContinue(head: Buffer): string | undefined {
  if (!hasMagic(head)) return undefined;
  try {
    const r = new WireReader(head, 4);
    while (r.next()) {
      if (r.field !== 2) {
        r.skip();
        continue;
      }
      // The raw object runs past the head: read it up to what arrived.
      if (r.wire !== 2) return undefined; // not length-delimited
      r.varint();
      const raw = new WireReader(head, r.pos, head.length);
      if (!raw.next() || raw.field !== 1) return undefined;
      return readListMeta(raw.message()).continue || undefined;
    }
  } catch (error) {
    if (error instanceof ProtobufError) return undefined;
    throw error;
  }
  return undefined;
}

export interface DecodedList<T> {
  readonly metadata: ListMeta;
  readonly items: T[];
}

/** A core List (NodeList, PodList: metadata 1, items 2) in its envelope, each item read by readItem. */
export function readList<T>(buf: Buffer, expectedKind: string, readItem: (r: WireReader) => T): DecodedList<T> {
  const env = readEnvelope(buf);
  if (env.kind !== expectedKind) {
    if (env.kind === 'Status') throw new ProtobufError(`the server answered with a Status: ${statusText(readStatus(env.raw))}`);
    throw new ProtobufError(`expected a ${expectedKind}, got "${env.kind}"`);
  }
  const r = env.raw;
  let metadata: ListMeta = {};
  const items: T[] = [];
  while (r.next()) {
    if (r.field === 1) metadata = readListMeta(r.message());
    else if (r.field === 2) items.push(readItem(r.message()));
    else r.skip();
  }
  return { metadata, items };
}

export interface StatusObject {
  kind: 'Status';
  apiVersion: 'v1';
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { retryAfterSeconds?: number };
}

/** meta/v1 Status {status 2, message 3, reason 4, details 5 {retryAfterSeconds 5}, code 6}, as its JSON shape. */
export function readStatus(r: WireReader): StatusObject {
  const s: StatusObject = { kind: 'Status', apiVersion: 'v1' };
  while (r.next()) {
    if (r.field === 2) s.status = r.string();
    else if (r.field === 3) s.message = r.string();
    else if (r.field === 4) s.reason = r.string();
    else if (r.field === 6) s.code = r.int32();
    else if (r.field === 5) {
      const d = r.message();
      while (d.next()) {
        if (d.field === 5) s.details = { retryAfterSeconds: d.int32() };
        else d.skip();
      }
    } else r.skip();
  }
  return s;
}

const statusText = (s: StatusObject): string => `${s.code ?? ''} ${s.reason ?? ''} ${s.message ?? ''}`.trim();

/** A protobuf Status body as the JSON text the transport's error handling reads (other bodies unchanged). */
export function statusBodyText(body: Buffer): string {
  if (!hasMagic(body)) return body.toString('utf8');
  try {
    const env = readEnvelope(body);
    return env.kind === 'Status' ? JSON.stringify(readStatus(env.raw)) : '';
  } catch {
    return '';
  }
}

export interface WatchEvent<T> {
  readonly type: string;
  /** The decoded object; a Status for ERROR events. */
  readonly object: T | StatusObject;
}

/**
 * One watch frame's payload: meta/v1 WatchEvent {type 1, object 2 (RawExtension {raw 1})}, with
 * no envelope of its own (the apiserver's stream serializer is the raw one) and the object in
 * its envelope.
 */
export function readWatchEvent<T>(frame: Buffer, readObject: (r: WireReader) => T): WatchEvent<T> {
  const r = new WireReader(frame);
  let type = '';
  let raw: Buffer | undefined;
  while (r.next()) {
    if (r.field === 1) type = r.string();
    else if (r.field === 2) {
      const ext = r.message();
      while (ext.next()) {
        if (ext.field === 1) raw = ext.bytes();
        else ext.skip();
      }
    } else r.skip();
  }
  if (!type) throw new ProtobufError('watch event without a type');
  if (!raw) throw new ProtobufError(`${type} watch event without an object`);
  const env = readEnvelope(raw);
  return { type, object: env.kind === 'Status' ? readStatus(env.raw) : readObject(env.raw) };
}

/** Largest watch frame accepted: a frame header claiming more is corruption, not a big object. */
export const maxFrameBytes = 64 * 1024 * 1024;

/** Splits a byte stream into the 4-byte big-endian length-prefixed frames of a protobuf watch. */
export class FrameSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes the next frame needs (its header first): chunks are only joined once it is complete. */
  private need = 4;

  /** Feeds a chunk; calls onFrame with each complete frame. */
  push(chunk: Buffer, onFrame: (frame: Buffer) => void): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < this.need) return;
    let buf = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    let at = 0;
    this.need = 4;
    while (buf.length - at >= 4) {
      const len = buf.readUInt32BE(at);
      if (len > maxFrameBytes) throw new ProtobufError(`watch frame of ${len} bytes exceeds the ${maxFrameBytes}-byte limit`);
      if (buf.length - at - 4 < len) {
        this.need = 4 + len;
        break;
      }
      onFrame(buf.subarray(at + 4, at + 4 + len));
      at += 4 + len;
    }
    buf = buf.subarray(at);
    this.pending = buf.length ? [buf] : [];
    this.pendingBytes = buf.length;
  }

  /** At the end of the stream: an incomplete frame left over is a truncated stream. */
  end(): void {
    if (this.pendingBytes > 0) throw new ProtobufError(`watch stream ended inside a frame (${this.pendingBytes} bytes left over)`);
  }
}
