import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { isLocalhostFallback, loadKubeconfig } from '../../../src/kube/kubeconfigLoader';
import { kubeconfigSource } from '../../../src/kube/kubeconfigSources';

const config = (current: string, entries: { name: string; server: string; token: string }[]) =>
  [
    'apiVersion: v1',
    'kind: Config',
    current ? `current-context: ${current}` : '',
    'clusters:',
    ...entries.map((e) => `- name: ${e.name}\n  cluster:\n    server: ${e.server}`),
    'users:',
    ...entries.map((e) => `- name: ${e.name}\n  user:\n    token: ${e.token}`),
    'contexts:',
    ...entries.map((e) => `- name: ${e.name}\n  context:\n    cluster: ${e.name}\n    user: ${e.name}`),
  ].join('\n');

describe('kube/kubeconfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'podnet-kc-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('orders sources like kubectl with Podnet first: podnet.kubeconfig, vs-kubernetes, KUBECONFIG, ~/.kube/config', () => {
    const env = { KUBECONFIG: `/a${delimiter}/b` };
    assert.deepEqual(kubeconfigSource({ podnetKubeconfig: '~/p' }, env, '/home/u'), { files: ['/home/u/p'], origin: 'podnet.kubeconfig' });
    assert.deepEqual(kubeconfigSource({ vsKubernetesKubeconfig: '/v' }, env, '/home/u'), { files: ['/v'], origin: 'vs-kubernetes.kubeconfig' });
    assert.deepEqual(kubeconfigSource({}, env, '/home/u'), { files: ['/a', '/b'], origin: 'KUBECONFIG' });
    assert.deepEqual(kubeconfigSource({ podnetKubeconfig: '  ' }, {}, '/home/u'), { files: ['/home/u/.kube/config'], origin: '~/.kube/config' });
  });

  it('merges several files: first file wins per name and for current-context; missing files are skipped', () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    writeFileSync(a, config('one', [{ name: 'one', server: 'https://127.0.0.1:1001', token: 'ta' }]));
    writeFileSync(
      b,
      config('two', [{ name: 'one', server: 'https://127.0.0.1:9999', token: 'tb' }, { name: 'two', server: 'https://127.0.0.1:1002', token: 'tt' }]),
    );
    const r = loadKubeconfig({ files: [join(dir, 'missing'), a, b], origin: 'KUBECONFIG' });
    assert.equal(r.kind, 'ok');
    if (r.kind !== 'ok') return;
    assert.equal(r.kubeConfig.getCurrentContext(), 'one');
    assert.equal(r.kubeConfig.getCurrentCluster()?.server, 'https://127.0.0.1:1001');
    assert.deepEqual(r.kubeConfig.getContexts().map((c) => c.name), ['one', 'two']);
    const two = loadKubeconfig({ files: [a, b], origin: 'KUBECONFIG' }, 'two');
    assert.equal(two.kind === 'ok' && two.kubeConfig.getCurrentCluster()?.server, 'https://127.0.0.1:1002');
  });

  it('reports a missing kubeconfig, an unknown context and an unreadable file instead of falling back', () => {
    const missing = loadKubeconfig({ files: [join(dir, 'nope')], origin: '~/.kube/config' });
    assert.equal(missing.kind, 'missing');
    assert.match(missing.kind === 'missing' ? missing.message : '', /no kubeconfig found/);
    const a = join(dir, 'a');
    writeFileSync(a, config('one', [{ name: 'one', server: 'https://127.0.0.1:1001', token: 'ta' }]));
    const bad = loadKubeconfig({ files: [a], origin: 'KUBECONFIG' }, 'other');
    assert.equal(bad.kind, 'invalid');
    writeFileSync(a, 'clusters: [ {');
    assert.equal(loadKubeconfig({ files: [a], origin: 'KUBECONFIG' }).kind, 'invalid');
  });

  it("recognises client-node's silent http://localhost:8080 fallback", () => {
    const saved = { KUBECONFIG: process.env.KUBECONFIG, HOME: process.env.HOME };
    try {
      delete process.env.KUBECONFIG;
      process.env.HOME = dir; // no .kube/config here
      const kc = new KubeConfig();
      kc.loadFromDefault();
      assert.equal(isLocalhostFallback(kc), true);
      const real = new KubeConfig();
      real.loadFromString(config('one', [{ name: 'one', server: 'https://127.0.0.1:1001', token: 'ta' }]));
      assert.equal(isLocalhostFallback(real), false);
    } finally {
      if (saved.KUBECONFIG === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved.KUBECONFIG;
      process.env.HOME = saved.HOME;
    }
  });
});
