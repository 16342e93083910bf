import assert from 'node:assert/strict';
import { serverSideApply } from '../../../src/lab/admission/serverSideApply';
import { ObjectStore } from '../../../src/lab/store/objectStore';
import type { StoredObject } from '../../../src/lab/store/storedObject';
import { namespace } from '../../../src/lab/scenarios/clusterObjects';

const dsType = () => {
  const store = new ObjectStore();
  store.seed([namespace('default')]);
  return { store, t: store.typeOf('apps/v1', 'DaemonSet')! };
};
const applied = (image: string, extraEnv = true): StoredObject => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'x', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'x' } },
    template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image, ...(extraEnv ? { env: [{ name: 'A', value: '1' }] } : {}) }] } },
  },
});

describe('lab server-side apply', () => {
  it('creates, is a no-op when nothing changes, owns fields per manager and removes dropped fields', () => {
    const { store, t } = dsType();
    const first = serverSideApply(store, t, undefined, applied('img:1'), 'me', false, undefined, false);
    assert.equal(first.created, true);
    const rv = first.object.metadata.resourceVersion;
    assert.equal(first.object.metadata.managedFields?.[0].manager, 'me');
    assert.ok(JSON.stringify(first.object.metadata.managedFields?.[0].fieldsV1).includes('"k:{\\"name\\":\\"c\\"}"'));
    const again = serverSideApply(
      store,
      t,
      store.get({ apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: 'default', name: 'x' }),
      applied('img:1'),
      'me',
      false,
      undefined,
      false,
    );
    assert.equal(again.object.metadata.resourceVersion, rv);
    const dropped = serverSideApply(store, t, again.object, applied('img:1', false), 'me', false, undefined, false);
    const c = (dropped.object.spec as { template: { spec: { containers: { env?: unknown }[] } } }).template.spec.containers[0];
    assert.equal(c.env, undefined);
    assert.equal(dropped.object.metadata.generation, 2);
  });
  it('conflicts with another manager on a differing value unless forced; equal values are shared', () => {
    const { store, t } = dsType();
    const first = serverSideApply(store, t, undefined, applied('img:1'), 'alice', false, undefined, false).object;
    const shared = serverSideApply(store, t, first, applied('img:1'), 'bob', false, undefined, false).object;
    assert.deepEqual(shared.metadata.managedFields?.map((m) => m.manager), ['alice', 'bob']);
    assert.throws(
      () => serverSideApply(store, t, shared, applied('img:2'), 'bob', false, undefined, false),
      (e: Error & { code?: number }) =>
        e.code === 409 && /^Apply failed with 1 conflict: conflict with "alice": \.spec\.template\.spec\.containers\[name="c"\]\.image$/.test(e.message),
    );
    const forced = serverSideApply(store, t, shared, applied('img:2'), 'bob', true, undefined, false).object;
    const image = (forced.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image;
    assert.equal(image, 'img:2');
    assert.ok(!JSON.stringify(forced.metadata.managedFields?.find((m) => m.manager === 'alice')?.fieldsV1).includes('f:image'));
  });
});
