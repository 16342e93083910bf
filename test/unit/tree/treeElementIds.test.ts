import assert from 'node:assert/strict';
import { nodeId, podId, subjectElementId, subjectOfElementId } from '../../../src/vscode/tree/treeElements';

// One module owns the tree's element ids both ways (the reveal command, finding rows, the map).
describe('tree element ids', () => {
  it('a node or pod id names its subject, and the subject names the same id back', () => {
    for (
      const s of [{ kind: 'node', name: 'ip-10-0-1-5.ec2.internal' }, { kind: 'pod', namespace: 'kube-system', name: 'coredns-668d6bf9bc-k8m2q' }] as const
    ) {
      const id = subjectElementId(s);
      assert.equal(id, s.kind === 'node' ? nodeId(s.name) : podId(s.namespace, s.name));
      assert.deepEqual(subjectOfElementId(id), s);
    }
  });
  it('other ids name no subject', () => {
    for (const id of ['node-group/3', 'cluster', 'problems/node-block-overlap', 'pod/only-namespace', 'pod/a/b/c', 'node/']) {
      assert.equal(subjectOfElementId(id), undefined, id);
    }
  });
});
