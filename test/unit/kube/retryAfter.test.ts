import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mock } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeHttpError } from '../../../src/kube/kubeErrors';
import { KubeTransport } from '../../../src/kube/kubeTransport';
import type { TransportOptions } from '../../../src/kube/kubeTransport';
import { defaultRetryPolicy } from '../../../src/kube/requestRetry';
import type { RetryNotice } from '../../../src/kube/requestRetry';
import type { ListWatchState } from '../../../src/kube/listWatch';
import type { ResourceSink, ResourceSpec } from '../../../src/kube/resourceSpec';
import { ListWatch } from '../../../src/kube/listWatch';
import { createLabCertificates } from '../../../src/lab/tls/labCertificates';
import { parseRetryAfter, statusRetryAfterMs } from '../../../src/kube/retryAfter';

type Item = { name: string };
const spec: ResourceSpec<Item> = {
  id: 'things',
  paths: ['/api/v1/things'],
  pageSize: 500,
  strip: (raw) => ({ name: (raw as { metadata: { name: string } }).metadata.name }),
  key: (item) => item.name,
  rawKey: (raw) => (raw as { metadata?: { name?: string } }).metadata?.name,
};
const mapSink = (): ResourceSink<Item> & { items: Map<string, Item> } => {
  const items = new Map<string, Item>();
  return { items, upsert: (i) => items.set(i.name, i), remove: (k) => items.delete(k), keys: () => [...items.keys()] };
};
const list = JSON.stringify({ kind: 'List', metadata: { resourceVersion: '5' }, items: [{ metadata: { name: 'a' } }] });
const status = (code: number, reason: string, retryAfterSeconds?: number) =>
  JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    reason,
    message: `failed with ${code}`,
    code,
    ...(retryAfterSeconds ? { details: { retryAfterSeconds } } : {}),
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, limitMs: number): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > limitMs) throw new Error(`condition not met within ${limitMs} ms`);
    await sleep(5);
  }
}

/** A TLS API server on loopback answering from `answer`; watches are held open until closed. */
async function fakeApi(
  answer: (req: IncomingMessage, res: ServerResponse, n: number) => void,
  options: TransportOptions = { retryPolicy: { ...defaultRetryPolicy, maxTries: 1 } },
): Promise<{ server: Server; transport: KubeTransport; lists: number[]; close(): Promise<void> }> {
  const lists: number[] = [];
  const certs = createLabCertificates(['127.0.0.1']);
  const server = createServer({ key: certs.keyPem, cert: certs.certPem }, (req, res) => {
    if (req.url?.includes('watch=1')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return;
    }
    lists.push(Date.now());
    answer(req, res, lists.length);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{
      name: 'c',
      server: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
      caData: Buffer.from(certs.caPem).toString('base64'),
      skipTLSVerify: false,
    }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
    currentContext: 'ctx',
  });
  // One try by default: these tests look at what a single answer carries, and at ListWatch's own retries.
  const transport = new KubeTransport(kc, options);
  return {
    server,
    transport,
    lists,
    close: async () => {
      transport.dispose();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe('kube/retryAfter: parsing', () => {
  it('reads delta-seconds and HTTP-dates; ignores what is neither', () => {
    assert.equal(parseRetryAfter('2'), 2_000);
    assert.equal(parseRetryAfter(' 120 '), 120_000);
    assert.equal(parseRetryAfter('0'), 0);
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT') - 5_000;
    assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now), 5_000);
    assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now + 60_000), 0, 'a date in the past means now');
    for (const bad of [undefined, '', 'soon', '-1', '1.5']) assert.equal(parseRetryAfter(bad), undefined, String(bad));
  });
  it("reads a Status's details.retryAfterSeconds", () => {
    assert.equal(statusRetryAfterMs({ details: { retryAfterSeconds: 3 } }), 3_000);
    assert.equal(statusRetryAfterMs({ details: { retryAfterSeconds: 0 } }), undefined);
    assert.equal(statusRetryAfterMs({ details: { retryAfterSeconds: '3' } }), undefined);
    assert.equal(statusRetryAfterMs({}), undefined);
  });
});

describe('kube/retryAfter: the transport carries it on KubeHttpError', () => {
  const cases: { name: string; headers: () => Record<string, string>; body: string; code: number; want: number | undefined }[] = [
    { name: 'header (delta-seconds) and body', headers: () => ({ 'Retry-After': '3' }), body: status(429, 'TooManyRequests', 3), code: 429, want: 3_000 },
    {
      name: 'header only, as an HTTP-date',
      // A whole second, so the date's one-second resolution loses nothing; only elapsed time counts.
      headers: () => ({ 'Retry-After': new Date(Math.ceil((Date.now() + 10_000) / 1000) * 1000).toUTCString() }),
      body: status(503, 'ServiceUnavailable'),
      code: 503,
      want: 10_000,
    },
    { name: 'body only', headers: () => ({}), body: status(429, 'TooManyRequests', 7), code: 429, want: 7_000 },
    { name: 'a non-Status body with the header', headers: () => ({ 'Retry-After': '4' }), body: '<html>busy</html>', code: 503, want: 4_000 },
    { name: 'neither', headers: () => ({}), body: status(500, 'InternalError'), code: 500, want: undefined },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const api = await fakeApi((_req, res) => {
        res.writeHead(c.code, { 'Content-Type': 'application/json', ...c.headers() });
        res.end(c.body);
      });
      try {
        const error = await api.transport.get('/api/v1/things').then(() => undefined, (e: unknown) => e);
        assert.ok(error instanceof KubeHttpError, String(error));
        assert.equal(error.status, c.code);
        if (c.want === undefined) assert.equal(error.retryAfterMs, undefined);
        // The clock moved on since the date was written (a loaded machine: up to two seconds).
        else assert.ok(Math.abs((error.retryAfterMs ?? -1e9) - c.want) <= 2_000, `retryAfterMs ${error.retryAfterMs}, want ~${c.want}`);
      } finally {
        await api.close();
      }
    });
  }
});

describe('kube/ListWatch honours Retry-After', () => {
  it('waits the 1 s the server asked for (not its 10 ms backoff), says so, then lists', async () => {
    const api = await fakeApi((_req, res, n) => {
      if (n === 1) {
        res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '1' });
        res.end(status(429, 'TooManyRequests', 1));
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(list);
      }
    });
    const states: ListWatchState[] = [];
    const sink = mapSink();
    const lw = new ListWatch(api.transport, spec, sink, { minBackoffMs: 10, maxBackoffMs: 50, onState: (s) => states.push(s) });
    try {
      lw.start();
      await until(() => sink.items.has('a'), 5_000);
      assert.equal(api.lists.length, 2);
      const gap = api.lists[1]! - api.lists[0]!;
      assert.ok(gap >= 990, `re-requested after ${gap} ms`);
      assert.ok(gap < 2_000, `re-requested only after ${gap} ms`);
      const retrying = states.find((s) => s.phase === 'retrying');
      assert.match(retrying?.phase === 'retrying' ? retrying.error : '', /HTTP 429.*the server asked to retry after 1 s$/);
    } finally {
      lw.stop();
      await api.close();
    }
  });

  it('without Retry-After the same failure is retried after the short backoff (control)', async () => {
    const api = await fakeApi((_req, res, n) => {
      res.writeHead(n === 1 ? 503 : 200, { 'Content-Type': 'application/json' });
      res.end(n === 1 ? status(503, 'ServiceUnavailable') : list);
    });
    const sink = mapSink();
    const lw = new ListWatch(api.transport, spec, sink, { minBackoffMs: 10, maxBackoffMs: 50 });
    try {
      lw.start();
      await until(() => sink.items.has('a'), 5_000);
      const gap = api.lists[1]! - api.lists[0]!;
      assert.ok(gap < 500, `re-requested after ${gap} ms`);
    } finally {
      lw.stop();
      await api.close();
    }
  });

  it('caps what the server asks for (maxRetryAfterMs) and says it', async () => {
    const calls: number[] = [];
    const transport = {
      get: () => {
        calls.push(Date.now());
        return Promise.reject(new KubeHttpError(429, 'TooManyRequests', 'HTTP 429: slow down', 3_600_000));
      },
    } as unknown as KubeTransport;
    const states: ListWatchState[] = [];
    const lw = new ListWatch(transport, spec, mapSink(), { minBackoffMs: 10, maxBackoffMs: 50, maxRetryAfterMs: 300, onState: (s) => states.push(s) });
    try {
      lw.start();
      await until(() => calls.length >= 2, 3_000);
      const gap = calls[1]! - calls[0]!;
      assert.ok(gap >= 290 && gap < 1_000, `re-requested after ${gap} ms`);
      const retrying = states.find((s) => s.phase === 'retrying');
      assert.equal(retrying?.phase === 'retrying' && retrying.error, 'HTTP 429: slow down; the server asked to retry after 3600 s (waiting 1 s)');
    } finally {
      lw.stop();
    }
  });

  it('by default waits at most 60 s however long the server asks (fake clock)', async () => {
    let calls = 0;
    const transport = {
      get: () => {
        calls++;
        return Promise.reject(new KubeHttpError(503, 'ServiceUnavailable', 'HTTP 503', 3_600_000));
      },
    } as unknown as KubeTransport;
    mock.timers.enable({ apis: ['setTimeout'] });
    const lw = new ListWatch(transport, spec, mapSink(), { minBackoffMs: 10, maxBackoffMs: 50 });
    try {
      lw.start();
      const turn = () => new Promise((r) => setImmediate(r));
      for (let i = 0; i < 5 && lw.state.phase !== 'retrying'; i++) await turn();
      assert.equal(calls, 1);
      assert.equal(lw.state.phase, 'retrying');
      // A wait as long as the longest backoff: the first list is reported done-with-error at once.
      let synced = false;
      void lw.synced.then(() => (synced = true));
      await turn();
      assert.equal(synced, true, 'a 60 s wait is an outage: the first sync is reported at once');
      mock.timers.tick(59_000);
      for (let i = 0; i < 5; i++) await turn();
      assert.equal(calls, 1, 'retried before 59 s');
      mock.timers.tick(1_000);
      for (let i = 0; i < 5 && calls < 2; i++) await turn();
      assert.equal(calls, 2, 'not retried at 60 s');
    } finally {
      lw.stop();
      mock.timers.reset();
    }
  });
});

describe('kube/KubeTransport retries like client-go', () => {
  it('retries 429/500/502/503/504 and waits at least the Retry-After, then succeeds', async () => {
    const codes = [429, 500, 502, 503, 504];
    const notices: RetryNotice[] = [];
    const api = await fakeApi((_req, res, n) => {
      const code = codes[n - 1];
      if (code) {
        res.writeHead(code, { 'Content-Type': 'application/json', ...(code === 429 ? { 'Retry-After': '1' } : {}) });
        res.end(status(code, 'Busy'));
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(list);
      }
    }, { retryPolicy: { ...defaultRetryPolicy, baseDelayMs: 10 }, onRetry: (_p, n) => notices.push(n) });
    try {
      const body = await api.transport.get('/api/v1/things');
      assert.match(body, /"items"/);
      assert.equal(api.lists.length, 6);
      assert.deepEqual(notices.map((n) => n.attempt), [1, 2, 3, 4, 5]);
      const gap = api.lists[1]! - api.lists[0]!;
      assert.ok(gap >= 990, `the 429 asked for 1 s; retried after ${gap} ms`);
    } finally {
      await api.close();
    }
  });

  it('retries a connection reset, and gives up after maxTries with the last error', async () => {
    const api = await fakeApi((req) => req.socket.destroy(), { retryPolicy: { ...defaultRetryPolicy, baseDelayMs: 5, maxTries: 4 } });
    try {
      const error = await api.transport.get('/api/v1/things').then(() => undefined, (e: unknown) => e);
      assert.equal(api.lists.length, 4);
      assert.match(String(error), /reset/);
    } finally {
      await api.close();
    }
  });

  it('does not retry 400/401/403/404', async () => {
    for (const code of [400, 401, 403, 404]) {
      const api = await fakeApi((_req, res) => {
        res.writeHead(code, { 'Content-Type': 'application/json' });
        res.end(status(code, 'No'));
      }, { retryPolicy: { ...defaultRetryPolicy, baseDelayMs: 5 } });
      try {
        const error = await api.transport.get('/api/v1/things').then(() => undefined, (e: unknown) => e);
        assert.ok(error instanceof KubeHttpError && error.status === code, String(error));
        assert.equal(api.lists.length, 1, `HTTP ${code} was retried`);
      } finally {
        await api.close();
      }
    }
  });
});
