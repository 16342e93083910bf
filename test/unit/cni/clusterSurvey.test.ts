// The installer's survey reads the cluster through the same strip → detect → discover pipeline as
// the tree (ClusterModel), so the two agree on every fact; here through a fake API answering raw JSON.
import assert from 'node:assert/strict';
import { ClusterModel } from '../../../src/core/cluster/clusterModel';
import { KubeApiError } from '../../../src/kube/kubeApi';
import type { KubeApi } from '../../../src/kube/kubeApi';
import { surveyCluster } from '../../../src/cni/install/clusterSurvey';
import { preflight } from '../../../src/cni/install/preflight';
import { stripConfigMap, stripControlPlanePod, stripDaemonSet, stripNode } from '../../../src/kube/strip';

const rawNode = (name: string, podCIDR: string, ip: string) => ({
  metadata: { name },
  spec: { podCIDR },
  status: { addresses: [{ type: 'InternalIP', address: ip }], conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady' }] },
});
const kubeadmConfig = (text: string) => ({ metadata: { name: 'kubeadm-config', namespace: 'kube-system' }, data: { ClusterConfiguration: text } });
const controllerManager = (args: string[]) => ({
  metadata: { name: 'kube-controller-manager-cp', namespace: 'kube-system', labels: { component: 'kube-controller-manager', tier: 'control-plane' } },
  spec: { containers: [{ name: 'kube-controller-manager', command: ['kube-controller-manager', ...args] }] },
});

/** A fake API: path prefix → items, or a status code to fail with. */
function fakeApi(answers: Record<string, unknown[] | number>): KubeApi {
  return {
    list: async (path: string) => {
      const base = path.split('?')[0]!;
      const answer = answers[base];
      if (typeof answer === 'number') throw new KubeApiError(answer, answer === 403 ? 'Forbidden' : 'NotFound', `GET ${base}: ${answer} no`);
      return answer ?? [];
    },
  } as unknown as KubeApi;
}

function treeModel(objects: { nodes?: unknown[]; configMaps?: unknown[]; daemonSets?: unknown[]; controlPlane?: unknown[] }): ClusterModel {
  const model = new ClusterModel();
  for (const n of objects.nodes ?? []) model.upsertNode(stripNode(n)!);
  for (const c of objects.configMaps ?? []) model.upsertConfigMap(stripConfigMap(c)!);
  for (const d of objects.daemonSets ?? []) model.upsertDaemonSet(stripDaemonSet(d)!);
  for (const p of objects.controlPlane ?? []) model.upsertControlPlanePod(stripControlPlanePod(p)!);
  return model;
}

describe('cni install: the cluster survey reads the cluster like the tree', () => {
  const nodes = [rawNode('n1', '10.244.0.0/24', '172.31.0.11'), rawNode('n2', '10.244.1.0/24', '172.31.0.12')];

  it("a single-quoted serviceSubnet: '10.96.0.0/12' — tree and installer both find it", async () => {
    const cm = kubeadmConfig(
      "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: '10.244.0.0/16'\n  serviceSubnet: '10.96.0.0/12'\n",
    );
    const model = treeModel({ nodes, configMaps: [cm] });
    assert.deepEqual(model.networks.serviceNetworks, [{ cidr: '10.96.0.0/12', source: 'kubeadm-config serviceSubnet' }]);
    const survey = await surveyCluster(fakeApi({ '/api/v1/nodes': nodes, '/api/v1/namespaces/kube-system/configmaps': [cm] }));
    assert.deepEqual(survey.serviceCIDRs, model.networks.serviceNetworks);
    assert.deepEqual(survey.clusterCIDRs, model.networks.podNetworks);
    assert.deepEqual(survey.clusterCIDRs, [{ cidr: '10.244.0.0/16', source: 'kubeadm-config podSubnet' }]);
    assert.deepEqual(survey.nodes.map((n) => [n.name, [...n.podCIDRs], [...n.internalIPs], n.ready]), [['n1', ['10.244.0.0/24'], ['172.31.0.11'], false], [
      'n2',
      ['10.244.1.0/24'],
      ['172.31.0.12'],
      false,
    ]]);
  });

  it("kube-controller-manager's --cluster-cidr and --service-cluster-ip-range reach the tree's model too", async () => {
    const kcm = controllerManager([
      '--allocate-node-cidrs=true',
      '--cluster-cidr=10.244.0.0/16,fd00:10:244::/56',
      '--service-cluster-ip-range',
      '10.96.0.0/12',
    ]);
    const model = treeModel({ nodes, controlPlane: [kcm] });
    assert.deepEqual(model.networks.podNetworks.map((p) => p.cidr), ['10.244.0.0/16', 'fd00:10:244::/56']);
    assert.equal(model.networks.podNetworks[0]!.source, 'kube-controller-manager-cp --cluster-cidr');
    assert.deepEqual(model.networks.serviceNetworks, [{ cidr: '10.96.0.0/12', source: 'kube-controller-manager-cp --service-cluster-ip-range' }]);
    const survey = await surveyCluster(fakeApi({ '/api/v1/nodes': nodes, '/api/v1/namespaces/kube-system/pods': [kcm] }));
    assert.deepEqual(survey.clusterCIDRs, model.networks.podNetworks);
    assert.equal(preflight(survey).clusterCidr, '10.244.0.0/16,fd00:10:244::/56');
  });

  it('CNIs the tree did not know by name (aws-node) are found by both', async () => {
    const ds = {
      metadata: { name: 'aws-node', namespace: 'kube-system' },
      spec: { template: { spec: { containers: [{ name: 'aws-node', image: '602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.0' }] } } },
    };
    assert.equal(treeModel({ daemonSets: [ds] }).cni.evidence, 'DaemonSet kube-system/aws-node (Amazon VPC CNI)');
    const survey = await surveyCluster(fakeApi({ '/api/v1/nodes': nodes, '/apis/apps/v1/daemonsets': [ds] }));
    assert.deepEqual(survey.otherCnis, [{ what: 'DaemonSet kube-system/aws-node (Amazon VPC CNI)' }]);
  });

  it('a 403 is said, never taken as "absent"', async () => {
    const survey = await surveyCluster(
      fakeApi({
        '/api/v1/nodes': nodes,
        '/apis/apps/v1/daemonsets': 403,
        '/api/v1/namespaces/kube-system/configmaps': 403,
        '/apis/networking.k8s.io/v1/servicecidrs': 404,
      }),
    );
    assert.deepEqual(survey.unreadable?.map((u) => u.kind).sort(), ['ConfigMaps in kube-system', 'DaemonSets']);
    assert.match(survey.unreadable?.[0]?.reason ?? '', /^forbidden \(GET \//);
    assert.deepEqual(survey.otherCnis, [], 'unread DaemonSets are not "another CNI" either');
    const p = preflight(survey);
    assert.ok(p.problems.some((x) => x.code === 'unreadable' && /could not read DaemonSets: forbidden/.test(x.message)));
    assert.ok(p.problems.some((x) => x.code === 'no-cluster-cidr' && /could not read ConfigMaps in kube-system: forbidden/.test(x.message)));
  });

  it('a failing node list fails the survey (nodes decide everything)', async () => {
    await assert.rejects(surveyCluster(fakeApi({ '/api/v1/nodes': 403 })), /403/);
  });
});
