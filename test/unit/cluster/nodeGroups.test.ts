import assert from 'node:assert/strict';
import { groupNodeNames, groupNodesAbove, nodeGroupLabel, nodeGroupSize } from '../../../src/core/cluster/nodeGroups';

const names = (n: number) => Array.from({ length: n }, (_, i) => `node-${String(i + 1).padStart(5, '0')}`);

describe('node groups (big clusters)', () => {
  it('keeps the list flat up to the threshold', () => {
    assert.equal(groupNodeNames(names(groupNodesAbove)), undefined);
    assert.equal(groupNodeNames([]), undefined);
  });

  it('cuts the sorted names into ranges of the group size, every name exactly once, in order', () => {
    const all = names(5_000);
    const groups = groupNodeNames(all)!;
    assert.equal(groups.length, 5_000 / nodeGroupSize);
    assert.deepEqual(groups.flatMap((g) => g.names), all);
    assert.deepEqual(groups.map((g) => g.index), groups.map((_, i) => i));
    assert.ok(groups.every((g) => g.names.length === nodeGroupSize));
    assert.equal(nodeGroupLabel(groups[0]!), 'node-00001 … node-00100');
    assert.equal(nodeGroupLabel(groups[49]!), 'node-04901 … node-05000');
  });

  it('puts the remainder in a last, shorter group; a group of one is labelled by its name', () => {
    const groups = groupNodeNames(names(301))!;
    assert.deepEqual(groups.map((g) => g.names.length), [100, 100, 100, 1]);
    assert.equal(nodeGroupLabel(groups[3]!), 'node-00301');
  });
});
