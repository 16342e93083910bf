import assert from 'node:assert/strict';
import { matchPods } from '../../../src/core/map/podSearch';
import type { MapPod } from '../../../src/core/map/mapModel';

const pod = (namespace: string, name: string, ip: string): MapPod => ({ namespace, name, ip, node: 0, hostNetwork: false });
const pods = [
  pod('shop', 'app-7c5ddbdf54-8xk2p', '10.32.1.10'),
  pod('shop', 'cart-5d9f-abcde', '10.32.1.11'),
  pod('default', 'app', '10.32.2.10'),
  pod('kube-system', 'coredns-1', '10.32.1.2'),
];
const names = (q: string) => matchPods(pods, q).map((i) => `${pods[i].namespace}/${pods[i].name}`);

describe('pod completion in the packet-path box', () => {
  it('finds a pod by namespace/name prefix (shop/app → the ReplicaSet pod)', () => {
    assert.deepEqual(names('shop/app'), ['shop/app-7c5ddbdf54-8xk2p']);
  });
  it('puts exact matches before prefixes before substrings, case-insensitively', () => {
    assert.deepEqual(names('APP'), ['default/app', 'shop/app-7c5ddbdf54-8xk2p']);
    assert.deepEqual(names('8xk2p'), ['shop/app-7c5ddbdf54-8xk2p']);
  });
  it('matches IPs by prefix and part', () => {
    assert.deepEqual(names('10.32.1.1'), ['shop/app-7c5ddbdf54-8xk2p', 'shop/cart-5d9f-abcde']);
    assert.deepEqual(names('2.10'), ['default/app']);
  });
  it('returns nothing for an empty or unmatched query, and at most the limit', () => {
    assert.deepEqual(names('  '), []);
    assert.deepEqual(names('nope'), []);
    assert.equal(matchPods(pods, '10.32', 2).length, 2);
  });
});
