// Content negotiation for the core kinds Podnet decodes from protobuf (nodes, pods), as
// client-go asks: protobuf first, JSON acceptable. The answer's Content-Type decides how the
// body is read; a JSON answer, 406 or 415 turns protobuf off for that kind on that server.
// Everything else (CRDs such as IPAMBlocks and CiliumNodes) stays JSON, as Kubernetes serves it.
import type { GetOptions, KubeTransport } from '../kubeTransport';
import { KubeHttpError } from '../kubeErrors';
import { protobufReaders } from './coreObjects';
import type { DecodedList } from './k8sProtobuf';
import { FrameSplitter, peekHeadContinue, protobufMediaType, readList, readWatchEvent } from './k8sProtobuf';
import type { WireReader } from './wireReader';

export const protobufAccept = `${protobufMediaType}, application/json`;

export interface ProtobufKind {
  readonly listKind: string;
  read(r: WireReader): unknown;
}

/** The protobuf reader of a core collection path ("/api/v1/pods"), if Podnet decodes that kind. */
export function protobufKindFor(collectionPath: string): ProtobufKind | undefined {
  const m = /^\/api\/v1\/(nodes|pods)$/.exec(collectionPath);
  return m ? protobufReaders[m[1]] : undefined;
}

export const isProtobufContentType = (contentType: string): boolean => contentType.split(';')[0].trim().toLowerCase() === protobufMediaType;

/** 406 Not Acceptable / 415 Unsupported Media Type: the server will not speak protobuf here. */
export const rejectsFormat = (error: unknown): boolean => error instanceof KubeHttpError && (error.status === 406 || error.status === 415);

/** A protobuf page: its continue token read ahead, the items decoded on demand. */
export interface ProtobufPage {
  readonly continue: string | undefined;
  decode(): DecodedList<unknown>;
}

export type FetchedPage = { readonly protobuf: ProtobufPage; readonly text?: undefined } | { readonly text: string; readonly protobuf?: undefined };

/** One list page, protobuf when the server answers so; onJson is told when it answered JSON instead. */
export async function fetchNegotiatedPage(
  transport: KubeTransport,
  path: string,
  kind: ProtobufKind,
  onJson: () => void,
  options: GetOptions,
): Promise<FetchedPage> {
  let answer: { body: Buffer; contentType: string };
  try {
    answer = await transport.getBytes(path, protobufAccept, options);
  } catch (error) {
    if (!rejectsFormat(error)) throw error;
    onJson();
    return { text: await transport.get(path, options) };
  }
  if (isProtobufContentType(answer.contentType)) {
    const body = answer.body;
    return { protobuf: { continue: peekHeadContinue(body), decode: () => readList(body, kind.listKind, kind.read) } };
  }
  onJson();
  return { text: answer.body.toString('utf8') };
}

export interface RawWatchEvent {
  readonly type?: string;
  readonly object?: { metadata?: { resourceVersion?: string; annotations?: Record<string, string> }; code?: number; message?: string };
}

/**
 * A watch asked for as protobuf: frames decoded into the event shape the JSON watch yields, or,
 * when the server answers JSON, its lines parsed (and onJson told, so the next watch asks JSON).
 * A stream cut inside a frame is an error.
 */
export async function streamNegotiatedWatch(
  transport: KubeTransport,
  path: string,
  kind: ProtobufKind,
  onEvent: (event: RawWatchEvent) => void,
  signal: AbortSignal,
  idleTimeoutMs: number,
  onJson: () => void,
): Promise<void> {
  const splitter = new FrameSplitter();
  const onFrame = (frame: Buffer) => onEvent(readWatchEvent(frame, kind.read) as RawWatchEvent);
  let jsonRest: string | undefined;
  const onJsonChunk = (chunk: Buffer): void => {
    const text = (jsonRest ?? '') + chunk.toString('utf8');
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const line = text.slice(start, nl);
      start = nl + 1;
      if (line.trim()) onEvent(JSON.parse(line) as RawWatchEvent);
    }
    jsonRest = text.slice(start);
  };
  try {
    await transport.streamBytes(
      path,
      protobufAccept,
      (chunk, contentType) => {
        if (isProtobufContentType(contentType)) return splitter.push(chunk, onFrame);
        if (jsonRest === undefined) onJson();
        onJsonChunk(chunk);
      },
      signal,
      idleTimeoutMs,
    );
  } catch (error) {
    if (rejectsFormat(error)) onJson();
    throw error;
  }
  if (jsonRest?.trim()) onEvent(JSON.parse(jsonRest) as RawWatchEvent);
  splitter.end();
}
