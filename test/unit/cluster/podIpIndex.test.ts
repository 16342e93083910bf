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
  it('counts, lists and forgets pods, and drops an emptied namespace', () => {
    const table = new PodTable<number>();
    table.add('kube-system', 'dns', 1);
    table.add('default', 'web', 2);
    table.delete('default', 'nope');
    assert.equal(table.size, 2);
    assert.deepEqual(table.keys().sort(), ['default/web', 'kube-system/dns']);
    table.delete('default', 'web');
    assert.deepEqual(table.namespaces(), ['kube-system']);
    assert.deepEqual([...table.values()], [1]);
  });
});
