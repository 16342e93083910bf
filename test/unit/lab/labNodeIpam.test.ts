import assert from 'node:assert/strict';
import { startControllers } from '../../../src/lab/controllers/labControllers';
import { ObjectStore } from '../../../src/lab/store/objectStore';
import { findScenario } from '../../../src/lab/scenarios/scenarioCatalog';
import { node } from '../../../src/lab/scenarios/clusterObjects';

describe('lab node IPAM', () => {
  it('gives joining nodes the next free blocks of each family and reports CIDRNotAvailable when exhausted', async () => {
    const data = findScenario('empty').build({ clusterCidr: '10.9.0.0/23,fd00:9::/63', nodeMaskSize: 24 });
    const store = new ObjectStore();
    store.seed(data.objects);
    const controllers = startControllers(store, data);
    try {
      for (const n of ['a', 'b', 'c']) store.create(node({ name: n, internalIP: `172.31.9.${n.charCodeAt(0)}`, ready: false }));
      await controllers.settled();
      const cidrs = store.list('v1', 'Node').map((n) => (n.spec as { podCIDRs?: string[] }).podCIDRs);
      assert.deepEqual(cidrs, [['10.9.0.0/24', 'fd00:9::/64'], ['10.9.1.0/24', 'fd00:9:0:1::/64'], undefined]);
      const events = store.list('v1', 'Event', 'default').filter((e) => e.reason === 'CIDRNotAvailable');
      assert.equal(events.length, 1);
      assert.match(String(events[0].message), /no remaining CIDRs left to allocate/);
      assert.equal((events[0].involvedObject as { name: string }).name, 'c');
      // a freed block is handed out again
      store.delete({ apiVersion: 'v1', kind: 'Node', name: 'a' });
      store.create(node({ name: 'd', internalIP: '172.31.9.100', ready: false }));
      await controllers.settled();
      assert.deepEqual((store.get({ apiVersion: 'v1', kind: 'Node', name: 'd' })?.spec as { podCIDRs: string[] }).podCIDRs, ['10.9.0.0/24', 'fd00:9::/64']);
      // pods bound to a deleted node are garbage-collected
      store.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'on-b', namespace: 'default' },
        spec: { nodeName: 'b', containers: [{ name: 'c', image: 'i:1' }] },
      });
      await controllers.settled();
      store.delete({ apiVersion: 'v1', kind: 'Node', name: 'b' });
      await controllers.settled();
      assert.equal(store.get({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'on-b' }), undefined);
    } finally {
      controllers.stop();
    }
  });
});
