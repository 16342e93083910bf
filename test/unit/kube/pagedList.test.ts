import assert from 'node:assert/strict';
import type { GetOptions, KubeTransport } from '../../../src/kube/kubeTransport';
import { pagedList } from '../../../src/kube/pagedList';
import type { ResourceSpec } from '../../../src/kube/resourceSpec';

/** A JSON list page as an API server writes it: metadata (the continue token) before the items. */
const pageText = (names: string[], cont: string | undefined) =>
  JSON.stringify({
    kind: 'PodList',
    metadata: { resourceVersion: '7', ...(cont ? { continue: cont } : {}) },
    items: names.map((name) => ({ name, pad: 'x'.repeat(3000) })),
  });

const spec: ResourceSpec<string> = {
  id: 'pods',
  paths: ['/api/v1/pods'],
  pageSize: 2,
  strip: (raw) => (raw as { name: string }).name,
  key: (name) => name,
  rawKey: (raw) => (raw as { name: string }).name,
};

/**
 * A transport whose pages end only when the test says: each request tells its head at once (as a
 * big page's first chunk), `heads` standing in for the page's own first bytes where given.
 */
function slowTransport(pages: Map<string, string>, heads = new Map<string, string>()) {
  const asked: string[] = [];
  const aborted: string[] = [];
  const finish = new Map<string, () => void>();
  const transport = {
    get(path: string, options: GetOptions = {}): Promise<string> {
      asked.push(path);
      const cont = new URL(path, 'https://x').searchParams.get('continue') ?? '';
      const text = pages.get(cont) ?? pageText([], undefined);
      const head = heads.get(cont) ?? text;
      setImmediate(() => options.onHead?.(Buffer.from(head.slice(0, 4096)), 'application/json'));
      return new Promise((resolve, reject) => {
        finish.set(cont, () => resolve(text));
        options.signal?.addEventListener('abort', () => {
          aborted.push(cont);
          reject(new Error('aborted'));
        });
      });
    },
  } as unknown as KubeTransport;
  return { transport, asked, aborted, finish };
}

const listInto = (transport: KubeTransport, got: string[]) =>
  pagedList({
    transport,
    spec,
    sink: { upsert: (n) => got.push(n), remove: () => undefined, keys: () => [] },
    path: '/api/v1/pods',
    protobuf: undefined,
    signal: new AbortController().signal,
    onJson: () => undefined,
    onRetry: () => undefined,
  });

const tick = () => new Promise((r) => setImmediate(r));

describe('paged LIST', () => {
  it("asks for the next page as soon as this one's first bytes name it, before this one has arrived", async () => {
    const pages = new Map([
      ['', pageText(['a', 'b'], 'p2')],
      ['p2', pageText(['c', 'd'], 'p3')],
      ['p3', pageText(['e'], undefined)],
    ]);
    const { transport, asked, finish } = slowTransport(pages);
    const got: string[] = [];
    const done = listInto(transport, got);
    for (let i = 0; i < 5; i++) await tick();
    assert.equal(asked.length, 3, `pages asked before the first arrived: ${asked.join(' ')}`);
    assert.match(asked[1]!, /continue=p2/);
    assert.match(asked[2]!, /continue=p3/);
    for (const k of ['', 'p2', 'p3']) finish.get(k)!();
    assert.equal(await done, '7');
    assert.deepEqual(got, ['a', 'b', 'c', 'd', 'e']);
    assert.equal(asked.length, 3, 'no page asked twice');
  });

  it('cancels an early request whose token the whole page contradicts, and asks for the page the body names', async () => {
    const pages = new Map([
      ['', pageText(['a', 'b'], 'p2')],
      ['p2', pageText(['c'], undefined)],
    ]);
    // The head names a token the finished body does not: the early request must not be left running.
    const { transport, asked, aborted, finish } = slowTransport(pages, new Map([['', pageText(['a', 'b'], 'stale')]]));
    const got: string[] = [];
    const done = listInto(transport, got);
    for (let i = 0; i < 5; i++) await tick();
    assert.match(asked[1]!, /continue=stale/);
    finish.get('')!();
    for (let i = 0; i < 5; i++) await tick();
    assert.deepEqual(aborted, ['stale'], 'the contradicted early request is aborted');
    finish.get('p2')!();
    assert.equal(await done, '7');
    assert.deepEqual(got, ['a', 'b', 'c']);
    assert.deepEqual(asked.map((p) => new URL(p, 'https://x').searchParams.get('continue')), [null, 'stale', 'p2']);
  });
});
