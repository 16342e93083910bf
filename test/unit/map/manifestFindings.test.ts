import assert from 'node:assert/strict';
import type { ClusterFacts } from '../../../src/core/cluster/clusterFacts';
import { buildMapModel } from '../../../src/core/map/buildMapModel';
import { lintFiles } from '../../../src/core/lint/lintEngine';
import { extractFile } from '../../../src/core/manifests/manifestFile';
import { cidrTargets, manifestFindings, mapFindingsOf } from '../../../src/core/map/manifestFindings';
import { seedInput } from './mapFixtures';

describe('manifest findings on the map', () => {
  it('links each to its YAML line and to the networks and node blocks it concerns', () => {
    const input = seedInput();
    const findings = mapFindingsOf(
      [
        {
          uri: 'file:///w/cluster/kubeadm-config.yaml',
          label: 'cluster/kubeadm-config.yaml',
          line: 8,
          character: 2,
          code: 'PN162',
          severity: 'warning',
          message: 'Pod network 10.100.0.0/16 does not hold the blocks nodes already have: node-1 has 10.32.1.0/24, and the service network 10.96.0.0/12',
          cidrs: ['10.100.0.0/16', '10.32.1.0/24', '10.96.0.0/12'],
        },
      ],
      cidrTargets(input),
    );
    const map = buildMapModel({ ...input, findings });
    assert.deepEqual(map.findings[0].targets, [
      { kind: 'file', uri: 'file:///w/cluster/kubeadm-config.yaml', line: 8, character: 2, label: 'cluster/kubeadm-config.yaml' },
      { kind: 'block', node: 0, block: 0 },
      { kind: 'network', network: 1 },
    ]);
    assert.equal(map.findings[0].origin, 'manifest');
  });

  it("reads the CIDRs from the lint result: the finding's range and its related ranges, not its message", () => {
    const text = [
      'apiVersion: kubeadm.k8s.io/v1beta3',
      'kind: ClusterConfiguration',
      'networking:',
      '  podSubnet: 10.96.0.0/16',
      '  serviceSubnet: 10.96.0.0/12',
      '',
    ].join('\n');
    const result = lintFiles([extractFile('file:///w/kubeadm.yaml', text)]);
    const overlap = result.findings.find((f) => f.related.length > 0);
    assert.ok(overlap, JSON.stringify(result.findings.map((f) => f.code)));
    const found = manifestFindings(result, (f) => f.slice('file:///w/'.length));
    const mine = found[result.findings.indexOf(overlap)]!;
    assert.equal(mine.label, 'kubeadm.yaml');
    assert.deepEqual([...mine.cidrs].sort(), ['10.96.0.0/12', '10.96.0.0/16']);
    // A CIDR only written in a message is no link: none of these findings' messages is read.
    const targets = mapFindingsOf([{ ...mine, message: 'see 10.32.1.0/24' }], cidrTargets(seedInput()))[0]!.targets;
    assert.deepEqual(targets.slice(1), [{ kind: 'network', cidr: '10.96.0.0/12' }]);
  });

  it("carries the cluster CIDRs a live rule names (PN162: the nodes' blocks outside the pod network)", () => {
    const text = ['apiVersion: kubeadm.k8s.io/v1beta3', 'kind: ClusterConfiguration', 'networking:', '  podSubnet: 10.100.0.0/16', ''].join('\n');
    const cluster: ClusterFacts = {
      context: 'lab',
      nodes: [{ name: 'node-1', internalIPs: ['172.31.0.11'], podCIDRs: ['10.32.1.0/24'] }],
      serviceCIDRs: [],
      podNetworks: [],
    };
    const result = lintFiles([extractFile('file:///w/kubeadm.yaml', text)], { cluster });
    const found = manifestFindings(result, (f) => f);
    const pn162 = found.find((f) => f.code === 'PN162');
    assert.ok(pn162, JSON.stringify(found.map((f) => f.code)));
    assert.ok(pn162.cidrs.includes('10.32.1.0/24'), JSON.stringify(pn162.cidrs));
  });
});
