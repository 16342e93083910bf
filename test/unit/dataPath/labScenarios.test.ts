// Each CNI scenario of the lab, built as objects, run through the model the tree uses, then the
// data-path model and the packet path the map draws: what differs per CNI must differ here.
import assert from 'node:assert/strict';
import { findScenario } from '../../../src/lab/scenarios/scenarioCatalog';
import { noCniScenario } from '../../../src/lab/scenarios/basicScenarios';
import { renderManifest } from '../../../src/cni/manifest/renderManifest';
import { blockOf } from '../../../src/lab/scenarios/scenarioKit';
import { buildMapModel } from '../../../src/core/map/buildMapModel';
import { inputFromClusterModel } from '../../../src/core/map/fromClusterModel';
import { packetPath } from '../../../src/core/map/packetPath';
import type { NetworkMapModel } from '../../../src/core/map/mapModel';
import type { ClusterModel } from '../../../src/core/cluster/clusterModel';
import { buildInspectReport, formatInspectText } from '../../../src/core/cluster/inspectReport';
import { modelFromObjects } from './modelFromObjects';

const labModel = (name: string): ClusterModel => modelFromObjects(findScenario(name).build({}).objects);

/** The no-cni lab after Podnet's bridge CNI is installed: node IPAM gave each node a /24, the manifest is applied, pods got IPs. */
function podnetBridgeModel(): ClusterModel {
  type Obj = { kind: string; metadata: { name: string }; spec?: Record<string, unknown> };
  const objects = noCniScenario.build({}).objects.map((o) => JSON.parse(JSON.stringify(o)) as Obj);
  const nodes = objects.filter((o) => o.kind === 'Node');
  nodes.forEach((o, i) => (o.spec = { ...(o.spec ?? {}), podCIDR: blockOf('10.244.0.0/16', 24, i), podCIDRs: [blockOf('10.244.0.0/16', 24, i)] }));
  const pods = [0, 1].map((n) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { namespace: 'default', name: `web-${n}` },
    spec: { nodeName: nodes[n].metadata.name },
    status: { phase: 'Running', podIP: `10.244.${n}.10`, podIPs: [{ ip: `10.244.${n}.10` }] },
  }));
  return modelFromObjects([...objects, ...renderManifest({ clusterCidr: '10.244.0.0/16', nodeMaskSize: 24, agentScript: '// agent' }), ...pods]);
}

function mapOf(model: ClusterModel): NetworkMapModel {
  return buildMapModel(inputFromClusterModel('lab', model));
}

/** Two application pods (not host-network) on different nodes. */
function crossNodePair(m: NetworkMapModel): [number, number] {
  const app = m.pods.map((p, i) => ({ p, i })).filter(({ p }) => !p.hostNetwork && p.ip !== '' && p.node >= 0);
  const a = app[0];
  const b = app.find(({ p }) => p.node !== a.p.node);
  assert.ok(a && b, 'the scenario has no two pods on different nodes');
  return [a.i, b.i];
}

const hops = (m: NetworkMapModel, from: number, to: number) => packetPath(m, from, to).hops.map((h) => `${h.kind}: ${h.label}`);

describe('data path per lab CNI scenario', () => {
  it('weave (seed and weave labs): the weave bridge and its overlay, no per-node routes, no cni0', () => {
    for (const name of ['seed', 'weave']) {
      const model = labModel(name);
      const dp = model.dataPath;
      assert.equal(dp.cni, 'weave');
      assert.equal(dp.podLink.device, 'weave');
      assert.equal(dp.crossNode.kind, 'overlay');
      assert.match(dp.crossNode.encapsulation, /VXLAN \(UDP 6784\)/);
      assert.deepEqual(dp.settings.map((s) => `${s.name}=${s.value}/${s.certainty}`), ['fast datapath=on/default']);
      assert.equal(dp.routesByBlock, false);
      const m = mapOf(model);
      const [a, b] = crossNodePair(m);
      const path = packetPath(m, a, b);
      const labels = path.hops.map((h) => h.label).join(' | ');
      assert.ok(!/cni0/.test(labels), `${name}: ${labels}`);
      assert.ok(!/ via /.test(labels), `${name}: a per-node route is drawn: ${labels}`);
      assert.ok(path.hops.some((h) => h.kind === 'route' && h.label === '10.32.0.0/12 dev weave' && h.inferred), labels);
      assert.ok(path.hops.some((h) => h.kind === 'tunnel' && h.label === 'vxlan-6784'), labels);
      assert.deepEqual(path.problems, []);
      assert.match(path.verdict, /Weave Net, fast datapath overlay does not NAT between pods \(inferred/);
    }
  });

  it('flannel: cni0 and flannel.1, VXLAN routes via the block address onlink, read from net-conf.json', () => {
    const model = labModel('flannel');
    const dp = model.dataPath;
    assert.equal(dp.title, 'Flannel, vxlan backend');
    assert.deepEqual(dp.settings.map((s) => `${s.name}=${s.value}/${s.certainty}/${s.source}`), [
      'Backend.Type=vxlan/configured/kube-flannel-cfg net-conf.json',
    ]);
    const m = mapOf(model);
    const [a, b] = crossNodePair(m);
    const out = hops(m, a, b);
    const dstBlock = m.nodes[m.pods[b].node].blocks[0].cidr;
    const dstNet = dstBlock.split('/')[0];
    assert.deepEqual(out.slice(1, -1), [
      `link: cni0 on ${m.nodes[m.pods[a].node].name}`,
      `node: ${m.nodes[m.pods[a].node].name}`,
      `route: ${dstBlock} via ${dstNet} dev flannel.1 onlink`,
      'tunnel: flannel.1',
      'lan: node network',
      `node: ${m.nodes[m.pods[b].node].name}`,
      `link: cni0 on ${m.nodes[m.pods[b].node].name}`,
    ]);
  });

  it('calico: cali* veths with gateway 169.254.1.1, IP-in-IP over tunl0 from calico-node env, IPPool not read', () => {
    const model = labModel('calico');
    const dp = model.dataPath;
    assert.equal(dp.podLink.kind, 'routed-veth');
    assert.equal(dp.podLink.gatewayAddress, '169.254.1.1');
    assert.equal(dp.crossNode.device, 'tunl0');
    assert.equal(dp.crossNode.encapsulation, 'IP-in-IP');
    assert.ok(dp.settings.some((s) => s.name === 'CALICO_IPV4POOL_IPIP' && s.value === 'Always' && s.certainty === 'configured'));
    assert.match(dp.crossNode.note, /does not read IPPool objects/);
    const m = mapOf(model);
    const [a, b] = crossNodePair(m);
    const path = packetPath(m, a, b);
    const link = path.hops.find((h) => h.kind === 'link')!;
    assert.equal(link.label.startsWith('cali* on '), true);
    assert.match(link.detail, /gateway 169\.254\.1\.1/);
    const dstBlock = m.nodes[m.pods[b].node].blocks[0].cidr;
    assert.ok(dstBlock.endsWith('/26'), dstBlock);
    assert.ok(
      path.hops.some((h) => h.kind === 'route' && h.label === `${dstBlock} via ${m.nodes[m.pods[b].node].internalIPs[0]} dev tunl0 proto bird onlink`),
      JSON.stringify(path.hops),
    );
    // Two pods of one node: routed by the node (no bridge to switch them).
    const same = m.pods.findIndex((p, i) => i !== a && p.node === m.pods[a].node && !p.hostNetwork && p.ip !== '');
    assert.deepEqual(packetPath(m, a, same).hops.map((h) => h.kind), ['pod', 'link', 'node', 'link', 'pod']);
  });

  it('cilium: lxc* veths with eBPF, the VXLAN tunnel from cilium-config routing-mode/tunnel-protocol', () => {
    const model = labModel('cilium');
    const dp = model.dataPath;
    assert.equal(dp.title, 'Cilium, VXLAN tunnel (eBPF)');
    assert.equal(dp.podLink.device, 'lxc*');
    assert.equal(dp.crossNode.device, 'cilium_vxlan');
    assert.deepEqual(dp.settings.map((s) => `${s.name}=${s.value}/${s.certainty}`), ['routing-mode=tunnel/configured', 'tunnel-protocol=vxlan/configured']);
    const m = mapOf(model);
    const [a, b] = crossNodePair(m);
    const out = hops(m, a, b).join(' | ');
    assert.match(out, /tunnel: cilium_vxlan/);
    assert.ok(!/cni0/.test(out), out);
  });

  it('kindnet: ptp veths, host routes via the node IPs, no encapsulation', () => {
    const model = labModel('kindnet');
    const dp = model.dataPath;
    assert.equal(dp.podLink.kind, 'routed-veth');
    assert.equal(dp.crossNode.kind, 'host-routes');
    assert.equal(dp.crossNode.device, undefined);
    const m = mapOf(model);
    const [a, b] = crossNodePair(m);
    const out = hops(m, a, b);
    const dst = m.nodes[m.pods[b].node];
    assert.ok(out.includes(`route: ${dst.blocks[0].cidr} via ${dst.internalIPs[0]}`), out.join(' | '));
    assert.ok(!out.some((h) => h.startsWith('tunnel')), out.join(' | '));
  });

  it("podnet-bridge (no-cni lab after install): cni0 + host routes, and the pod network from Podnet's ConfigMap", () => {
    const model = podnetBridgeModel();
    assert.equal(model.cni.name, 'podnet-bridge');
    assert.deepEqual(model.networks.podNetworks, [{ cidr: '10.244.0.0/16', source: 'ConfigMap podnet-bridge-cni cluster-cidr' }]);
    // inspect and the map read the same networks (the tree's "Pod network" row too).
    assert.match(
      formatInspectText(buildInspectReport(model, 'lab', 'https://127.0.0.1', [])),
      /10\.244\.0\.0\/16 \(ConfigMap podnet-bridge-cni cluster-cidr\)/,
    );
    const dp = model.dataPath;
    assert.deepEqual(dp.settings.map((x) => `${x.name}=${x.value}/${x.certainty}/${x.source}`), [
      'cluster-cidr=10.244.0.0/16/configured/ConfigMap podnet-bridge-cni',
    ]);
    assert.equal(dp.podLink.device, 'cni0');
    assert.equal(dp.crossNode.kind, 'host-routes');
    const m = mapOf(model);
    assert.deepEqual(m.networks.filter((n) => n.role === 'pod').map((n) => [n.cidr, n.inferred]), [['10.244.0.0/16', false]]);
    const [a, b] = crossNodePair(m);
    const path = packetPath(m, a, b);
    const dst = m.nodes[m.pods[b].node];
    assert.ok(path.hops.some((h) => h.kind === 'route' && h.label === `${dst.blocks[0].cidr} via ${dst.internalIPs[0]}`));
    assert.match(path.hops.find((h) => h.kind === 'link')!.detail, /gateway 10\.244\.0\.1 \(10\.244\.0\.0\/24\)/);
    assert.match(path.verdict, /Podnet's bridge CNI does not NAT between pods/);
  });

  it('no-cni: nothing is claimed — no device, no route, an unknown verdict', () => {
    const model = labModel('no-cni');
    const dp = model.dataPath;
    assert.equal(dp.cni, 'none');
    assert.equal(dp.podLink.kind, 'unknown');
    assert.equal(dp.crossNode.route, undefined);
    assert.equal(dp.crossNode.certainty, 'unknown');
  });

  it('the five CNI labs draw five different data paths', () => {
    const titles = ['weave', 'calico', 'cilium', 'flannel', 'kindnet'].map((n) => labModel(n).dataPath.title);
    titles.push(podnetBridgeModel().dataPath.title);
    assert.equal(new Set(titles).size, titles.length, titles.join(', '));
  });
});
