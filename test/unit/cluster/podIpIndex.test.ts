import assert from 'node:assert/strict';
import { PodIpIndex } from '../../../src/core/cluster/podIpIndex';
import { PodTable } from '../../../src/core/cluster/podTable';

describe('pods by IP and by namespace/name', () => {
  it('reports an IP becoming shared (every holder) and the one left alone when it stops being shared', () => {
    const index = new PodIpIndex<string>();
    assert.deepEqual(index.add('10.0.0.5', 'a'), []);
    assert.deepEqual(index.add('10.0.0.5', 'b'), ['a', 'b']);
    assert.deepEqual(index.add('10.0.0.5', 'c'), ['a', 'b', 'c']);
    assert.deepEqual([...index.duplicates], ['10.0.0.5']);
    assert.equal(index.remove('10.0.0.5', 'c'), undefined, 'still shared by two');
    assert.equal(index.remove('10.0.0.5', 'a'), 'b');
    assert.deepEqual([...index.duplicates], []);
    assert.deepEqual(index.podsWith('10.0.0.5'), ['b']);
    assert.equal(index.remove('10.0.0.5', 'b'), undefined);
    assert.deepEqual(index.podsWith('10.0.0.5'), []);
  });
  it("puts a pod's new object where its old one held the IP, alone or shared", () => {
    const index = new PodIpIndex<string>();
    index.add('10.0.0.5', 'a');
    index.replace('10.0.0.5', 'a', 'a2');
    assert.deepEqual(index.podsWith('10.0.0.5'), ['a2']);
    index.add('10.0.0.5', 'b');
    index.replace('10.0.0.5', 'b', 'b2');
    assert.deepEqual(index.podsWith('10.0.0.5'), ['a2', 'b2']);
    assert.equal(index.remove('10.0.0.5', 'a2'), 'b2');
  });
  it('counts, lists and forgets pods, and drops an emptied namespace', () => {
    const table = new PodTable<number>();
    table.set('kube-system', 'dns', 1);
    table.set('default', 'web', 2);
    table.set('default', 'web', 3);
    table.delete('default', 'nope');
    assert.equal(table.size, 2, 'a replaced pod is counted once');
    assert.equal(table.get('default', 'web'), 3);
    assert.deepEqual(table.keys().sort(), ['default/web', 'kube-system/dns']);
    table.delete('default', 'web');
    assert.deepEqual(table.namespaces(), ['kube-system']);
    assert.deepEqual([...table.values()], [1]);
  });
});
