import assert from 'node:assert/strict';
import { ClusterModel } from '../../../src/core/cluster/clusterModel';
import { buildInspectReport, formatInspectText, inspectSchemaVersion } from '../../../src/core/cluster/inspectReport';
import { runCli } from '../../../src/cli/main';
import { daemonSet, node, pod } from './fixtures';

describe('core/cluster/inspectReport', () => {
  const model = () => {
    const m = new ClusterModel();
    m.upsertDaemonSet(daemonSet('kube-flannel-ds', 'ghcr.io/flannel-io/flannel:v0.26.1', { namespace: 'kube-flannel' }));
    m.upsertConfigMap({ namespace: 'kube-flannel', name: 'kube-flannel-cfg', data: { 'net-conf.json': '{"Network": "10.244.0.0/16"}' } });
    m.upsertServiceCidr({ name: 'kubernetes', cidrs: ['10.96.0.0/12'] });
    m.upsertNode(node('node-10', '172.31.0.10', ['10.244.10.0/24']));
    m.upsertNode(node('node-2', '172.31.0.2', ['10.244.2.0/24']));
    m.upsertPod(pod('default', 'web', 'node-2', ['10.244.2.5']));
    m.upsertPod(pod('default', 'stray', 'node-2', ['10.244.10.9']));
    m.upsertPod(pod('default', 'pending', undefined, []));
    return m;
  };

  it('reports nodes in natural order with blocks, source and use; pods by node; findings; a schema version', () => {
    const r = buildInspectReport(model(), 'ctx', 'https://127.0.0.1:6443', []);
    assert.equal(r.schemaVersion, inspectSchemaVersion);
    assert.deepEqual(r.cni, { name: 'flannel', ipam: 'node-podcidr', evidence: 'DaemonSet kube-flannel/kube-flannel-ds' });
    assert.deepEqual(r.podNetworks, [{ cidr: '10.244.0.0/16', source: 'kube-flannel-cfg net-conf.json' }]);
    assert.deepEqual(r.serviceNetworks, [{ cidr: '10.96.0.0/12', source: 'ServiceCIDR kubernetes' }]);
    assert.equal(r.serviceIpHint, null);
    assert.deepEqual(r.nodes.map((n) => [n.name, n.blocks, n.pods, n.used, n.usable]), [
      ['node-2', [{ cidr: '10.244.2.0/24', source: 'node-spec' }], 2, 1, 254],
      ['node-10', [{ cidr: '10.244.10.0/24', source: 'node-spec' }], 0, 0, 254],
    ]);
    assert.deepEqual(r.pods.map((p) => [p.name, p.node, p.ips]), [['stray', 'node-2', ['10.244.10.9']], ['web', 'node-2', ['10.244.2.5']], [
      'pending',
      null,
      [],
    ]]);
    assert.deepEqual(r.findings.map((f) => f.code), ['pod-ip-outside-block']);
    assert.deepEqual(r.findings.map((f) => f.rule), ['PN190']);
    assert.deepEqual(r.summary, { nodes: 2, pods: 3, errors: 1, warnings: 0 });
    // JSON-safe: no bigint or undefined leaks into the document.
    assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
  });

  it('renders the same data as text', () => {
    const text = formatInspectText(buildInspectReport(model(), 'ctx', 'https://127.0.0.1:6443', ['nodes']));
    assert.match(text, /CNI: +flannel \(DaemonSet kube-flannel\/kube-flannel-ds; blocks from node-podcidr\)/);
    assert.match(text, /Limited access: +cannot list nodes — nodes shown from their pods only/);
    assert.match(text, /node-2 +172\.31\.0\.2 +True +10\.244\.2\.0\/24 +node-spec +1\/254 +110/);
    assert.match(text, /default\/pending +<none> +<unscheduled> +Pending/);
    assert.match(text, /FINDINGS \(1 error, 0 warnings\)\n +error +PN190 pod-ip-outside-block: Pod default\/stray has IP 10\.244\.10\.9/);
  });

  it('podnet inspect rejects bad flags with exit code 2 and its usage', async () => {
    let err = '';
    const io = { out: () => undefined, err: (t: string) => (err += t), isInteractive: false, signal: new AbortController().signal };
    assert.equal(await runCli(['inspect', '--format', 'yaml'], io), 2);
    assert.match(err, /--format must be text or json/);
    assert.match(err, /Usage: podnet inspect/);
    err = '';
    assert.equal(await runCli(['inspect', '--bogus'], io), 2);
    assert.match(err, /unknown argument "--bogus"/);
  });

  it('renders 5,000 nodes x 31 pods as text (no argument-spread limit)', () => {
    const base = buildInspectReport(model(), 'ctx', 'https://127.0.0.1:6443', []);
    const node = base.nodes[0]!;
    const pod = base.pods[0]!;
    const nodes = Array.from({ length: 5_000 }, (_, i) => ({ ...node, name: `node-${i}` }));
    const pods = Array.from({ length: 155_000 }, (_, i) => ({ ...pod, name: `pod-${i}`, node: `node-${i % 5_000}` }));
    const text = formatInspectText({ ...base, nodes, pods });
    assert.match(text, /NODES \(5000\)/);
    assert.match(text, /PODS \(155000\)/);
    assert.match(text, /\/pod-154999 /);
  });
});
