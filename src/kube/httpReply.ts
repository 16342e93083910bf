// Reading a Kubernetes API reply on node:http alone: shared by the node agent (which must run on a
// stock Node image, so no client-node) and the installer.
import type { IncomingMessage } from 'node:http';

export interface HttpReply {
  readonly status: number;
  readonly text: string;
}

/** The whole body of a reply, as UTF-8. */
export function readReply(res: IncomingMessage): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('error', reject);
    res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
  });
}

/** reason and message of a Status body; the start of the text when it is not one. */
export function statusOf(text: string): { reason: string; message: string } {
  try {
    const s = JSON.parse(text) as { reason?: string; message?: string };
    return { reason: s.reason ?? '', message: s.message ?? text.slice(0, 300) };
  } catch {
    return { reason: '', message: text.slice(0, 300) };
  }
}
