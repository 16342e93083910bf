import assert from 'node:assert/strict';
import { flatYamlScalar } from '../../../src/core/cluster/flatYamlScalar';

// The one reader of a flat `key: value` in a component's config (kube-proxy's clusterCIDR, Antrea's modes).
describe('flatYamlScalar', () => {
  it('reads plain, double- and single-quoted values, dropping a trailing comment', () => {
    assert.equal(flatYamlScalar('clusterCIDR: 10.244.0.0/16\n', 'clusterCIDR'), '10.244.0.0/16');
    assert.equal(flatYamlScalar('clusterCIDR: "10.244.0.0/16"\n', 'clusterCIDR'), '10.244.0.0/16');
    assert.equal(flatYamlScalar("mode: x\nclusterCIDR: '10.244.0.0/16'  # the pod network\n", 'clusterCIDR'), '10.244.0.0/16');
    assert.equal(flatYamlScalar('  trafficEncapMode: noEncap\n', 'trafficEncapMode'), 'noEncap');
  });

  it('a commented-out, empty or missing key gives undefined, never the next line', () => {
    assert.equal(flatYamlScalar('#trafficEncapMode: encap\n', 'trafficEncapMode'), undefined);
    assert.equal(flatYamlScalar('tunnelType:\nfeatureGates: x\n', 'tunnelType'), undefined);
    assert.equal(flatYamlScalar('tunnelType: ""\n', 'tunnelType'), undefined);
    assert.equal(flatYamlScalar('other: 1\n', 'tunnelType'), undefined);
    assert.equal(flatYamlScalar(undefined, 'tunnelType'), undefined);
  });
});
