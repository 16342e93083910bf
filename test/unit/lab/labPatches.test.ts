import assert from 'node:assert/strict';
import { jsonPatch, mergePatch, strategicMergePatch } from '../../../src/lab/admission/patches';

describe('lab patches', () => {
  const ds = {
    spec: { template: { spec: { containers: [{ name: 'a', image: 'a:1', env: [{ name: 'X', value: '1' }] }, { name: 'b', image: 'b:1' }] } } },
    metadata: { labels: { x: '1', y: '2' } },
  };
  it('merge patch replaces lists and deletes nulls', () => {
    assert.deepEqual(mergePatch(ds, { metadata: { labels: { x: null, z: '3' } } }), { ...ds, metadata: { labels: { y: '2', z: '3' } } });
    const replaced = mergePatch(ds, { spec: { template: { spec: { containers: [{ name: 'a', image: 'a:2' }] } } } }) as typeof ds;
    assert.deepEqual(replaced.spec.template.spec.containers, [{ name: 'a', image: 'a:2' }]);
  });
  it('strategic merge patch merges containers by name and honours $patch: delete', () => {
    const out = strategicMergePatch(ds, { spec: { template: { spec: { containers: [{ name: 'a', image: 'a:2' }] } } } }) as typeof ds;
    assert.deepEqual(out.spec.template.spec.containers.map((c) => `${c.name}=${c.image}`), ['a=a:2', 'b=b:1']);
    assert.deepEqual(out.spec.template.spec.containers[0].env, [{ name: 'X', value: '1' }]);
    const del = strategicMergePatch(ds, { spec: { template: { spec: { containers: [{ name: 'b', $patch: 'delete' }] } } } }) as typeof ds;
    assert.deepEqual(del.spec.template.spec.containers.map((c) => c.name), ['a']);
  });
  it('JSON patch: add, replace, remove, test', () => {
    const out = jsonPatch(ds, [
      { op: 'replace', path: '/spec/template/spec/containers/1/image', value: 'b:2' },
      { op: 'add', path: '/metadata/labels/app~1name', value: 'v' },
      { op: 'remove', path: '/metadata/labels/x' },
      { op: 'test', path: '/metadata/labels/y', value: '2' },
    ]) as typeof ds;
    assert.equal(out.spec.template.spec.containers[1].image, 'b:2');
    assert.deepEqual(out.metadata.labels, { y: '2', 'app/name': 'v' });
    assert.throws(() => jsonPatch(ds, [{ op: 'test', path: '/metadata/labels/y', value: 'nope' }]), /testing value/);
    assert.equal(ds.spec.template.spec.containers[1].image, 'b:1');
  });
});
