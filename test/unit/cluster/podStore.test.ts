import assert from 'node:assert/strict';
import type { ContainerInfo, PodInfo } from '../../../src/core/cluster/clusterTypes';
import { PodStore } from '../../../src/core/cluster/podStore';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

const ipLists: readonly (readonly string[])[] = [
  [],
  ['10.244.1.7'],
  ['0.0.0.0'],
  ['255.255.255.255'],
  ['010.244.1.7'],
  ['fd00:10:244::7'],
  ['10.244.1.8', 'fd00:10:244::8'],
  ['not an ip'],
];

function pod(next: () => number, namespace: string, name: string): PodInfo {
  const node = next() % 5;
  const containers: ContainerInfo[] = next() % 2 ? [{ kind: 'app', name: 'app', image: 'nginx', ready: true, restarts: next() % 3 }] : [];
  const base = {
    namespace,
    name,
    podIPs: ipLists[next() % ipLists.length]!,
    hostNetwork: next() % 4 === 0,
    phase: ['Running', 'Pending', 'Succeeded'][next() % 3]!,
    containers,
  };
  return node === 0 ? base : { ...base, nodeName: `node-${node}` };
}

describe('PodStore (pods as columns)', () => {
  it('agrees with a Map of PodInfo through 60,000 random adds, replaces and deletes (names compacted on the way)', () => {
    const next = random(11);
    const store = new PodStore();
    let compactions = 0;
    const compact = (store as unknown as { compactNames(): void }).compactNames.bind(store);
    (store as unknown as { compactNames(): void }).compactNames = () => {
      compactions++;
      compact();
    };
    const reference = new Map<string, PodInfo>();
    const namespaces = ['default', 'kube-system', 'shop', 'ünïcode'];
    const names = Array.from({ length: 4000 }, (_, i) => (i % 500 === 0 ? `wide-名前-${i}` : `app-${i.toString(36)}-${'x'.repeat(i % 40)}`));
    for (let step = 0; step < 60_000; step++) {
      const namespace = namespaces[next() % namespaces.length]!;
      const name = names[next() % names.length]!;
      const key = `${namespace}/${name}`;
      const id = store.find(namespace, name);
      assert.equal(id >= 0, reference.has(key), `find ${key} at step ${step}`);
      if (next() % 3 === 0) {
        if (id >= 0) store.delete(id);
        reference.delete(key);
      } else {
        const info = pod(next, namespace, name);
        if (id >= 0) store.replace(id, info);
        else store.add(info);
        reference.set(key, info);
      }
      if (step % 4999 === 0) {
        for (const [k, info] of reference) {
          const found = store.find(info.namespace, info.name);
          assert.ok(found >= 0, k);
          assert.deepEqual(store.info(found), info, k);
          assert.equal(store.nodeName(found), info.nodeName);
        }
      }
    }
    assert.equal(store.size, reference.size);
    assert.ok(compactions > 0, 'the names were never compacted: the test does not reach that path');
    assert.deepEqual(store.keys().sort(), [...reference.keys()].sort());
    assert.deepEqual(store.namespaces(), [...new Set([...reference.values()].map((p) => p.namespace))].sort());
    assert.deepEqual(
      [...store.ids()].map((id) => store.info(id)).sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`)),
      [
        ...reference.values(),
      ].sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`)),
    );
  });
  it('reuses a deleted pod id, and an emptied namespace is no longer listed', () => {
    const store = new PodStore();
    const a = store.add({ namespace: 'a', name: 'one', podIPs: ['10.0.0.1'], hostNetwork: false, phase: 'Running', containers: [] });
    store.add({ namespace: 'b', name: 'two', podIPs: [], hostNetwork: true, phase: 'Running', containers: [] });
    store.delete(a);
    assert.equal(store.find('a', 'one'), -1);
    assert.deepEqual(store.namespaces(), ['b']);
    assert.equal(store.add({ namespace: 'c', name: 'three', podIPs: [], hostNetwork: false, phase: 'Pending', containers: [] }), a);
    assert.equal(store.info(a).name, 'three');
  });

  it('sameNetworking agrees with comparing node, hostNetwork, phase and IP lists of the PodInfo held, for random pairs', () => {
    const next = random(23);
    const store = new PodStore();
    let compared = 0;
    let same = 0;
    for (let i = 0; i < 5000; i++) {
      const held = pod(next, 'ns', `p${i % 50}`);
      const id = store.find('ns', held.name);
      if (id < 0) store.add(held);
      else store.replace(id, held);
      const other = next() % 3 === 0 ? { ...held, containers: [] } : pod(next, 'ns', held.name);
      const expected = held.nodeName === other.nodeName && held.hostNetwork === other.hostNetwork && held.phase === other.phase
        && held.podIPs.length === other.podIPs.length && held.podIPs.every((ip, k) => ip === other.podIPs[k]);
      assert.equal(store.sameNetworking(store.find('ns', held.name), other), expected, JSON.stringify({ held, other }));
      compared++;
      if (expected) same++;
    }
    assert.ok(same > 1000 && compared - same > 1000, `both outcomes exercised: ${same} same of ${compared}`);
  });
});
