import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lintFiles } from '../../../src/core/lint/lintEngine';
import { LineIndex } from '../../../src/core/manifests/lineIndex';
import { extractFile } from '../../../src/core/manifests/manifestFile';

// Every file of the corpus of real upstream manifests (test/fixtures/corpus, origins and licences
// in its SOURCES.md): each range at its exact position (1-based line, column and the source text
// there), with its role; defaults are anchored on the object they belong to and carry the default
// value. Findings are the exact set of rule codes. Files are read inside each test, so one that
// is missing or unreadable fails that test alone.
const CORPUS = resolve(__dirname, '..', '..', 'fixtures', 'corpus');

type Row = [role: string, line: number, column: number, sourceText: string, defaultValue?: string];
const EXPECTED: Record<string, { ranges: Row[]; findings: string[] }> = {
  'antrea/antrea.yml': { ranges: [], findings: [] },
  'antrea/egress.md.ExternalIPPool.yaml': {
    ranges: [
      ['lb-pool', 7, 12, '10.10.0.2'],
      ['lb-pool', 9, 11, '10.10.1.0/28'],
    ],
    findings: [],
  },
  'antrea/netattachdef-ippool.yml': {
    ranges: [
      ['secondary-network', 7, 13, '192.168.78.200'],
      ['address', 10, 15, '192.168.78.1'],
    ],
    findings: ['PN150'],
  },
  'calico/calico-lb-pools.yaml': {
    ranges: [
      ['lb-pool', 24, 9, '80.15.0.0/24'],
      ['lb-pool', 39, 9, 'fdff::/64'],
    ],
    findings: [],
  },
  'calico/calico.yaml': {
    ranges: [
      ['pod-network', 12633, 17, 'calico-node', '192.168.0.0/16'],
    ],
    findings: [],
  },
  'calico/canal.yaml': {
    ranges: [
      ['pod-network', 100, 19, '10.244.0.0/16'],
    ],
    findings: [],
  },
  'calico/custom-resources.yaml': {
    ranges: [
      ['pod-network', 13, 15, '192.168.0.0/16'],
    ],
    findings: [],
  },
  'calico/kind.config': {
    ranges: [
      ['pod-network', 6, 15, '192.168.0.0/16'],
      ['pod-network', 6, 30, 'fd00:10:244::/64'],
      ['pod-network', 35, 22, '192.168.0.0/16'],
      ['service-network', 2, 7, 'Cluster', '10.96.0.0/16'],
      ['service-network', 2, 7, 'Cluster', 'fd00:10:96::/112'],
    ],
    findings: [],
  },
  'cilium/quick-install.yaml': {
    ranges: [
      ['pod-network', 185, 28, '10.0.0.0/8'],
    ],
    findings: [],
  },
  'cilium/rfc1918.yaml': { ranges: [], findings: ['PN151'] },
  'containernetworking/10-mynet.conf': {
    ranges: [
      ['pod-network', 10, 14, '10.22.0.0/16'],
      ['route', 12, 14, '0.0.0.0/0'],
    ],
    findings: [],
  },
  'containernetworking/SPEC.md.dbnet.conflist.jsonc': {
    ranges: [
      ['pod-network', 15, 20, '10.1.0.0/16'],
      ['address', 16, 21, '10.1.0.1'],
      ['route', 18, 22, '0.0.0.0/0'],
    ],
    findings: [],
  },
  'containernetworking/bridge.md.example.conf': {
    ranges: [
      ['pod-network', 12, 20, '10.10.0.0/16'],
    ],
    findings: [],
  },
  'containernetworking/host-local.md.ranges-example.json': {
    ranges: [
      ['pod-network', 7, 17, '10.10.0.0/16'],
      ['address', 8, 21, '10.10.1.20'],
      ['address', 9, 19, '10.10.3.50'],
      ['address', 10, 18, '10.10.0.254'],
      ['pod-network', 13, 17, '172.16.5.0/24'],
      ['pod-network', 18, 17, '3ffe:ffff:0:01ff::/64'],
      ['address', 19, 21, '3ffe:ffff:0:01ff::0010'],
      ['address', 20, 19, '3ffe:ffff:0:01ff::0020'],
      ['route', 25, 14, '0.0.0.0/0'],
      ['route', 26, 14, '192.168.0.0/16'],
      ['route', 27, 14, '3ffe:ffff:0:01ff::1/64'],
    ],
    findings: ['PN102'],
  },
  'containernetworking/network-chain-test.conflist': {
    ranges: [
      ['pod-network', 11, 28, '10.12.2.0/24'],
    ],
    findings: [],
  },
  'containernetworking/network-chain-test.json': {
    ranges: [
      ['pod-network', 9, 16, '10.11.2.0/24'],
    ],
    findings: [],
  },
  'flannel/kube-flannel.yml': {
    ranges: [
      ['pod-network', 93, 19, '10.244.0.0/16'],
    ],
    findings: [],
  },
  'k3s/network_options.md.dual-stack-config.yaml': {
    ranges: [
      ['pod-network', 2, 15, '10.42.0.0/16'],
      ['pod-network', 2, 28, '2001:cafe:42:0::/56'],
      ['service-network', 3, 15, '10.43.0.0/16'],
      ['service-network', 3, 28, '2001:cafe:42:1::/112'],
      ['node-network', 1, 10, '10.0.10.7'],
      ['node-network', 1, 20, '2a05:d012:c6f:4611:5c2:5602:eed2:898c'],
    ],
    findings: ['PN110'],
  },
  'kind/configuration.md.podSubnet.yaml': {
    ranges: [
      ['pod-network', 4, 15, '10.244.0.0/16'],
      ['service-network', 1, 7, 'Cluster', '10.96.0.0/16'],
    ],
    findings: [],
  },
  'kind/configuration.md.serviceSubnet.yaml': {
    ranges: [
      ['pod-network', 1, 7, 'Cluster', '10.244.0.0/16'],
      ['service-network', 4, 19, '10.96.0.0/12'],
    ],
    findings: [],
  },
  'kind/valid-kind-patches.yaml': {
    ranges: [
      ['pod-network', 2, 7, 'Cluster', '10.244.0.0/16'],
      // The patched kubeadm serviceSubnet is the cluster's: kind's default 10.96.0.0/16 is not read.
      ['service-network', 12, 20, '10.0.0.0/16'],
    ],
    findings: [],
  },
  'kube-router/generic-kuberouter-all-features.yaml': { ranges: [], findings: [] },
  'kube-router/generic-kuberouter.yaml': { ranges: [], findings: [] },
  'kube-router/kubeadm-kuberouter.yaml': { ranges: [], findings: [] },
  'kubeadm/dual-stack-support.md.kubeadm-config.yaml': {
    ranges: [
      ['pod-network', 5, 14, '10.244.0.0/16'],
      ['pod-network', 5, 28, '2001:db8:42:0::/56'],
      ['service-network', 6, 18, '10.96.0.0/16'],
      ['service-network', 6, 31, '2001:db8:42:1::/112'],
      ['node-network', 11, 22, '10.100.0.1'],
      ['node-network', 16, 13, '10.100.0.2'],
      ['node-network', 16, 24, 'fd00:1:2:3::2'],
    ],
    findings: ['PN110'],
  },
  'kubeadm/dual-stack-support.md.single-stack-kubeadm-config.yaml': {
    ranges: [
      ['pod-network', 4, 14, '10.244.0.0/16'],
      ['service-network', 5, 18, '10.96.0.0/16'],
    ],
    findings: [],
  },
  'kubeadm/single-stack-ipv6.md.kubeadm-config.yaml': {
    ranges: [
      ['pod-network', 4, 14, '2001:db8:42:0::/56'],
      ['service-network', 5, 18, '2001:db8:42:1::/112'],
      ['node-network', 10, 22, '2001:db8:42:2::1'],
      ['node-network', 15, 13, '2001:db8:42:2::1'],
    ],
    findings: ['PN110', 'PN111'],
  },
  'metallb/ipaddresspool_simple.yaml': {
    ranges: [
      ['lb-pool', 8, 5, '192.168.10.0/24'],
      ['lb-pool', 9, 5, '192.168.9.1-192.168.9.5'],
      ['lb-pool', 10, 5, 'fc00:f853:0ccd:e799::/124'],
    ],
    findings: [],
  },
  'metallb/ipaddresspool_with_selector.yaml': {
    ranges: [
      ['lb-pool', 8, 7, '192.168.20.0/24'],
    ],
    findings: [],
  },
  'metallb/simple_pool_adv_bgp.yaml': {
    ranges: [
      ['lb-pool', 8, 5, '192.168.10.0/24'],
      ['lb-pool', 9, 5, '192.168.9.1-192.168.9.5'],
      ['lb-pool', 10, 5, 'fc00:f853:0ccd:e799::/124'],
    ],
    findings: [],
  },
  'metallb/simple_pool_adv_l2.yaml': {
    ranges: [
      ['lb-pool', 8, 5, '192.168.10.0/24'],
      ['lb-pool', 9, 5, '192.168.9.1-192.168.9.5'],
      ['lb-pool', 10, 5, 'fc00:f853:0ccd:e799::/124'],
    ],
    findings: [],
  },
  'multus/macvlan-pod.yml': {
    ranges: [
      ['route', 23, 25, '0.0.0.0/0'],
      ['address', 46, 25, '10.1.1.101/24'],
      ['address', 48, 29, '10.1.1.1'],
    ],
    findings: [],
  },
  'multus/multus-daemonset.yml': { ranges: [], findings: [] },
  'multus/quickstart.md.macvlan-conf.yaml': {
    ranges: [
      ['secondary-network', 13, 20, '192.168.1.0/24'],
      ['address', 14, 24, '192.168.1.200'],
      ['address', 15, 22, '192.168.1.216'],
      ['address', 19, 21, '192.168.1.1'],
      ['route', 17, 21, '0.0.0.0/0'],
    ],
    findings: [],
  },
  'multus/static-pod-nad.yml': {
    ranges: [
      ['secondary-network', 13, 20, '10.10.0.0/16'],
    ],
    findings: [],
  },
  'rke2/basic_network_options.md.dual-stack-config.yaml': {
    ranges: [
      ['pod-network', 2, 16, '10.42.0.0/16'],
      ['pod-network', 2, 29, '2001:cafe:42::/56'],
      ['service-network', 3, 16, '10.43.0.0/16'],
      ['service-network', 3, 29, '2001:cafe:43::/112'],
    ],
    findings: [],
  },
  'weave/kube-addon.md.IPALLOC_RANGE-snippet.yaml': {
    ranges: [
      ['pod-network', 5, 22, '10.0.0.0/16'],
    ],
    findings: [],
  },
  'weave/weave-daemonset-k8s-1.11.yaml': {
    ranges: [
      ['pod-network', 143, 21, 'weave', '10.32.0.0/12'],
    ],
    findings: [],
  },
  'weave/weave-daemonset-k8s-1.8.yaml': {
    ranges: [
      ['pod-network', 140, 21, 'weave', '10.32.0.0/12'],
    ],
    findings: [],
  },
  'weave/weave-daemonset-k8s-1.9.yaml': {
    ranges: [
      ['pod-network', 143, 21, 'weave', '10.32.0.0/12'],
    ],
    findings: [],
  },
};

describe('linter over the corpus of upstream manifests', () => {
  it('knows every corpus file', () => {
    const corpusFiles = readdirSync(CORPUS, { recursive: true })
      .map(String)
      .filter((f) => f.includes('/') && !f.endsWith('.md'))
      .sort();
    assert.deepEqual(corpusFiles, Object.keys(EXPECTED).sort());
  });
  for (const file of Object.keys(EXPECTED)) {
    it(`${file}: every range at its exact position, and only the expected findings`, () => {
      const text = readFileSync(join(CORPUS, file), 'utf8');
      const extract = extractFile(file, text);
      const li = new LineIndex(text);
      const got: Row[] = extract.ranges.map((r) => {
        const p = li.position(r.span.start);
        const row: Row = [r.role, p.line + 1, p.character + 1, text.slice(r.span.start, r.span.end)];
        if (r.defaultNote) row.push(r.text);
        return row;
      });
      assert.deepEqual(got, EXPECTED[file].ranges);
      for (const r of extract.ranges) {
        if (!r.defaultNote) assert.ok(r.text.startsWith(text.slice(r.span.start, r.span.end)), 'the span holds the range text (a start-end pair: its start)');
      }
      const codes = [...new Set(lintFiles([extract]).findings.map((f) => f.code))].sort();
      assert.deepEqual(codes, EXPECTED[file].findings);
    });
  }
  it('reports the two files that are invalid upstream at the broken spot, without crashing', () => {
    const yamlBad = lintFiles([extractFile('rfc1918.yaml', readFileSync(join(CORPUS, 'cilium/rfc1918.yaml'), 'utf8'))]).findings;
    assert.equal(yamlBad.length, 1);
    assert.equal(yamlBad[0].code, 'PN151');
    assert.deepEqual([yamlBad[0].start.line, yamlBad[0].start.character], [1, 6]);
    const jsonBad = lintFiles([extractFile('nad.yml', readFileSync(join(CORPUS, 'antrea/netattachdef-ippool.yml'), 'utf8'))]).findings;
    assert.equal(jsonBad.length, 1);
    assert.equal(jsonBad[0].code, 'PN150');
    // `"ippools" [` — the squiggle sits on the `[` that lacks its colon, inside the single-quoted string.
    assert.deepEqual([jsonBad[0].start.line + 1, jsonBad[0].start.character + 1], [25, 19]);
    assert.match(jsonBad[0].message, /expected ":"/);
  });
});
