import assert from 'node:assert/strict';
import { FindingIndex } from '../../../src/core/cluster/findingIndex';
import type { Finding } from '../../../src/core/cluster/findings';

// What the Cluster Network tree redraws when the model changes, decided without VS Code.
const overlap = (a: string, b: string, message = `${a} and ${b} overlap`): Finding =>
  ({ code: 'node-block-overlap', severity: 'error', message, subjects: [{ kind: 'node', name: a }, { kind: 'node', name: b }] }) as Finding;
const strayPod = (node: string, message = 'pod outside its block'): Finding =>
  ({
    code: 'pod-ip-outside-block',
    severity: 'error',
    message,
    subjects: [{ kind: 'pod', namespace: 'shop', name: 'app' }, { kind: 'node', name: node }],
  }) as Finding;
const noChange = { nodes: new Set<string>(), cluster: false };
const groups = new Map([['node-1', 0], ['node-2', 0], ['node-300', 2]]);
const groupOf = (n: string) => groups.get(n);

describe("FindingIndex: the tree's fan-out", () => {
  it('the first findings redraw the nodes they are about, their groups and Problems', () => {
    const index = new FindingIndex();
    const t = index.update([overlap('node-1', 'node-300')], noChange, groupOf);
    assert.equal(t.all, false);
    assert.deepEqual([...t.nodes].sort(), ['node-1', 'node-300']);
    assert.deepEqual([...t.nodeGroups].sort(), [0, 2]);
    assert.equal(t.problems, true);
    assert.equal(index.about({ kind: 'node', name: 'node-1' }).length, 1);
    assert.equal(index.about({ kind: 'node', name: 'node-2' }).length, 0);
  });

  it('the same findings array again redraws only the nodes the model says changed, and not Problems', () => {
    const index = new FindingIndex();
    const findings = [overlap('node-1', 'node-2')];
    index.update(findings, noChange, groupOf);
    const t = index.update(findings, { nodes: new Set(['node-300']), cluster: false }, groupOf);
    assert.deepEqual([...t.nodes], ['node-300']);
    assert.deepEqual([...t.nodeGroups], []);
    assert.equal(t.problems, false);
  });

  it('a new array with the same messages changes nothing; a changed message redraws its subjects', () => {
    const index = new FindingIndex();
    index.update([overlap('node-1', 'node-2')], noChange, groupOf);
    assert.equal(index.update([overlap('node-1', 'node-2')], noChange, groupOf).problems, false);
    const t = index.update([overlap('node-1', 'node-2', 'now worse')], noChange, groupOf);
    assert.deepEqual([...t.nodes].sort(), ['node-1', 'node-2']);
    assert.equal(t.problems, true);
  });

  it('a pod finding that goes away redraws the node it was on (read from the findings before the change)', () => {
    const index = new FindingIndex();
    index.update([strayPod('node-2')], noChange, groupOf);
    const t = index.update([], noChange, groupOf);
    assert.ok(t.nodes.has('node-2'), [...t.nodes].join(' '));
    assert.equal(t.problems, true);
    assert.equal(index.about({ kind: 'pod', namespace: 'shop', name: 'app' }).length, 0);
  });

  it('a cluster-wide change redraws everything; clear() forgets the index until it is needed again', () => {
    const index = new FindingIndex();
    assert.equal(index.update([], { nodes: new Set(['node-1']), cluster: true }, groupOf).all, true);
    const findings = [overlap('node-1', 'node-2')];
    index.update(findings, noChange, groupOf);
    index.clear();
    assert.equal(index.findings, undefined);
    index.ensure(findings);
    assert.equal(index.findings, findings);
    assert.equal(index.about({ kind: 'node', name: 'node-2' }).length, 1);
  });

  it('kept Finding objects are not indexed again: after many changes each subject lists what a fresh index lists, in order', () => {
    const index = new FindingIndex();
    const kept = Array.from({ length: 300 }, (_, i) => overlap(`node-${i}`, `node-${i + 1}`));
    let current: Finding[] = [...kept];
    index.update(current, noChange, groupOf);
    for (let round = 0; round < 20; round++) {
      // Some kept findings go, new ones come (a stray pod on a node, an overlap placed first), one message changes.
      const next = current.filter((_, i) => (i + round) % 7 !== 0);
      next.unshift(overlap(`node-${round}`, `node-${round + 50}`, `new ${round}`));
      next.push(strayPod(`node-${round * 3}`, `stray ${round}`));
      const t = index.update(next, noChange, groupOf);
      const fresh = new FindingIndex();
      fresh.update(next, noChange, groupOf);
      for (let i = 0; i < 320; i++) {
        assert.deepEqual(index.about({ kind: 'node', name: `node-${i}` }), fresh.about({ kind: 'node', name: `node-${i}` }), `node-${i}`);
      }
      assert.deepEqual(index.about({ kind: 'pod', namespace: 'shop', name: 'app' }), fresh.about({ kind: 'pod', namespace: 'shop', name: 'app' }));
      assert.ok(t.nodes.has(`node-${round + 50}`), 'a new finding redraws its nodes');
      current = next;
    }
    // The same findings in a new array: nothing to redraw.
    assert.equal(index.update([...current], noChange, groupOf).problems, false);
  });
});
