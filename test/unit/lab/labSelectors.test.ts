import assert from 'node:assert/strict';
import { fieldMatcher, labelMatcher } from '../../../src/lab/api/selectors';
import type { StoredObject } from '../../../src/lab/store/storedObject';

const pod = (name: string, labels: Record<string, string>, nodeName?: string): StoredObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'ns', labels },
  spec: { nodeName },
});

describe('lab selectors', () => {
  const pods = [pod('a', { app: 'web', tier: 'front' }, 'n1'), pod('b', { app: 'db' }, 'n2'), pod('c', {}, 'n1')];
  const names = (m: ((o: StoredObject) => boolean) | undefined): string[] => pods.filter((p) => !m || m(p)).map((p) => p.metadata.name);
  it('label selectors: equality, inequality, set-based, existence', () => {
    assert.deepEqual(names(labelMatcher('app=web')), ['a']);
    assert.deepEqual(names(labelMatcher('app==db')), ['b']);
    assert.deepEqual(names(labelMatcher('app!=web')), ['b', 'c']);
    assert.deepEqual(names(labelMatcher('app in (web, db),tier notin (back)')), ['a', 'b']);
    assert.deepEqual(names(labelMatcher('app')), ['a', 'b']);
    assert.deepEqual(names(labelMatcher('!app')), ['c']);
    assert.throws(() => labelMatcher('app in web'), /unable to parse requirement/);
  });
  it('field selectors: the fields the apiserver supports per kind, 400 for others', () => {
    assert.deepEqual(names(fieldMatcher('spec.nodeName=n1', 'Pod')), ['a', 'c']);
    assert.deepEqual(names(fieldMatcher('metadata.name!=a,spec.nodeName==n1', 'Pod')), ['c']);
    assert.throws(
      () => fieldMatcher('spec.nodeName=n1', 'ConfigMap'),
      (e: Error & { code?: number }) => e.code === 400 && /field label not supported: spec\.nodeName/.test(e.message),
    );
  });
});
