import assert from 'node:assert/strict';
import { lintFiles } from '../../../src/core/lint/lintEngine';
import { extractFile } from '../../../src/core/manifests/manifestFile';

const findings = (text: string, file = 'a.yaml') => lintFiles([extractFile(file, text)]).findings;
const where = (text: string, file = 'a.yaml') => findings(text, file).map((f) => [f.code, f.start.line + 1]);
const kubeadm = (pod: string, svc = '10.96.0.0/12') => `apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: ${pod}\n  serviceSubnet: ${svc}\n`;

describe('PN116 reserved and forbidden ranges', () => {
  it('loopback, link-local, multicast (IPv4 and IPv6) are never cluster networks', () => {
    for (const [pod, why] of [['127.0.0.0/16', /loopback/], ['169.254.0.0/16', /link-local/], ['224.1.0.0/16', /multicast/], ['fe80::/56', /link-local/]] as const) {
      const f = findings(kubeadm(pod));
      assert.deepEqual(f.map((x) => [x.code, x.start.line + 1]), [['PN116', 4]], pod);
      assert.match(f[0].message, why);
    }
    assert.deepEqual(where(kubeadm('10.244.0.0/16')), []);
  });
  it("Docker's default bridge, where the configuration runs Docker (kubespray container_manager, k3s docker: true)", () => {
    assert.deepEqual(where('kube_pods_subnet: 172.17.0.0/18\nkube_service_addresses: 10.233.0.0/18\ncontainer_manager: docker\n', 'k8s-cluster.yml'), [['PN116', 1]]);
    assert.deepEqual(where('kube_pods_subnet: 172.17.0.0/18\nkube_service_addresses: 10.233.0.0/18\ncontainer_manager: containerd\n', 'k8s-cluster.yml'), []);
    const k3s = 'cluster-cidr: 10.42.0.0/16\nservice-cidr: 172.17.0.0/16\ndocker: true\n';
    const f = findings(k3s, 'config.yaml');
    assert.deepEqual(f.map((x) => [x.code, x.start.line + 1]), [['PN116', 2]]);
    assert.match(f[0].message, /docker0/);
  });
});
