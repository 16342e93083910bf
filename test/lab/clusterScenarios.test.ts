import assert from 'node:assert/strict';
import { startLab } from '../../src/lab/startLab';
import { connectCluster } from '../../src/kube/connectCluster';
import { loadKubeconfig } from '../../src/kube/kubeconfigLoader';
import type { ClusterModel } from '../../src/core/cluster/clusterModel';
import { runCli } from '../../src/cli/main';
import type { InspectReport } from '../../src/core/cluster/inspectReport';
import { modelState, storeState } from './clusterSupport';

/** Starts a scenario, builds the model, runs `check`, stops everything. */
async function withScenario(scenario: string, check: (model: ClusterModel, kubeconfig: string) => Promise<void> | void): Promise<void> {
  const lab = await startLab({ scenario });
  try {
    const loaded = loadKubeconfig({ files: [lab.kubeconfigPath], origin: '--kubeconfig' });
    if (loaded.kind !== 'ok') throw new Error(loaded.message);
    const { watcher, status } = await connectCluster(loaded.kubeConfig, { timeoutMs: 20_000 });
    try {
      assert.equal(status.kind, 'connected');
      // Whatever the scenario, the model holds exactly the server's nodes and pods.
      assert.deepEqual(modelState(watcher.model), storeState(lab.store));
      await check(watcher.model, lab.kubeconfigPath);
    } finally {
      watcher.stop();
    }
  } finally {
    await lab.stop();
  }
}

const findingList = (m: ClusterModel) =>
  m
    .findings()
    .map((f) => `${f.code} ${f.subjects.map((s) => (s.kind === 'node' ? s.name : `${s.namespace}/${s.name}`)).join(',')}`)
    .sort();

describe('cluster view against the lab: each CNI shows the block that applies', () => {
  const cases: { scenario: string; cni: string; source: string; blocks: string[]; podNetwork: string[]; findings?: string[] }[] = [
    { scenario: 'weave', cni: 'weave', source: 'derived-podcidr', blocks: ['10.32.1.0/24', '10.32.2.0/24', '10.32.3.0/24'], podNetwork: ['10.32.0.0/12'] },
    { scenario: 'flannel', cni: 'flannel', source: 'node-spec', blocks: ['10.244.1.0/24', '10.244.2.0/24', '10.244.3.0/24'], podNetwork: ['10.244.0.0/16'] },
    {
      scenario: 'calico',
      cni: 'calico',
      source: 'calico-ipamblock',
      blocks: ['192.168.0.64/26', '192.168.1.64/26', '192.168.2.64/26'],
      podNetwork: ['192.168.0.0/16'],
    },
    // Cilium's default pool (10.0.0.0/8) holds kubeadm's default services (10.96.0.0/12): the allocator may hand them out.
    {
      scenario: 'cilium',
      cni: 'cilium',
      source: 'ciliumnode',
      blocks: ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24'],
      podNetwork: ['10.0.0.0/8'],
      findings: ['pod-network-overlaps-service-network '],
    },
    { scenario: 'kindnet', cni: 'kindnet', source: 'node-spec', blocks: ['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24'], podNetwork: ['10.244.0.0/16'] },
  ];
  for (const c of cases) {
    it(`${c.scenario}: ${c.source} blocks, pods inside them, ${c.findings ? c.findings.join(', ').trim() : 'no findings'}`, () =>
      withScenario(c.scenario, (m) => {
        assert.equal(m.cni.name, c.cni);
        assert.deepEqual(m.nodes().map((n) => n.blocks.map((b) => `${b.cidr} ${b.source}`).join()), c.blocks.map((b) => `${b} ${c.source}`));
        assert.deepEqual(m.networks.podNetworks.map((n) => n.cidr), c.podNetwork);
        for (const n of m.nodes()) {
          const podsWithIp = m.podsOn(n.name).filter((p) => !p.hostNetwork && p.podIPs.length > 0).length;
          assert.ok(podsWithIp > 0, `${n.name} has pods`);
          assert.equal(n.used, podsWithIp, `${n.name}: every pod IP inside the block`);
          assert.equal(n.usable, c.source === 'calico-ipamblock' ? 62 : 254);
        }
        assert.deepEqual(findingList(m), c.findings ?? []);
      }));
  }

  it('no-cni: NotReady nodes with podCIDRs from node IPAM, Pending pods, no CNI', () =>
    withScenario('no-cni', (m) => {
      assert.equal(m.cni.name, 'none');
      assert.deepEqual(m.nodes().map((n) => [n.info?.ready, n.blocks.map((b) => b.source).join()]), [[false, 'node-spec'], [false, 'node-spec'], [
        false,
        'node-spec',
      ]]);
      assert.ok(m.unscheduledPods().length > 0 || [...m.pods()].some((p) => p.phase === 'Pending'));
      assert.deepEqual(findingList(m), []);
    }));

  it('empty: no nodes, no findings', () =>
    withScenario('empty', (m) => {
      assert.deepEqual(m.nodeNames(), []);
      assert.deepEqual(findingList(m), []);
    }));
});

describe('cluster view against the lab: each broken scenario yields exactly its findings', () => {
  const cases: { scenario: string; findings: string[] }[] = [
    { scenario: 'broken-outside-block', findings: ['pod-ip-outside-block shop/stray-5d8c9,node-1'] },
    { scenario: 'broken-overlap', findings: ['node-block-overlap node-2,node-3'] },
    {
      scenario: 'broken-node-network',
      findings: ['block-overlaps-node-network node-1', 'block-overlaps-node-network node-2', 'block-overlaps-node-network node-3'],
    },
    {
      scenario: 'broken-service-network',
      findings: [
        'block-overlaps-service-network node-1',
        'block-overlaps-service-network node-2',
        'block-overlaps-service-network node-3',
        'pod-network-overlaps-service-network ',
      ],
    },
    { scenario: 'broken-no-podcidr', findings: ['node-without-block node-1', 'node-without-block node-2', 'node-without-block node-3'] },
  ];
  for (const c of cases) {
    it(c.scenario, () => withScenario(c.scenario, (m) => assert.deepEqual(findingList(m), c.findings)));
  }

  it('podnet inspect --format json reports the findings and exits 1 on errors', () =>
    withScenario('broken-overlap', async (_m, kubeconfig) => {
      let out = '';
      const code = await runCli(['inspect', '--kubeconfig', kubeconfig, '--format', 'json'], {
        out: (t) => (out += t),
        err: () => undefined,
        isInteractive: false,
        signal: new AbortController().signal,
      });
      const report = JSON.parse(out) as InspectReport;
      assert.equal(code, 1);
      assert.deepEqual(report.findings.map((f) => [f.code, f.severity, f.subjects]), [['node-block-overlap', 'error', [{ kind: 'node', name: 'node-2' }, {
        kind: 'node',
        name: 'node-3',
      }]]]);
      assert.deepEqual(report.nodes.find((n) => n.name === 'node-3')?.blocks, [{ cidr: '10.32.2.128/25', source: 'derived-podcidr' }]);
      assert.equal(report.pods.find((p) => p.name === 'db-0')?.ips[0], '10.32.2.140');
    }));
});
