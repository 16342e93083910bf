import assert from 'node:assert/strict';
import { ObjectStore } from '../../../src/lab/store/objectStore';
import { listJson, listPage } from '../../../src/lab/server/listing';
import { configMap, namespace } from '../../../src/lab/scenarios/clusterObjects';
import { humanDuration } from '../../../src/lab/api/tableColumns';
import { parseResourcePath } from '../../../src/lab/api/requestInfo';

describe('lab object store and listing', () => {
  const setup = () => {
    const store = new ObjectStore(100);
    store.seed([namespace('a'), namespace('b'), ...['x', 'y', 'z'].flatMap((n) => [configMap('a', n, {}), configMap('b', n, {})])]);
    return { store, t: store.typeOf('v1', 'ConfigMap')! };
  };
  it('pages in key order with continue tokens and remainingItemCount, serving stored JSON', () => {
    const { store, t } = setup();
    const p1 = listPage(store, t, { limit: 4 });
    assert.deepEqual(p1.entries.map((e) => `${e.object.metadata.namespace}/${e.object.metadata.name}`), ['a/x', 'a/y', 'a/z', 'b/x']);
    assert.equal(p1.remainingItemCount, 2);
    const p2 = listPage(store, t, { limit: 4, continueToken: p1.continueToken });
    assert.deepEqual(p2.entries.map((e) => e.object.metadata.name), ['y', 'z']);
    assert.equal(p2.continueToken, undefined);
    assert.equal(p2.resourceVersion, p1.resourceVersion);
    const parsed = JSON.parse(listJson(t, p1).toString()) as { kind: string; metadata: { continue: string }; items: unknown[] };
    assert.deepEqual([parsed.kind, parsed.items.length, parsed.metadata.continue], ['ConfigMapList', 4, p1.continueToken]);
    assert.deepEqual(listPage(store, t, { namespace: 'b' }).entries.map((e) => e.object.metadata.name), ['x', 'y', 'z']);
    store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w', namespace: 'a' } });
    store.compact();
    assert.throws(() => listPage(store, t, { limit: 4, continueToken: p1.continueToken }), (e: Error & { code?: number }) => e.code === 410);
  });
  it('bumps resourceVersion and generation only on real changes, rejects stale writes, and logs events for watches', () => {
    const { store } = setup();
    const rv0 = store.currentRv;
    const created = store.create({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd', namespace: 'a' }, spec: { x: 1 } });
    assert.equal(created.metadata.generation, 1);
    const same = store.update({ ...structuredClone(created), metadata: { ...structuredClone(created.metadata) } });
    assert.equal(same.metadata.resourceVersion, created.metadata.resourceVersion);
    const changed = store.update({ ...structuredClone(created), spec: { x: 2 } });
    assert.equal(changed.metadata.generation, 2);
    assert.throws(() => store.update({ ...structuredClone(created), spec: { x: 3 } }), /the object has been modified/);
    const events = store.eventsAfter('apps/daemonsets', rv0);
    assert.ok(Array.isArray(events));
    assert.deepEqual((events as { type: string }[]).map((e) => e.type), ['ADDED', 'MODIFIED']);
    assert.throws(() => store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'q', namespace: 'nope' } }), /namespaces "nope" not found/);
    store.delete({ apiVersion: 'v1', kind: 'Namespace', name: 'a' });
    assert.deepEqual(store.list('v1', 'ConfigMap', 'a'), []);
  });
  it('parses resource paths and prints ages like the apiserver', () => {
    assert.deepEqual(parseResourcePath('/api/v1/namespaces/x/pods/p/status'), {
      group: '',
      version: 'v1',
      plural: 'pods',
      namespace: 'x',
      name: 'p',
      subresource: 'status',
    });
    assert.deepEqual(parseResourcePath('/apis/apps/v1/daemonsets'), {
      group: 'apps',
      version: 'v1',
      plural: 'daemonsets',
      name: undefined,
      subresource: undefined,
    });
    assert.deepEqual(parseResourcePath('/api/v1/namespaces/x/status'), { group: '', version: 'v1', plural: 'namespaces', name: 'x', subresource: 'status' });
    assert.equal(parseResourcePath('/apis/apps'), undefined);
    assert.deepEqual([5e3, 150e3, 600e3, 3 * 3600e3 + 60e3, 30 * 3600e3, 3 * 86400e3 + 3600e3, 400 * 86400e3].map(humanDuration), [
      '5s',
      '2m30s',
      '10m',
      '3h1m',
      '30h',
      '3d1h',
      '400d',
    ]);
  });
});
