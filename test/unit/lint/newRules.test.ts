import assert from 'node:assert/strict';
import { lintFiles } from '../../../src/core/lint/lintEngine';
import { extractFile } from '../../../src/core/manifests/manifestFile';

const findings = (text: string, file = 'a.yaml') => lintFiles([extractFile(file, text)]).findings;
const where = (text: string, file = 'a.yaml') => findings(text, file).map((f) => [f.code, f.start.line + 1]);
const kubeadm = (pod: string, svc = '10.96.0.0/12') =>
  `apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: ${pod}\n  serviceSubnet: ${svc}\n`;

describe('PN116 reserved and forbidden ranges', () => {
  it('loopback, link-local, multicast (IPv4 and IPv6) are never cluster networks', () => {
    for (
      const [pod, why] of [['127.0.0.0/16', /loopback/], ['169.254.0.0/16', /link-local/], ['224.1.0.0/16', /multicast/], ['fe80::/56', /link-local/]] as const
    ) {
      const f = findings(kubeadm(pod));
      assert.deepEqual(f.map((x) => [x.code, x.start.line + 1]), [['PN116', 4]], pod);
      assert.match(f[0].message, why);
    }
    assert.deepEqual(where(kubeadm('10.244.0.0/16')), []);
  });
  it("Docker's default bridge, where the configuration runs Docker (kubespray container_manager, k3s docker: true)", () => {
    assert.deepEqual(where('kube_pods_subnet: 172.17.0.0/18\nkube_service_addresses: 10.233.0.0/18\ncontainer_manager: docker\n', 'k8s-cluster.yml'), [[
      'PN116',
      1,
    ]]);
    assert.deepEqual(where('kube_pods_subnet: 172.17.0.0/18\nkube_service_addresses: 10.233.0.0/18\ncontainer_manager: containerd\n', 'k8s-cluster.yml'), []);
    const k3s = 'cluster-cidr: 10.42.0.0/16\nservice-cidr: 172.17.0.0/16\ndocker: true\n';
    const f = findings(k3s, 'config.yaml');
    assert.deepEqual(f.map((x) => [x.code, x.start.line + 1]), [['PN116', 2]]);
    assert.match(f[0].message, /docker0/);
  });
});

describe('PN135 capacity', () => {
  it('Cluster API replicas count (templated ones do not); kops without a node mask gives no PN135', () => {
    const kops =
      'apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata: {name: c}\nspec:\n  podCIDR: 100.96.0.0/20\n  serviceClusterIPRange: 100.64.0.0/13\n  kubeControllerManager:\n    clusterCIDR: 100.96.0.0/20\n---\napiVersion: kops.k8s.io/v1alpha2\nkind: InstanceGroup\nmetadata: {name: nodes}\nspec:\n  maxSize: 20\n';
    // kops has no node mask field of its own here: no block, so nothing to compare (no finding).
    assert.deepEqual(where(kops).filter((w) => w[0] === 'PN135'), []);
    const capi = (replicas: string) =>
      `apiVersion: cluster.x-k8s.io/v1beta1\nkind: Cluster\nmetadata: {name: c}\nspec:\n  clusterNetwork:\n    pods:\n      cidrBlocks: [10.244.0.0/20]\n---\napiVersion: controlplane.cluster.x-k8s.io/v1beta1\nkind: KubeadmControlPlane\nmetadata: {name: cp}\nspec:\n  replicas: 3\n  kubeadmConfigSpec:\n    clusterConfiguration:\n      controllerManager:\n        extraArgs:\n          cluster-cidr: 10.244.0.0/20\n---\napiVersion: cluster.x-k8s.io/v1beta1\nkind: MachineDeployment\nmetadata: {name: md}\nspec:\n  replicas: ${replicas}\n`;
    // A /20 cut into /24s: 16 nodes; 3 + 20 asked.
    assert.deepEqual(where(capi('20')).filter((w) => w[0] === 'PN135'), [['PN135', 18]]);
    assert.deepEqual(where(capi('10')).filter((w) => w[0] === 'PN135'), []);
    assert.deepEqual(where(capi('${WORKER_MACHINE_COUNT}')).filter((w) => w[0] === 'PN135'), []);
  });
});

describe('quick fixes of identical ranges', () => {
  it('each pasted copy of a pool range gets a fix that edits that copy, not the first one', () => {
    const text = 'apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: lb\nspec:\n  addresses:\n  - 10.1.0.0/24\n  - 10.1.0.0/24\n';
    const f = findings(text);
    assert.deepEqual(f.map((x) => [x.code, x.start.line, x.fixes.map((fix) => fix.edits.map((e) => e.start.line))]), [['PN113', 6, [[6]]], ['PN113', 7, [[
      7,
    ]]]]);
  });
});
