import assert from 'node:assert/strict';
import type { ClusterFacts } from '../../../src/core/cluster/clusterFacts';
import { lintFiles } from '../../../src/core/lint/lintEngine';
import { extractFile } from '../../../src/core/manifests/manifestFile';

// Which manifest cluster the live cluster is compared with: the tree names it.
const kubeadm = (name: string, pods: string) =>
  `apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nclusterName: ${name}\nnetworking:\n  podSubnet: ${pods}\n  serviceSubnet: 10.96.0.0/12\n`;
const files = [
  extractFile('clusters/prod/kubeadm.yaml', kubeadm('prod', '10.244.0.0/16')),
  extractFile('clusters/prod/extra.yaml', kubeadm('prod', '10.244.0.0/16')),
  extractFile('clusters/staging/kubeadm.yaml', kubeadm('staging', '10.245.0.0/16')),
];
const facts = (context: string): ClusterFacts => ({
  context,
  nodes: [{ name: 'node-1', internalIPs: ['172.31.1.10'], podCIDRs: ['10.244.1.0/24'] }],
  serviceCIDRs: ['10.96.0.0/12'],
  podNetworks: [],
});

describe('the live comparison the linter reports', () => {
  it('a context named like a manifest cluster (or kind-NAME) is compared with that cluster alone, with its file count', () => {
    assert.deepEqual(lintFiles(files, { cluster: facts('prod') }).live, { context: 'prod', byName: true, clusters: [{ name: 'prod', files: 2 }] });
    assert.deepEqual(lintFiles(files, { cluster: facts('kind-staging') }).live?.clusters, [{ name: 'staging', files: 1 }]);
  });
  it('another context is compared with every manifest cluster, and says it found none by name', () => {
    const live = lintFiles(files, { cluster: facts('podnet-lab') }).live;
    assert.equal(live?.byName, false);
    assert.deepEqual(live?.clusters.map((c) => c.name).sort(), ['prod', 'staging']);
  });
  it('without live facts there is no comparison', () => {
    assert.equal(lintFiles(files).live, undefined);
  });
});
