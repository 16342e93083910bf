import assert from 'node:assert/strict';
import { clusterIdentities } from '../../../src/core/lint/clusterIdentity';

const names = (text: string) => clusterIdentities(text).map((i) => `${i.name} <- ${i.from}`);

describe('cluster identity from the formats that carry one', () => {
  it('kubeadm clusterName; none when it is left out', () => {
    assert.deepEqual(names('apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nclusterName: prod\n'), [
      'prod <- kubeadm ClusterConfiguration clusterName',
    ]);
    assert.deepEqual(names('apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking: {podSubnet: 10.244.0.0/16}\n'), []);
  });
  it('Cluster API (namespace/name), kind, eksctl, kops, k0s, Rancher', () => {
    assert.deepEqual(names('apiVersion: cluster.x-k8s.io/v1beta1\nkind: Cluster\nmetadata:\n  name: capi-a\n  namespace: fleet\n'), [
      'fleet/capi-a <- Cluster API Cluster metadata',
    ]);
    assert.deepEqual(names('apiVersion: cluster.x-k8s.io/v1beta1\nkind: Cluster\nmetadata: {name: capi-b}\n'), ['capi-b <- Cluster API Cluster metadata']);
    assert.deepEqual(names('kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nname: dev\n'), ['dev <- kind Cluster name']);
    assert.deepEqual(names('apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: eks-1\n  region: eu-west-1\n'), [
      'eks-1 <- eksctl ClusterConfig metadata.name',
    ]);
    assert.deepEqual(names('apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata:\n  name: k.example.com\n'), [
      'k.example.com <- kops Cluster metadata.name',
    ]);
    assert.deepEqual(names('apiVersion: k0s.k0sproject.io/v1beta1\nkind: ClusterConfig\nmetadata:\n  name: k0s\n'), ['k0s <- k0s ClusterConfig metadata.name']);
    assert.deepEqual(names('apiVersion: provisioning.cattle.io/v1\nkind: Cluster\nmetadata:\n  name: rke2-a\n'), ['rke2-a <- Rancher Cluster metadata.name']);
  });
  it('OpenShift install-config, Talos machine config, RKE cluster.yml', () => {
    assert.deepEqual(names('apiVersion: v1\nbaseDomain: example.com\nmetadata:\n  name: ocp4\nnetworking:\n  clusterNetwork:\n  - cidr: 10.128.0.0/14\n'), [
      'ocp4 <- OpenShift install-config metadata.name',
    ]);
    assert.deepEqual(
      names('version: v1alpha1\nmachine:\n  type: controlplane\ncluster:\n  clusterName: talos-a\n  network:\n    podSubnets: [10.244.0.0/16]\n'),
      ['talos-a <- Talos cluster.clusterName'],
    );
    assert.deepEqual(names('nodes:\n  - address: 1.2.3.4\ncluster_name: rke-a\n'), ['rke-a <- RKE cluster_name']);
  });
  it('one identity per document, with the document bounds; other kinds named Cluster are not identities', () => {
    const text =
      'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nclusterName: a\n---\napiVersion: v1\nkind: ConfigMap\n---\napiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nclusterName: b\n';
    const ids = clusterIdentities(text);
    assert.deepEqual(ids.map((i) => [i.name, text.slice(i.docStart, i.docEnd).includes(`clusterName: ${i.name}`)]), [['a', true], ['b', true]]);
    assert.deepEqual(names('apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata:\n  name: db\n'), []);
    assert.deepEqual(names('apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nclusterName: [broken\n'), []);
  });
});
