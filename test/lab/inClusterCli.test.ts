import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/command';
import type { RunningLab } from '../../src/lab/startLab';
import { startLab } from '../../src/lab/startLab';

// The CLI run as if inside a pod of the lab cluster: no kubeconfig anywhere, the service
// environment pointing at the lab's API, and a service-account mount holding the lab's CA and a
// token of the lab.
describe('podnet CLI with the in-cluster service account (lab)', () => {
  let lab: RunningLab;
  let dir: string;
  let io: (out: string[], err: string[]) => CliIo;
  before(async () => {
    lab = await startLab({ scenario: 'seed' });
    dir = mkdtempSync(join(tmpdir(), 'podnet-incluster-lab-'));
    const sa = join(dir, 'serviceaccount');
    mkdirSync(sa);
    mkdirSync(join(dir, 'home'));
    writeFileSync(join(sa, 'token'), lab.token, { mode: 0o600 });
    writeFileSync(join(sa, 'ca.crt'), lab.caPem);
    writeFileSync(join(sa, 'namespace'), 'default');
    const url = new URL(lab.server);
    const env = { HOME: join(dir, 'home'), KUBERNETES_SERVICE_HOST: url.hostname, KUBERNETES_SERVICE_PORT: url.port };
    io = (out, err) => ({
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      isInteractive: false,
      signal: new AbortController().signal,
      kubeEnvironment: { env, serviceAccountDir: sa },
    });
  });
  after(async () => {
    await lab?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('podnet inspect --format json reads the lab through the service account', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['inspect', '--format', 'json', '--timeout', '20'], io(out, err));
    assert.ok(code === 0 || code === 1, `exit ${code}: ${err.join('')}`);
    assert.match(err.join(''), /no kubeconfig found; using the in-cluster service account \(.*\/token\) for https:\/\/127\.0\.0\.1:\d+/);
    const report = JSON.parse(out.join('')) as { context: string; server: string; nodes: { name: string }[] };
    assert.equal(report.context, 'in-cluster');
    assert.equal(report.server, lab.server.replace(/\/+$/, ''));
    const names = lab.store.list('v1', 'Node').map((n) => n.metadata.name).sort();
    assert.deepEqual(report.nodes.map((n) => n.name).sort(), names);
    assert.ok(names.length >= 3);
    assert.doesNotMatch(out.join('') + err.join(''), new RegExp(lab.token));
  });

  it('podnet lint --live checks a manifest against the lab through the service account', async () => {
    const file = join(dir, 'cluster.yaml');
    // The seed's nodes are on 172.31.1.0/24: a pod network over them is caught only live (PN160).
    writeFileSync(
      file,
      'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: 172.31.0.0/16\n  serviceSubnet: 10.96.0.0/12\n',
    );
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['lint', '--live', '--format', 'json', file], io(out, err));
    assert.equal(code, 1, err.join(''));
    const findings = (JSON.parse(out.join('')) as { findings: { code: string }[] }).findings.map((f) => f.code);
    assert.ok(findings.includes('PN160'), findings.join(' '));
  });

  it('a wrong token is refused (401), the message names the server and not the token', async () => {
    const sa = join(dir, 'bad-serviceaccount');
    mkdirSync(sa);
    writeFileSync(join(sa, 'token'), 'not-a-lab-token');
    writeFileSync(join(sa, 'ca.crt'), lab.caPem);
    const url = new URL(lab.server);
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['inspect', '--timeout', '10'], {
      ...io(out, err),
      kubeEnvironment: { env: { HOME: join(dir, 'home'), KUBERNETES_SERVICE_HOST: url.hostname, KUBERNETES_SERVICE_PORT: url.port }, serviceAccountDir: sa },
    });
    assert.equal(code, 2);
    assert.match(err.join(''), /not authorised \(401\)/);
    assert.doesNotMatch(err.join(''), /not-a-lab-token/);
  });
});
