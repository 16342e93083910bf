import assert from 'node:assert/strict';
import { beyondCellAt, cellAt, cellText, connectivityMatrix } from '../../../src/core/check/connectivityMatrix';
import { breakWhere, failed, passingPairs, probePod, report } from './checkFixtures';

describe('check: the node × node matrix', () => {
  it('places every probe: same-node on the diagonal, pod↔node by their nodes, Service/DNS/external in their own columns', () => {
    const pairs = passingPairs();
    const m = connectivityMatrix(report(pairs));
    assert.deepEqual(m.nodes, ['node-1', 'node-2', 'node-3']);
    assert.deepEqual(m.beyond, ['service', 'dns', 'external']);
    // Diagonal: 2 same-node + 1 pod-node + 1 node-pod per node.
    for (let i = 0; i < 3; i++) assert.deepEqual([cellAt(m, i, i).passed, cellAt(m, i, i).failed, cellAt(m, i, i).state], [4, 0, 'passed']);
    // Off the diagonal: tcp, udp, icmp, mtu + pod-node + node-pod.
    assert.deepEqual([cellAt(m, 0, 1).passed, cellAt(m, 0, 1).state, cellAt(m, 0, 1).worstKind], [6, 'passed', undefined]);
    for (let r = 0; r < 3; r++) assert.deepEqual([0, 1, 2].map((b) => beyondCellAt(m, r, b).passed), [1, 1, 1]);
    // Every probe in exactly one cell, none unplaced.
    const placed = [...m.cells.values(), ...m.beyondCells.values()].flatMap((c) => c.pairs).sort((a, b) => a - b);
    assert.deepEqual(placed, pairs.map((_, i) => i));
    assert.equal(m.unplaced.pairs.length, 0);
  });

  it('counts failures and NAT as failed, colours by the worst outcome and names the worst kind', () => {
    let pairs = breakWhere(passingPairs(), (p) => p.kind === 'mtu' && p.from.node === 'node-1' && p.to.node === 'node-2', failed);
    pairs = breakWhere(pairs, (p) => p.kind === 'cross-node' && p.protocol === 'udp' && p.from.node === 'node-1' && p.to.node === 'node-2', failed);
    pairs = breakWhere(pairs, (p) => p.kind === 'cross-node' && p.protocol === 'tcp' && p.from.node === 'node-2' && p.to.node === 'node-3', {
      sourcePreserved: false,
      sourceSeen: '172.31.0.12',
    });
    const m = connectivityMatrix(report(pairs));
    const c12 = cellAt(m, 0, 1);
    assert.deepEqual([c12.passed, c12.failed, c12.state, c12.worstKind], [4, 2, 'failed', 'cross-node']);
    const c23 = cellAt(m, 1, 2);
    assert.deepEqual([c23.passed, c23.failed, c23.state, c23.worstKind], [5, 1, 'nat', 'cross-node']);
    assert.equal(cellAt(m, 1, 0).state, 'passed');
    assert.equal(cellText(c12), '4 passed · 2 failed');
  });

  it('masquerade on the way out of the cluster is not a failure', () => {
    const m = connectivityMatrix(report(breakWhere(passingPairs(), (p) => p.kind === 'external', { sourcePreserved: false, sourceSeen: '172.31.0.11' })));
    assert.ok([0, 1, 2].every((r) => beyondCellAt(m, r, 2).state === 'passed' && beyondCellAt(m, r, 2).failed === 0));
  });

  it('puts probes that never reported in their cell (or their row’s diagonal without a destination) as not run', () => {
    const m = connectivityMatrix(report(passingPairs(), [
      { from: probePod(3, 0), reason: 'probe pod Pending: no IP' },
      { from: probePod(1, 0), to: probePod(2, 0), kind: 'cross-node', reason: 'timeout' },
      { from: probePod(1, 0), kind: 'dns', reason: 'timeout' },
    ]));
    assert.deepEqual([cellAt(m, 2, 2).notRun, cellAt(m, 2, 2).state], [1, 'not-run']);
    assert.deepEqual([cellAt(m, 0, 1).notRun, cellAt(m, 0, 1).missing], [1, [1]]);
    assert.deepEqual([beyondCellAt(m, 0, 1).notRun, beyondCellAt(m, 0, 1).state], [1, 'not-run']);
    assert.match(cellText(cellAt(m, 0, 1)), /6 passed · 1 not run/);
  });

  it('stays sparse on a big cluster: only probed cells are held', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `node-${i}`);
    const m = connectivityMatrix(report(passingPairs()), names);
    assert.equal(m.nodes.length, 5000);
    assert.ok(m.cells.size <= 9, `cells held: ${m.cells.size}`);
    assert.equal(cellAt(m, 4999, 4998).state, 'empty');
  });

  it('gives cluster nodes no probe ran on an empty row, and keeps probes from no node as unplaced', () => {
    const pairs = passingPairs().filter((p) => p.kind === 'same-node');
    const m = connectivityMatrix(report([...pairs, { ...pairs[0], from: { ip: '10.32.9.9' } }]), ['node-4']);
    assert.deepEqual(m.nodes, ['node-1', 'node-2', 'node-3', 'node-4']);
    assert.ok([0, 1, 2, 3].every((k) => cellAt(m, 3, k).state === 'empty' && cellAt(m, k, 3).state === 'empty'));
    assert.deepEqual(m.unplaced.pairs, [pairs.length]);
    assert.deepEqual(m.beyond, []);
  });
});
