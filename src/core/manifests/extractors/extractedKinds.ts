// The top-level kinds some extractor reads (documentExtractor dispatches on them; the document
// pre-filter skips every other kind unparsed). Documents without a kind (k3s/RKE2 configs, Helm
// values, CNI configs, install-config.yaml, Talos machine configs) are always read.
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set(['DaemonSet', 'Deployment', 'StatefulSet', 'Pod', 'ReplicaSet']);

export const EXTRACTED_KINDS: ReadonlySet<string> = new Set([
  ...WORKLOAD_KINDS,
  'List',
  'ConfigMap',
  'IPPool',
  'ExternalIPPool',
  'Installation',
  'ClusterConfiguration',
  'InitConfiguration',
  'JoinConfiguration',
  'KubeProxyConfiguration',
  'KubeletConfiguration',
  'Cluster',
  'IPAddressPool',
  'CiliumPodIPPool',
  'CiliumLoadBalancerIPPool',
  'ServiceCIDR',
  'NetworkAttachmentDefinition',
  'KubeadmControlPlane',
  'KubeadmControlPlaneTemplate',
  'KubeadmConfig',
  'KubeadmConfigTemplate',
  'AzureCluster',
  'AzureManagedControlPlane',
  'AWSCluster',
  'AWSManagedControlPlane',
  'ROSAControlPlane',
  'ClusterConfig',
  'KubeNetworkConfig',
  'MachineDeployment',
  'MachinePool',
  'InstanceGroup',
]);
