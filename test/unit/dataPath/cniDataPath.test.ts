import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { dataPathFor } from '../../../src/core/dataPath/cniDataPath';
import { routeText } from '../../../src/core/dataPath/routeText';
import { detectCni, networkConfigMapNames, podnetSettingsConfigMap } from '../../../src/core/cluster/cniDetection';
import type { ConfigMapInfo, DaemonSetInfo } from '../../../src/core/cluster/clusterTypes';
import { settingsConfigMap } from '../../../src/cni/names';
import { stripConfigMap, stripDaemonSet } from '../../../src/kube/strip';
import { daemonSet } from '../cluster/fixtures';

const cm = (name: string, data: Record<string, string>): ConfigMapInfo => ({ namespace: 'kube-system', name, data });
const pathOf = (sets: DaemonSetInfo[], maps: ConfigMapInfo[]) => dataPathFor(detectCni(sets, maps), sets, maps);
const flannelDs = daemonSet('kube-flannel-ds', 'ghcr.io/flannel-io/flannel:v0.26.1');
const netConf = (backend: string) => cm('kube-flannel-cfg', { 'net-conf.json': `{"Network":"10.244.0.0/16"${backend}}` });

/** The DaemonSets and ConfigMaps of an upstream manifest in test/fixtures/corpus, stripped as the watch strips them. */
function corpus(path: string): { sets: DaemonSetInfo[]; maps: ConfigMapInfo[] } {
  const docs = loadAll(readFileSync(join(__dirname, '../../fixtures/corpus', path), 'utf8')) as { kind?: string; metadata?: { namespace?: string } }[];
  const sets: DaemonSetInfo[] = [];
  const maps: ConfigMapInfo[] = [];
  for (const d of docs) {
    if (!d || typeof d !== 'object') continue;
    const withNs = { ...d, metadata: { namespace: 'kube-system', ...d.metadata } } as never;
    if (d.kind === 'DaemonSet') {
      const s = stripDaemonSet(withNs);
      if (s) sets.push(s);
    }
    if (d.kind === 'ConfigMap') {
      const c = stripConfigMap(withNs);
      if (c) maps.push(c);
    }
  }
  return { sets, maps };
}

describe('data path from each CNI setting', () => {
  it('flannel: every backend, the udp default when Backend is absent, unknown when net-conf.json is broken', () => {
    assert.equal(pathOf([flannelDs], [netConf(',"Backend":{"Type":"host-gw"}')]).crossNode.route, '{block} via {node}');
    const dr = pathOf([flannelDs], [netConf(',"Backend":{"Type":"vxlan","DirectRouting":true}')]);
    assert.match(dr.crossNode.encapsulation, /DirectRouting/);
    assert.equal(pathOf([flannelDs], [netConf(',"Backend":{"Type":"wireguard"}')]).crossNode.device, 'flannel-wg');
    const none = pathOf([flannelDs], [netConf('')]);
    assert.deepEqual([none.title, none.settings[0].certainty, none.crossNode.device], ['Flannel, udp backend', 'default', 'flannel0']);
    const broken = pathOf([flannelDs], [cm('kube-flannel-cfg', { 'net-conf.json': '{"Network": ' })]);
    assert.deepEqual([broken.crossNode.kind, broken.crossNode.certainty], ['unknown', 'unknown']);
    assert.match(broken.settings[0].source, /not valid JSON/);
  });

  it('flannel vxlan route: via the destination subnet’s network address on flannel.1', () => {
    const dp = pathOf([flannelDs], [netConf(',"Backend":{"Type":"vxlan"}')]);
    assert.equal(routeText(dp, { block: '10.244.3.0/24', node: '172.31.0.13', network: '10.244.0.0/16' }), '10.244.3.0/24 via 10.244.3.0 dev flannel.1 onlink');
  });

  it('calico: VXLAN, CrossSubnet, policy-only and the BGP default when the env is unset', () => {
    const calico = (env: Record<string, string>) => daemonSet('calico-node', 'docker.io/calico/node:v3.29.1', { env });
    assert.equal(pathOf([calico({ CALICO_IPV4POOL_VXLAN: 'Always', CALICO_IPV4POOL_IPIP: 'Never' })], []).crossNode.device, 'vxlan.calico');
    assert.match(pathOf([calico({ CALICO_IPV4POOL_IPIP: 'CrossSubnet' })], []).title, /across subnets/);
    const policy = pathOf([calico({})], [cm('calico-config', { calico_backend: 'none' })]);
    assert.equal(policy.crossNode.kind, 'unknown');
    const bare = pathOf([calico({})], []);
    assert.deepEqual([bare.crossNode.kind, bare.crossNode.encapsulation, bare.crossNode.certainty], ['bgp-routes', 'none', 'default']);
  });

  it('cilium: the legacy tunnel key, native routing, and unknown when cilium-config is not readable', () => {
    const ds = daemonSet('cilium', 'quay.io/cilium/cilium:v1.16.4');
    assert.equal(pathOf([ds], [cm('cilium-config', { tunnel: 'geneve' })]).crossNode.device, 'cilium_geneve');
    const native = pathOf([ds], [cm('cilium-config', { tunnel: 'disabled' })]);
    assert.deepEqual([native.title, native.crossNode.route], ['Cilium, native routing (eBPF)', undefined]);
    assert.equal(pathOf([ds], [cm('cilium-config', { 'routing-mode': 'native', 'auto-direct-node-routes': 'true' })]).crossNode.route, '{block} via {node}');
    assert.equal(pathOf([ds], []).crossNode.certainty, 'unknown');
  });

  it('weave: WEAVE_NO_FASTDP and WEAVE_PASSWORD select sleeve', () => {
    const dp = pathOf([daemonSet('weave-net', 'weaveworks/weave-kube:2.8.1', { env: { WEAVE_NO_FASTDP: '1' } })], []);
    assert.match(dp.title, /sleeve/);
    assert.match(pathOf([daemonSet('weave-net', 'weaveworks/weave-kube:2.8.1', { env: { WEAVE_PASSWORD: 'x' } })], []).crossNode.encapsulation, /encrypted/);
  });

  it('an unrecognised CNI claims no device and no route', () => {
    const dp = pathOf([daemonSet('acme-net', 'acme/net:1')], []);
    assert.deepEqual([dp.cni, dp.podLink.kind, dp.crossNode.route, dp.podToPodNat], ['unknown', 'unknown', undefined, 'unknown']);
  });

  it("Podnet's settings ConfigMap: the name the installer writes, kept by the strip, and enough to recognise the CNI", () => {
    assert.equal(podnetSettingsConfigMap, settingsConfigMap);
    assert.ok(networkConfigMapNames.has(settingsConfigMap));
    assert.equal(detectCni([], [cm(settingsConfigMap, { 'cluster-cidr': '10.244.0.0/16' })]).name, 'podnet-bridge');
  });

  it('leaves no placeholder in what it says (only the route template has {block}/{node}/{network})', () => {
    const names = ['calico', 'cilium', 'weave', 'flannel', 'kindnet', 'kube-router', 'antrea', 'podnet-bridge', 'unknown', 'none'] as const;
    for (const name of names) {
      const dp = dataPathFor({ name, ipam: 'node-podcidr', evidence: 'test' }, [], []);
      const { route, ...rest } = dp.crossNode;
      const said = JSON.stringify({ ...dp, crossNode: rest });
      assert.doesNotMatch(said, /\{[a-zA-Z]+\}/, `${name}: ${said}`);
      if (route) assert.match(route, /\{(block|network)\}/, `${name}: ${route}`);
    }
  });

  describe('upstream manifests (test/fixtures/corpus)', () => {
    it('flannel kube-flannel.yml: vxlan', () => {
      const { sets, maps } = corpus('flannel/kube-flannel.yml');
      assert.equal(pathOf(sets, maps).title, 'Flannel, vxlan backend');
    });
    it('calico calico.yaml: IP-in-IP Always, BIRD from calico-config', () => {
      const { sets, maps } = corpus('calico/calico.yaml');
      const dp = pathOf(sets, maps);
      assert.equal(dp.title, 'Calico, IP-in-IP (BGP)');
      assert.ok(dp.settings.some((s) => s.name === 'networking backend' && s.value === 'bird' && s.source === 'calico-config calico_backend'));
    });
    it('cilium quick-install.yaml: the legacy `tunnel: vxlan`', () => {
      const { sets, maps } = corpus('cilium/quick-install.yaml');
      const dp = pathOf(sets, maps);
      assert.equal(dp.title, 'Cilium, VXLAN tunnel (eBPF)');
      assert.equal(dp.settings[0].source, 'cilium-config tunnel');
    });
    it('antrea antrea.yml: encap with Geneve from antrea-agent.conf', () => {
      const { sets, maps } = corpus('antrea/antrea.yml');
      const dp = pathOf(sets, maps);
      assert.equal(dp.title, 'Antrea, geneve tunnel');
      assert.deepEqual(dp.settings.map((s) => s.certainty), ['configured', 'configured']);
    });
    it('kube-router: kube-bridge and BGP routes', () => {
      const { sets, maps } = corpus('kube-router/generic-kuberouter.yaml');
      const dp = pathOf(sets, maps);
      assert.deepEqual([dp.podLink.device, dp.crossNode.kind], ['kube-bridge', 'bgp-routes']);
    });
  });
});
