import assert from 'node:assert/strict';
import { buildMapModel } from '../../../src/core/map/buildMapModel';
import { cidrTargets, findingsFromDiagnostics } from '../../../src/core/map/diagnosticFindings';
import { seedInput } from './mapFixtures';

describe('manifest findings from diagnostics', () => {
  it('links each to its YAML line and to the networks and node blocks its message names', () => {
    const input = seedInput();
    const findings = findingsFromDiagnostics(
      [
        {
          uri: 'file:///w/cluster/kubeadm-config.yaml',
          label: 'cluster/kubeadm-config.yaml',
          line: 8,
          character: 2,
          code: 'PN162',
          severity: 'warning',
          message: 'Pod network 10.100.0.0/16 does not hold the blocks nodes already have: node-1 has 10.32.1.0/24, and the service network 10.96.0.0/12',
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
});
