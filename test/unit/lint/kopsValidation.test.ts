import assert from 'node:assert/strict';
import { lintFiles } from '../../../src/core/lint/lintEngine';
import { extractFile } from '../../../src/core/manifests/manifestFile';

const lint = (text: string) => lintFiles([extractFile('cluster.yaml', text)]).findings.filter((f) => f.code === 'PN122');
const v1alpha2 = (fields: string, networking = '    kubenet: {}\n') =>
  `apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata:\n  name: example.k8s.local\nspec:\n${fields}  networking:\n${networking}`;

// kops' validateNetworking (pkg/apis/kops/validation/validation.go) refuses these clusters.
describe('lint: kops nonMasqueradeCIDR as kops validates it (PN122)', () => {
  it('a podCIDR outside nonMasqueradeCIDR, at the podCIDR', () => {
    const f = lint(v1alpha2('  nonMasqueradeCIDR: 100.64.0.0/10\n  podCIDR: 10.96.0.0/11\n'));
    assert.equal(f.length, 1);
    assert.equal(f[0].start.line, 6);
    assert.match(f[0].message, /spec\.podCIDR 10\.96\.0\.0\/11 must be a subnet of nonMasqueradeCIDR 100\.64\.0\.0\/10: kops refuses the cluster/);
    assert.deepEqual(lint(v1alpha2('  nonMasqueradeCIDR: 100.64.0.0/10\n  podCIDR: 100.96.0.0/11\n')), []);
  });

  it('nonMasqueradeCIDR overlapping networkCIDR or additionalNetworkCIDRs, unless pods take VPC addresses', () => {
    const fields = '  networkCIDR: 10.0.0.0/16\n  additionalNetworkCIDRs:\n  - 100.96.0.0/16\n  nonMasqueradeCIDR: 100.64.0.0/10\n';
    const f = lint(v1alpha2(fields));
    assert.deepEqual(f.map((x) => x.message.match(/overlaps (\S+ [^:]+)/)?.[1]), ['spec.additionalNetworkCIDRs[0] 100.96.0.0/16']);
    assert.equal(f[0].start.line, 8);
    assert.deepEqual(lint(v1alpha2(fields, '    amazonVPC: {}\n')), []);
    assert.deepEqual(lint(v1alpha2(fields, '    cilium:\n      ipam: eni\n')), []);
    assert.equal(lint(v1alpha2(fields, '    cilium:\n      ipam: kubernetes\n')).length, 1);
  });

  it('the v1alpha3 layout (spec.networking) is read the same way', () => {
    const text = 'apiVersion: kops.k8s.io/v1alpha3\nkind: Cluster\nmetadata:\n  name: c\nspec:\n  networking:\n'
      + '    networkCIDR: 172.20.0.0/16\n    nonMasqueradeCIDR: 172.20.0.0/16\n    podCIDR: 100.96.0.0/11\n    kubenet: {}\n';
    assert.deepEqual(lint(text).map((x) => x.start.line).sort(), [7, 8]);
  });

  it('an IPv6 nonMasqueradeCIDR must be ::/0', () => {
    assert.match(lint(v1alpha2('  nonMasqueradeCIDR: fd00::/64\n'))[0].message, /kops requires "::\/0" on IPv6 clusters/);
    assert.deepEqual(lint(v1alpha2('  nonMasqueradeCIDR: ::/0\n')), []);
  });

  it('the defaults kops derives stay silent (kops’ own minimal cluster)', () => {
    assert.deepEqual(lint(v1alpha2('  networkCIDR: 172.20.0.0/16\n')), []);
  });
});
