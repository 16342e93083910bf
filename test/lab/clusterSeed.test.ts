import assert from 'node:assert/strict';
import { startLab } from '../../src/lab/startLab';
import type { RunningLab } from '../../src/lab/startLab';
import { connectCluster } from '../../src/kube/connectCluster';
import { loadKubeconfig } from '../../src/kube/kubeconfigLoader';
import type { ClusterWatcher } from '../../src/kube/clusterWatcher';
import { runCli } from '../../src/cli/main';
import type { InspectReport } from '../../src/core/cluster/inspectReport';
import { modelState, storeState } from './clusterSupport';

async function connect(lab: RunningLab, context?: string): Promise<{ watcher: ClusterWatcher; status: string; limited: readonly string[] }> {
  const loaded = loadKubeconfig({ files: [lab.kubeconfigPath], origin: '--kubeconfig' }, context);
  assert.equal(loaded.kind, 'ok');
  if (loaded.kind !== 'ok') throw new Error('unreachable');
  const { watcher, status } = await connectCluster(loaded.kubeConfig, { timeoutMs: 20_000 });
  return { watcher, status: status.kind, limited: status.kind === 'connected' ? status.limited : [] };
}

async function inspectJson(args: string[]): Promise<{ code: number; report: InspectReport; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['inspect', ...args, '--format', 'json'], {
    out: (t) => (out += t),
    err: (t) => (err += t),
    isInteractive: false,
    signal: new AbortController().signal,
  });
  return { code, report: (out ? JSON.parse(out) : undefined) as InspectReport, err };
}

describe('cluster view against the lab: seed scenario', () => {
  let lab: RunningLab;
  before(async () => {
    lab = await startLab({ scenario: 'seed' });
  });
  after(async () => {
    await lab?.stop();
  });

  it('builds a model that matches the scenario exactly', async () => {
    const { watcher, status } = await connect(lab);
    try {
      assert.equal(status, 'connected');
      const m = watcher.model;
      // The scenario as the seed describes it.
      assert.deepEqual(
        m.nodes().map((n) => [n.name, n.info?.internalIPs.join(), n.info?.ready, n.blocks.map((b) => b.cidr).join()]),
        [
          ['node-1', '172.31.1.10', true, '10.32.1.0/24'],
          ['node-2', '172.31.1.11', true, '10.32.2.0/24'],
          ['node-3', '172.31.1.12', true, '10.32.3.0/24'],
        ],
      );
      assert.equal(m.cni.name, 'weave');
      assert.deepEqual(m.networks.podNetworks.map((n) => n.cidr), ['10.32.0.0/12']);
      assert.deepEqual(m.networks.serviceNetworks.map((n) => n.cidr), ['10.96.0.0/12']);
      assert.deepEqual(
        m.nodes().map((n) => `${n.used}/${n.usable}`),
        m.nodes().map((n) => `${m.podsOn(n.name).filter((p) => !p.hostNetwork && p.podIPs.length).length}/254`),
      );
      assert.equal(m.pod('shop', 'db-0')?.podIPs[0], '10.32.3.15');
      assert.equal(m.pod('shop', 'db-0')?.nodeName, 'node-3');
      assert.deepEqual(m.pod('shop', 'db-0')?.containers.map((c) => c.name).includes('metrics'), true);
      assert.equal(m.pod('shop', 'api-6b8f9d7c4f-q9z7r')?.podIPs[0], '10.32.2.20');
      assert.deepEqual(m.findings(), []);
      // Every node and pod on the server, field for field.
      assert.deepEqual(modelState(m), storeState(lab.store));
      const hostNet = [...m.pods()].filter((p) => p.hostNetwork);
      assert.ok(hostNet.length >= 3 && hostNet.every((p) => p.podIPs[0] === m.node(p.nodeName!)?.info?.internalIPs[0]));
    } finally {
      watcher.stop();
    }
  });

  it('with a token that may not list nodes: says so, and still shows the pods', async () => {
    const { watcher, status, limited } = await connect(lab, lab.restrictedContextName);
    try {
      assert.equal(status, 'connected');
      assert.deepEqual(limited, ['nodes']);
      assert.equal(watcher.model.podCount, storeState(lab.store).pods.length);
      assert.deepEqual(watcher.model.nodeNames(), ['node-1', 'node-2', 'node-3']);
      assert.equal(watcher.model.node('node-1')?.info, undefined);
    } finally {
      watcher.stop();
    }
  });

  it('podnet inspect --format json reports nodes, blocks, pods, IPs and findings', async () => {
    const { code, report } = await inspectJson(['--kubeconfig', lab.kubeconfigPath]);
    assert.equal(code, 0);
    assert.equal(report.schemaVersion, 1);
    assert.equal(report.context, 'podnet-lab-seed');
    assert.equal(report.server, lab.server);
    assert.equal(report.cni.name, 'weave');
    assert.deepEqual(
      report.nodes.map((n) => [n.name, n.internalIPs, n.blocks]),
      [
        ['node-1', ['172.31.1.10'], [{ cidr: '10.32.1.0/24', source: 'derived-podcidr' }]],
        ['node-2', ['172.31.1.11'], [{ cidr: '10.32.2.0/24', source: 'derived-podcidr' }]],
        ['node-3', ['172.31.1.12'], [{ cidr: '10.32.3.0/24', source: 'derived-podcidr' }]],
      ],
    );
    const db = report.pods.find((p) => p.name === 'db-0');
    assert.deepEqual([db?.namespace, db?.node, db?.ips, db?.hostNetwork], ['shop', 'node-3', ['10.32.3.15'], false]);
    assert.equal(report.pods.length, storeState(lab.store).pods.length);
    assert.deepEqual(report.findings, []);
    assert.deepEqual(report.summary, { nodes: 3, pods: report.pods.length, errors: 0, warnings: 0 });
  });

  it('podnet inspect fails clearly on a missing kubeconfig and on an unknown context', async () => {
    const missing = await inspectJson(['--kubeconfig', `${lab.kubeconfigPath}.nope`]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /no kubeconfig found/);
    const bad = await inspectJson(['--kubeconfig', lab.kubeconfigPath, '--context', 'nope']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /context "nope"/);
  });
});
