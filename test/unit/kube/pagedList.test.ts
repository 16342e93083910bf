import assert from 'node:assert/strict';
import type { KubeTransport, OnHead } from '../../../src/kube/kubeTransport';
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

/** A transport whose pages end only when the test says: each request tells its head at once (as a big page's first chunk). */
function slowTransport(pages: Map<string, string>) {
  const asked: string[] = [];
  const finish = new Map<string, () => void>();
  const transport = {
    get(path: string, _signal?: AbortSignal, _t?: number, _r?: unknown, onHead?: OnHead): Promise<string> {
      asked.push(path);
      const cont = new URL(path, 'https://x').searchParams.get('continue') ?? undefined;
      const text = pages.get(cont ?? '')!;
      setImmediate(() => onHead?.(Buffer.from(text.slice(0, 4096)), 'application/json'));
      return new Promise((resolve) => finish.set(cont ?? '', () => resolve(text)));
    },
  } as unknown as KubeTransport;
  return { transport, asked, finish };
}

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
    const done = pagedList({
      transport,
      spec,
      sink: { upsert: (n) => got.push(n), remove: () => undefined, keys: () => [] },
      path: '/api/v1/pods',
      protobuf: undefined,
      signal: new AbortController().signal,
      onJson: () => undefined,
      onRetry: () => undefined,
    });
    for (let i = 0; i < 5; i++) await tick();
    assert.equal(asked.length, 3, `pages asked before the first arrived: ${asked.join(' ')}`);
    assert.match(asked[1]!, /continue=p2/);
    assert.match(asked[2]!, /continue=p3/);
    for (const k of ['', 'p2', 'p3']) finish.get(k)!();
    assert.equal(await done, '7');
    assert.deepEqual(got, ['a', 'b', 'c', 'd', 'e']);
    assert.equal(asked.length, 3, 'no page asked twice');
  });
});
