import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { RequestOptions } from 'node:https';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mock } from 'node:test';
import type { KubeConfig } from '@kubernetes/client-node';
import { runCli } from '../../../src/cli/main';
import { inClusterContext, loadInClusterConfig } from '../../../src/kube/inClusterConfig';
import { resolveKubeconfig } from '../../../src/kube/resolveKubeconfig';
import { createLabCertificates } from '../../../src/lab/tls/labCertificates';

const token = 'in-cluster-secret-token-7f3a';
const { caPem } = createLabCertificates(['127.0.0.1']);
const kubeconfigYaml = (server: string) =>
  `apiVersion: v1\nkind: Config\ncurrent-context: file\nclusters:\n- name: file\n  cluster:\n    server: ${server}\nusers:\n- name: file\n  user:\n    token: file-token\ncontexts:\n- name: file\n  context:\n    cluster: file\n    user: file\n`;

async function requestOptions(kc: KubeConfig): Promise<RequestOptions & { headers: Record<string, string> }> {
  const opts: RequestOptions & { headers: Record<string, string> } = { headers: {} };
  await kc.applyToHTTPSOptions(opts);
  return opts;
}

describe('kube/inClusterConfig', () => {
  let dir: string;
  let sa: string;
  let home: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'podnet-incluster-'));
    sa = join(dir, 'serviceaccount');
    home = join(dir, 'home');
    mkdirSync(sa);
    mkdirSync(home);
    writeFileSync(join(sa, 'token'), token);
    writeFileSync(join(sa, 'ca.crt'), caPem);
    writeFileSync(join(sa, 'namespace'), 'podnet-system');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('builds https://HOST:PORT with the mounted CA and token (verification on)', async () => {
    const r = loadInClusterConfig({ KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' }, sa);
    assert.equal(r.kind, 'ok');
    if (r.kind !== 'ok') return;
    const cluster = r.kubeConfig.getCurrentCluster();
    assert.equal(cluster?.server, 'https://10.96.0.1:443');
    assert.equal(cluster?.skipTLSVerify, false);
    assert.equal(r.kubeConfig.getCurrentContext(), inClusterContext);
    assert.equal(r.kubeConfig.getContextObject(inClusterContext)?.namespace, 'podnet-system');
    const opts = await requestOptions(r.kubeConfig);
    assert.equal(opts.headers['Authorization'], `Bearer ${token}`);
    assert.equal(String(opts.ca), caPem);
    assert.notEqual(opts.rejectUnauthorized, false);
  });

  it('brackets an IPv6 service host; always https, even on port 80', () => {
    const v6 = loadInClusterConfig({ KUBERNETES_SERVICE_HOST: 'fd00:10:96::1', KUBERNETES_SERVICE_PORT: '443' }, sa);
    assert.equal(v6.kind === 'ok' && v6.kubeConfig.getCurrentCluster()?.server, 'https://[fd00:10:96::1]:443');
    const p80 = loadInClusterConfig({ KUBERNETES_SERVICE_HOST: 'kubernetes.default.svc', KUBERNETES_SERVICE_PORT: '80' }, sa);
    assert.equal(p80.kind === 'ok' && p80.kubeConfig.getCurrentCluster()?.server, 'https://kubernetes.default.svc:80');
  });

  it('re-reads a rotated token (client-node re-reads the file after 60 s, like client-go)', async () => {
    mock.timers.enable({ apis: ['Date'], now: Date.now() });
    try {
      const r = loadInClusterConfig({ KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' }, sa);
      if (r.kind !== 'ok') throw new Error(r.why);
      assert.equal((await requestOptions(r.kubeConfig)).headers['Authorization'], `Bearer ${token}`);
      writeFileSync(join(sa, 'token'), 'rotated-token');
      mock.timers.tick(30_000);
      assert.equal((await requestOptions(r.kubeConfig)).headers['Authorization'], `Bearer ${token}`);
      mock.timers.tick(31_000);
      assert.equal((await requestOptions(r.kubeConfig)).headers['Authorization'], 'Bearer rotated-token');
    } finally {
      mock.timers.reset();
    }
  });

  it('is absent outside a pod or without a readable token', () => {
    const none = loadInClusterConfig({}, sa);
    assert.equal(none.kind, 'absent');
    assert.match(none.kind === 'absent' ? none.why : '', /KUBERNETES_SERVICE_HOST/);
    const noToken = loadInClusterConfig({ KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' }, join(dir, 'elsewhere'));
    assert.equal(noToken.kind, 'absent');
    assert.match(noToken.kind === 'absent' ? noToken.why : '', /no readable service-account token/);
    assert.equal(loadInClusterConfig({ KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: 'https' }, sa).kind, 'absent');
  });

  describe('resolveKubeconfig: the fallback order', () => {
    const podEnv = () => ({ HOME: home, KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '6443' });

    it('in a pod with no kubeconfig anywhere: the service account, named as the source', () => {
      const r = resolveKubeconfig({ inCluster: true, env: podEnv(), serviceAccountDir: sa });
      assert.equal(r.kind, 'ok');
      assert.equal(r.source.origin, 'in-cluster service account');
      assert.equal(r.kind === 'ok' && r.kubeConfig.getCurrentCluster()?.server, 'https://10.96.0.1:6443');
    });

    it('a kubeconfig file wins over the service account (~/.kube/config, KUBECONFIG, --kubeconfig)', () => {
      mkdirSync(join(home, '.kube'));
      writeFileSync(join(home, '.kube', 'config'), kubeconfigYaml('https://127.0.0.1:1001'));
      const fromHome = resolveKubeconfig({ inCluster: true, env: podEnv(), serviceAccountDir: sa });
      assert.equal(fromHome.kind === 'ok' && fromHome.kubeConfig.getCurrentCluster()?.server, 'https://127.0.0.1:1001');
      assert.equal(fromHome.source.origin, '~/.kube/config');
      const file = join(dir, 'kc');
      writeFileSync(file, kubeconfigYaml('https://127.0.0.1:1002'));
      const fromEnv = resolveKubeconfig({ inCluster: true, env: { ...podEnv(), KUBECONFIG: file }, serviceAccountDir: sa });
      assert.equal(fromEnv.kind === 'ok' && fromEnv.kubeConfig.getCurrentCluster()?.server, 'https://127.0.0.1:1002');
      const fromFlag = resolveKubeconfig({ kubeconfig: file, inCluster: true, env: podEnv(), serviceAccountDir: sa });
      assert.equal(fromFlag.source.origin, '--kubeconfig');
    });

    it('never without the opt-in (the extension), nor for a missing --kubeconfig or another --context', () => {
      const extension = resolveKubeconfig({ env: podEnv(), serviceAccountDir: sa });
      assert.equal(extension.kind, 'missing');
      assert.match(extension.kind === 'missing' ? extension.message : '', /^no kubeconfig found/);
      const flag = resolveKubeconfig({ kubeconfig: join(dir, 'missing'), inCluster: true, env: podEnv(), serviceAccountDir: sa });
      assert.equal(flag.kind, 'missing');
      const context = resolveKubeconfig({ context: 'prod', inCluster: true, env: podEnv(), serviceAccountDir: sa });
      assert.equal(context.kind, 'missing');
      assert.equal(resolveKubeconfig({ context: inClusterContext, inCluster: true, env: podEnv(), serviceAccountDir: sa }).kind, 'ok');
    });

    it('an unreadable kubeconfig is an error, not a reason to fall back', () => {
      writeFileSync(join(dir, 'bad'), 'clusters: [ {');
      const r = resolveKubeconfig({ inCluster: true, env: { ...podEnv(), KUBECONFIG: join(dir, 'bad') }, serviceAccountDir: sa });
      assert.equal(r.kind, 'invalid');
    });

    it('outside a pod the message says why in-cluster did not apply', () => {
      const r = resolveKubeconfig({ inCluster: true, env: { HOME: home }, serviceAccountDir: sa });
      assert.equal(r.kind, 'missing');
      assert.match(r.kind === 'missing' ? r.message : '', /no kubeconfig found .*, and no in-cluster service account: not in a pod/);
    });
  });

  it('podnet inspect says it uses the service account and never prints the token', async () => {
    // A port that was just free: the connection is refused, quickly and locally.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    let out = '';
    let err = '';
    const code = await runCli(['inspect', '--timeout', '5'], {
      out: (t) => (out += t),
      err: (t) => (err += t),
      isInteractive: false,
      signal: new AbortController().signal,
      kubeEnvironment: { env: { HOME: home, KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(port) }, serviceAccountDir: sa },
    });
    assert.equal(code, 2);
    assert.match(
      err,
      new RegExp(`using the in-cluster service account \\(${sa.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/token\\) for https://127\\.0\\.0\\.1:${port}`),
    );
    assert.match(err, /ECONNREFUSED/);
    assert.doesNotMatch(out + err, new RegExp(token));
  });
});
