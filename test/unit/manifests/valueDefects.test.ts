import assert from 'node:assert/strict';
import { lintFiles } from '../../../src/core/lint/lintEngine';
import { extractFile } from '../../../src/core/manifests/manifestFile';
import { isPlaceholder } from '../../../src/core/manifests/rangeValue';
import { parseAddress, parseCidr } from '../../../src/core/net/cidr';
import { fastParseAddress, fastParseCidr } from '../../../src/core/net/fastAddress';

const lint = (text: string, file = 'a.yaml') => lintFiles([extractFile(file, text)]).findings;
/** [code, 1-based line, 1-based column] of each finding. */
const where = (text: string, file = 'a.yaml') => lint(text, file).map((f) => [f.code, f.start.line + 1, f.start.character + 1]);

const metallb = (...a: string[]) =>
  `apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: lb\nspec:\n  addresses:\n${a.map((x) => `  - ${x}\n`).join('')}`;
const kubeProxy = (c: string) => `apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nclusterCIDR: ${c}\n`;
const calicoPool = (c: string) => `apiVersion: crd.projectcalico.org/v1\nkind: IPPool\nmetadata:\n  name: p\nspec:\n  cidr: ${c}\n`;

describe('value defects: every value in a CIDR-bearing field is checked', () => {
  it('a typo with no well-formed address anywhere in the document is still read (no value-based pre-filter)', () => {
    assert.deepEqual(where(metallb('192.168.10/24')), [['PN101', 7, 5]]);
    assert.deepEqual(where(calicoPool('fd00:1/64')), [['PN101', 6, 9]]);
    assert.deepEqual(where(kubeProxy('10.244.0/16')), [['PN101', 3, 14]]);
  });
  it('letters, %, _ and $ outside template syntax are values, reported as invalid', () => {
    for (const v of ['10.O.0.0/16', '10.244.0.0/l6', '"10.244.0.0/16 # pods"', 'fe80::1%eth0/64', 'none']) {
      const f = lint(calicoPool(v));
      assert.deepEqual(f.map((x) => x.code), ['PN101'], v);
      assert.deepEqual([f[0].start.line, f[0].start.character], [5, v.startsWith('"') ? 9 : 8], v);
    }
    assert.match(lint(calicoPool('fe80::1%eth0/64'))[0].message, /zone \(%eth0\)/);
  });
  it('only real template syntax and documented placeholders are skipped', () => {
    for (
      const t of [
        '{{ .Values.podCidr }}',
        '${POD_CIDR}',
        '$(POD_CIDR)',
        '%CLUSTERCIDR%',
        '__CNI_MTU__',
        'usePodCidr',
        'usePodCidrIPv6',
        '10.{{ .Values.octet }}.0.0/16',
        '',
      ]
    ) assert.equal(isPlaceholder(t), true, t);
    for (const t of ['none', '10.O.0.0/16', 'fe80::1%eth0/64', '10_0_0_0/8', '$POD_CIDR', 'auto']) assert.equal(isPlaceholder(t), false, t);
    assert.deepEqual(where(calicoPool('"{{ .Values.cidr }}"')), []);
  });
  it('whitespace is rejected like Go net.ParseCIDR and kubeadm do, inside a value and around a dual-stack comma', () => {
    assert.equal(parseCidr('10.0.0.0 /8').ok, false);
    assert.equal(parseCidr(' 10.0.0.0/8').ok, false);
    const f = lint(kubeProxy('"10.0.0.0 /8"'));
    assert.deepEqual(f.map((x) => x.code), ['PN101']);
    assert.match(f[0].message, /whitespace/);
    const dual = lint(kubeProxy('"10.244.0.0/16, fd00:10:244::/56"'));
    assert.deepEqual(dual.map((x) => [x.code, x.start.character]), [['PN101', 29]]);
    // MetalLB itself trims around the dash of a start-end range.
    assert.deepEqual(where(metallb('"10.0.0.1 - 10.0.0.9"')), []);
  });
  it('IPv4-mapped IPv6 is IPv4, as Go (To4) and Kubernetes read it', () => {
    const c = parseCidr('::ffff:10.96.0.0/108');
    assert.ok(c.ok);
    assert.deepEqual([c.cidr.family, c.cidr.prefix, c.cidr.start], [4, 12, 0x0a600000n]);
    assert.deepEqual(parseAddress('::ffff:10.1.2.3'), { family: 4, value: 0x0a010203n });
    // So it overlaps an IPv4 pod network, and a dual-stack pair of it and an IPv4 range is two IPv4 ranges.
    const kubeadm =
      'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: 10.96.0.0/16\n  serviceSubnet: "::ffff:10.96.0.0/108"\n';
    assert.deepEqual(lint(kubeadm).map((f) => f.code), ['PN110', 'PN110']);
    assert.deepEqual(lint(kubeProxy('"10.244.0.0/16,::ffff:10.96.0.0/108"')).map((f) => f.code), ['PN103']);
  });
  it('010.244.0.0/16 is flagged, saying kubeadm and kube-controller-manager read it "sloppily" as 10.244.0.0/16', () => {
    const f = lint(kubeProxy('010.244.0.0/16'));
    assert.deepEqual(f.map((x) => x.code), ['PN101']);
    assert.match(f[0].message, /kubeadm and kube-controller-manager parse it "sloppily" as 10\.244\.0\.0\/16/);
    assert.match(f[0].message, /net\.ParseCIDR rejects it/);
  });
  it("the fast IPv4 parsers the extractors use give parseCidr/parseAddress's result or error on every defect", () => {
    for (
      const t of [
        '010.244.0.0/16',
        '10.244.00.0/16',
        '10.0.0.0 /8',
        ' 10.0.0.0/8',
        '10.0.0.0/8 ',
        '192.168.10/24',
        '10.O.0.0/16',
        '10.244.0.0/l6',
        '0.0.0.0/0',
        '10.244.0.1/16',
        '::ffff:10.96.0.0/108',
        '10.0.0.0/033',
        '10.0.0.0/08',
      ]
    ) {
      assert.deepEqual(fastParseCidr(t), parseCidr(t), t);
    }
    for (const t of ['010.0.0.1', '10.0.0.01', '0.0.0.0', '10.0.0.1 ', '10.0.0', '::ffff:10.0.0.1', '10.0.0.256']) {
      assert.deepEqual(fastParseAddress(t), parseAddress(t), t);
    }
  });
  it('a list or a map where a CIDR string belongs is a wrong-type finding at the value', () => {
    const list = 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  podSubnet:\n  - 10.244.0.0/16\n';
    const f = lint(list);
    assert.deepEqual(f.map((x) => [x.code, x.start.line + 1, x.start.character + 1]), [['PN101', 5, 3]]);
    assert.match(f[0].message, /must be a string.*but it is a list/);
    assert.match(lint(calicoPool('{address: 10.0.0.0/8}'))[0].message, /it is a map/);
    // A block size written as a list is reported too, not replaced by the default.
    const block = lint('apiVersion: crd.projectcalico.org/v1\nkind: IPPool\nmetadata:\n  name: p\nspec:\n  cidr: 10.0.0.0/16\n  blockSize: [26]\n');
    assert.deepEqual(block.map((x) => [x.code, x.start.line + 1]), [['PN101', 7]]);
    assert.match(block[0].message, /blockSize must be a prefix length, but it is a list/);
  });
});

describe('YAML aliases and merge keys', () => {
  it('follows an alias to its anchored range, reported at the anchor', () => {
    const text = 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: &net 10.96.0.0/16\n  serviceSubnet: *net\n';
    const r = extractFile('a.yaml', text);
    assert.deepEqual(r.ranges.map((x) => [x.role, x.text, x.span.start]), [['pod-network', '10.96.0.0/16', text.indexOf('10.96')], [
      'service-network',
      '10.96.0.0/16',
      text.indexOf('10.96'),
    ]]);
    assert.deepEqual(lint(text).map((f) => f.code), ['PN110', 'PN110']);
  });
  it('follows merge keys (one source and a list of sources); explicit keys win', () => {
    const text = [
      'apiVersion: kind.x-k8s.io/v1alpha4',
      'kind: Cluster',
      'x-defaults: &defaults',
      '  podSubnet: 10.96.0.0/16',
      '  serviceSubnet: 10.97.0.0/16',
      'networking:',
      '  <<: *defaults',
      '  serviceSubnet: 10.96.0.0/12',
      '',
    ].join('\n');
    const r = extractFile('a.yaml', text);
    assert.deepEqual(r.ranges.map((x) => [x.role, x.text, Boolean(x.defaultNote)]), [['pod-network', '10.96.0.0/16', false], [
      'service-network',
      '10.96.0.0/12',
      false,
    ]]);
    assert.deepEqual(where(text).map((w) => w[0]), ['PN110', 'PN110']);
    const list =
      'a: &a {podSubnet: 10.1.0.0/16}\nb: &b {podSubnet: 10.2.0.0/16, serviceSubnet: 10.1.0.0/16}\napiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\nnetworking:\n  <<: [*a, *b]\n';
    assert.deepEqual(extractFile('b.yaml', list).ranges.map((x) => [x.role, x.text]), [['pod-network', '10.1.0.0/16'], ['service-network', '10.1.0.0/16']]);
  });
  it('an alias bomb is not expanded: the aliases past the budget are reported (PN155) and the file still lints', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    }
    const text = `apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: lb}\n${
      levels.join('\n')
    }\nspec:\n  addresses: [10.0.0.0/8, 10.1.0.0/16]\n`;
    const t0 = process.hrtime.bigint();
    const f = lint(text);
    assert.ok(process.hrtime.bigint() - t0 < 5_000_000_000n, 'bounded work');
    assert.deepEqual(f.map((x) => x.code), ['PN155', 'PN113', 'PN113']);
  });
});
