import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { KubeConnection } from '../../../src/kube/kubeConnection';
import { KubeTransport } from '../../../src/kube/kubeTransport';

/** A connection whose watch answers with `chunks` chunks already buffered (a stream that fell behind). */
function bufferedWatch(chunks: number, body = (i: number) => `{"type":"MODIFIED","object":{"n":${i}}}\n`): KubeConnection {
  const connection = Object.create(KubeConnection.prototype) as KubeConnection;
  Object.defineProperty(connection, 'server', { value: 'https://127.0.0.1:1' });
  Object.defineProperty(connection, 'send', {
    value: () => {
      // Object mode keeps the chunks apart, as a socket's reads are.
      const res = Object.assign(new Readable({ objectMode: true, read: () => undefined }), {
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
      });
      for (let i = 0; i < chunks; i++) res.push(Buffer.from(body(i)));
      res.push(null);
      return Promise.resolve(res);
    },
  });
  return connection;
}

const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('kube/KubeTransport watch streams give the event loop turns', () => {
  it('a backlog of buffered chunks is handled in turns of about 8 ms, never all at once', async () => {
    const transport = new KubeTransport(bufferedWatch(60));
    let turns = 0;
    const timer = setInterval(() => turns++, 0);
    let handled = 0;
    try {
      await transport.streamBytes(
        '/api/v1/pods?watch=1',
        'application/json',
        () => {
          handled++;
          busy(2); // 60 chunks × 2 ms: 120 ms if handled in one go
        },
        new AbortController().signal,
        10_000,
      );
    } finally {
      clearInterval(timer);
    }
    assert.equal(handled, 60);
    // 120 ms of handling in turns of about 8 ms: timers run between them (none at all when handled in one go).
    assert.ok(turns >= 5, `timers ran ${turns} times while 60 chunks were handled`);
  });

  it('one big chunk (a backlog read at once) is handed on in pieces cut after a newline, every byte kept', async () => {
    // 2,000 events in one 1 MB chunk, with a multi-byte character near every cut.
    const line = (i: number) => `{"type":"MODIFIED","object":{"n":${i},"pad":"${'é'.repeat(250)}"}}\n`;
    const all = Array.from({ length: 2_000 }, (_, i) => line(i)).join('');
    const transport = new KubeTransport(bufferedWatch(1, () => all));
    const got: Buffer[] = [];
    await transport.streamBytes('/api/v1/pods?watch=1', 'application/json', (chunk) => got.push(chunk), new AbortController().signal, 10_000);
    assert.ok(got.length > 10, `${got.length} pieces`);
    for (const piece of got) assert.equal(piece[piece.length - 1], 10, 'each piece ends after a newline');
    assert.equal(Buffer.concat(got).toString('utf8'), all);
  });
});
