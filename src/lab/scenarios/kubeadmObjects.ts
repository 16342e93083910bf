// What kubeadm init leaves in every cluster: namespaces, the kubernetes Service and its ServiceCIDR,
// default service accounts, kube-system/kubeadm-config.
import type { StoredObject } from '../store/storedObject';
import { configMap, namespace, serviceAccount } from './namespacedObjects';
import { service, serviceCidr } from './serviceObjects';

/**
 * kube-system/kubeadm-config as `kubeadm init --pod-network-cidr … --service-cidr …` writes it
 * (kubeadm v1.33, ClusterConfiguration v1beta4; trimmed to the fields a cluster of the lab's shape has).
 */
export function kubeadmClusterConfiguration(podSubnet: string, serviceSubnet: string): string {
  return [
    'apiServer: {}',
    'apiVersion: kubeadm.k8s.io/v1beta4',
    'caCertificateValidityPeriod: 87600h0m0s',
    'certificateValidityPeriod: 8760h0m0s',
    'certificatesDir: /etc/kubernetes/pki',
    'clusterName: kubernetes',
    'controllerManager: {}',
    'dns: {}',
    'encryptionAlgorithm: RSA-2048',
    'etcd:',
    '  local:',
    '    dataDir: /var/lib/etcd',
    'imageRepository: registry.k8s.io',
    'kind: ClusterConfiguration',
    'kubernetesVersion: v1.33.0',
    'networking:',
    '  dnsDomain: cluster.local',
    `  podSubnet: ${podSubnet}`,
    `  serviceSubnet: ${serviceSubnet}`,
    'proxy: {}',
    'scheduler: {}',
    '',
  ].join('\n');
}

/**
 * The basics every kubeadm cluster has: namespaces, the kubernetes service, its ServiceCIDR,
 * default service accounts, kubeadm-config (empty unless `clusterConfiguration` is given).
 */
export function clusterBasics(serviceCidrs: string[], kubernetesIp: string, clusterConfiguration = ''): StoredObject[] {
  const namespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
  return [
    ...namespaces.map(namespace),
    ...namespaces.map((ns) => serviceAccount(ns, 'default')),
    serviceCidr(serviceCidrs),
    service('default', 'kubernetes', kubernetesIp, [{ name: 'https', port: 443, targetPort: 6443 }], undefined, {
      component: 'apiserver',
      provider: 'kubernetes',
    }),
    configMap('kube-system', 'kubeadm-config', { ClusterConfiguration: clusterConfiguration }),
  ];
}
