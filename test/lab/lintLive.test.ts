import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import type { RunningLab } from '../../src/lab/startLab';
import { startLab } from '../../src/lab/startLab';

// `podnet lint --kubeconfig`: the live rules (PN160–PN162) against the seed lab cluster
// (nodes 172.31.1.10–12, Weave blocks 10.32.x.0/24, services 10.96.0.0/12).
describe('podnet lint against a live cluster', () => {
  let lab: RunningLab;
  let dir: string;
  before(async () => {
    lab = await startLab({ scenario: 'seed' });
    dir = mkdtempSync(join(tmpdir(), 'podnet-lint-live-'));
  });
  after(async () => {
    await lab?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const lint = async (manifest: string) => {
    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, manifest);
    let out = '';
    let err = '';
    const code = await runCli(['lint', '--format', 'json', '--kubeconfig', lab.kubeconfigPath, '--context', lab.contextName, file], {
      out: (t) => (out += t),
      err: (t) => (err += t),
      isInteractive: false,
      signal: new AbortController().signal,
    });
    return { code, err, findings: code === 2 ? [] : (JSON.parse(out).findings as { code: string; message: string; line: number }[]) };
  };
  const kubeadm = (pod: string) =>
    `apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: ${pod}\n  serviceSubnet: 10.96.0.0/12\n`;

  it('a manifest that matches the cluster passes', async () => {
    const r = await lint(kubeadm('10.32.0.0/12'));
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(r.findings, []);
  });
  it('a pod network over the node network is caught against the real nodes and blocks', async () => {
    const r = await lint(kubeadm('172.31.0.0/16'));
    assert.equal(r.code, 1, r.err);
    assert.deepEqual(r.findings.map((f) => f.code).sort(), ['PN160', 'PN162']);
    const pn160 = r.findings.find((f) => f.code === 'PN160');
    assert.match(pn160?.message ?? '', /\(172\.31\.1\.10\)/);
    assert.equal(pn160?.line, 4);
  });
  it('an unreadable kubeconfig is a usage/I-O error (exit 2)', async () => {
    const file = join(dir, 'x.yaml');
    writeFileSync(file, kubeadm('10.32.0.0/12'));
    let err = '';
    const code = await runCli(['lint', '--kubeconfig', join(dir, 'missing-kubeconfig'), file], {
      out: () => undefined,
      err: (t) => (err += t),
      isInteractive: false,
      signal: new AbortController().signal,
    });
    assert.equal(code, 2);
    assert.ok(err.length > 0);
  });
});
