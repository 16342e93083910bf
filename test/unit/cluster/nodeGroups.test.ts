import assert from 'node:assert/strict';
import type { NodeGroup } from '../../../src/core/cluster/nodeGroups';
import {
  groupNodeNames,
  groupNodesAbove,
  nestGroupsAbove,
  nodeGroupLabel,
  nodeGroupLevels,
  nodeGroupSize,
  parentNodeGroup,
} from '../../../src/core/cluster/nodeGroups';

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

  it('5,000 nodes: one level of 50 groups, none above', () => {
    const levels = nodeGroupLevels(names(5_000))!;
    assert.equal(levels.length, 1);
    assert.equal(levels[0]!.length, 50);
    assert.equal(parentNodeGroup(levels, levels[0]![7]!), undefined);
  });

  it('65,000 nodes: groups of groups, no level with more than nestGroupsAbove siblings, every node once under each top group', () => {
    const all = names(65_000);
    const levels = nodeGroupLevels(all)!;
    assert.deepEqual(levels.map((l) => l.length), [650, 7]);
    const top = levels[levels.length - 1]!;
    assert.ok(top.length <= nestGroupsAbove);
    // Every group's children are at most nodeGroupSize; walking down from the top yields every name once, in order.
    const walk = (g: NodeGroup): string[] => (g.groups ? g.groups.flatMap(walk) : [...g.names]);
    assert.deepEqual(top.flatMap(walk), all);
    for (const level of levels) for (const g of level) assert.ok((g.groups?.length ?? g.names.length) <= nodeGroupSize);
    // An upper group spans exactly its children's names (label and counts come from them).
    for (const g of top) assert.deepEqual(g.names, g.groups!.flatMap((c) => c.names));
    assert.equal(nodeGroupLabel(top[0]!), 'node-00001 … node-10000');
    assert.equal(nodeGroupLabel(top[6]!), 'node-60001 … node-65000');
    assert.equal(top[6]!.groups!.length, 50);
  });

  it('parentNodeGroup walks from any leaf to the top group that holds it (reveal)', () => {
    const levels = nodeGroupLevels(names(65_000))!;
    for (const leaf of [levels[0]![0]!, levels[0]![99]!, levels[0]![100]!, levels[0]![649]!]) {
      const parent = parentNodeGroup(levels, leaf)!;
      assert.equal(parent.level, 1);
      assert.ok(parent.groups!.includes(leaf), `leaf ${leaf.index} under group ${parent.index}`);
      assert.equal(parentNodeGroup(levels, parent), undefined);
    }
  });

  it('a million-node list nests a third level and still caps every level', () => {
    const levels = nodeGroupLevels(names(1_000_000))!;
    assert.deepEqual(levels.map((l) => l.length), [10_000, 100]);
    const deep = nodeGroupLevels(names(30_000), 10, 20, 20)!;
    assert.deepEqual(deep.map((l) => l.length), [3_000, 300, 30, 3]);
    assert.equal(parentNodeGroup(deep, parentNodeGroup(deep, parentNodeGroup(deep, deep[0]![2_999]!)!)!)!.index, 2);
  });
});
