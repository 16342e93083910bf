// Reading request bodies and writing JSON replies (pre-serialised buffers go out untouched).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { load } from 'js-yaml';
import { badRequest, StatusError } from '../api/statusError';
import { decodeProtobuf, isProtobuf } from './protobufBody';

export async function readBody(req: IncomingMessage, limitBytes = 64 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new StatusError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** JSON, or YAML when the content type says so (apply patches are YAML). */
export function parseBody(body: Buffer, contentType: string | undefined): unknown {
  if (/protobuf/.test(contentType ?? '') && isProtobuf(body)) {
    const decoded = decodeProtobuf(body);
    if (decoded) return decoded;
  }
  if (/protobuf|cbor/.test(contentType ?? '')) {
    throw new StatusError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`,
    );
  }
  const text = body.toString('utf8');
  if (text.trim() === '') {
    throw badRequest('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml');
  }
  try {
    return /yaml/.test(contentType ?? '') ? load(text) : JSON.parse(text);
  } catch (error) {
    throw badRequest(`error decoding request body: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function sendJson(
  res: ServerResponse,
  code: number,
  body: object | Buffer,
  contentType = 'application/json',
  headers: Record<string, string> = {},
): void {
  const data = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': String(data.length), 'Cache-Control': 'no-cache, private', ...headers });
  res.end(data);
}

/**
 * A list page from its stored pieces, regrouped into ~64 KB writes: no page-sized copy (whose
 * external memory makes V8 collect a 2 GB heap), and not hundreds of tiny TLS records either.
 */
export function sendChunked(res: ServerResponse, parts: readonly Buffer[], contentType = 'application/json'): void {
  const length = parts.reduce((n, p) => n + p.length, 0);
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': String(length), 'Cache-Control': 'no-cache, private' });
  let group: Buffer[] = [];
  let size = 0;
  for (const p of parts) {
    group.push(p);
    size += p.length;
    if (size >= 65536) {
      res.write(group.length === 1 ? group[0] : Buffer.concat(group, size));
      group = [];
      size = 0;
    }
  }
  res.end(group.length ? Buffer.concat(group, size) : undefined);
}

export function sendStatus(res: ServerResponse, error: StatusError, headers: Record<string, string> = {}): void {
  sendJson(res, error.code, error.toStatus(), 'application/json', headers);
}
