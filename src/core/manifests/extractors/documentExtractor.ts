// One YAML document (or JSON file) in, its address ranges out: picks the extractor by apiVersion/kind.
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, getPath, items } from '../yamlTree';
import { extractAntreaPool } from './antreaExtractor';
import { extractCalicoInstallation, extractCalicoIpPool } from './calicoPoolExtractor';
import { extractCniConfig } from './cniConfigExtractor';
import {
  BOOTSTRAP_KINDS,
  CAPI_GROUP,
  extractCapaNetwork,
  extractAzureCluster,
  extractAzureManagedControlPlane,
  extractCapiCluster,
  extractKubeadmBootstrap,
  extractMachineCount,
  extractRosaControlPlane,
} from './clusterApiExtractor';
import { extractCiliumLbIpPool, extractCiliumPodIpPool } from './ciliumPoolExtractor';
import { extractConfigMap } from './configMapExtractor';
import { extractCanonicalK8sConfig, isCanonicalK8sConfig } from './canonicalK8sExtractor';
import { extractK3sConfig, isK3sConfig } from './k3sExtractor';
import { extractEksctlConfig } from './eksctlExtractor';
import { WORKLOAD_KINDS } from './extractedKinds';
import { extractK0sConfig } from './k0sExtractor';
import { extractKopsCluster, extractKopsInstanceGroup } from './kopsExtractor';
import { extractKindCluster } from './kindExtractor';
import { extractClusterConfiguration, extractInitOrJoin, extractKubelet, extractKubeProxy } from './kubeadmExtractor';
import { extractHelmValues, helmValuesKind } from './helmValuesExtractor';
import { extractKubesprayVars, isKubesprayVars } from './kubesprayExtractor';
import { describeObject, objectMeta } from './objectMeta';
import { extractTalosKubeNetworkConfig, extractTalosMachineConfig, isTalosMachineConfig } from './talosExtractor';
import { extractInstallConfig, isInstallConfig } from './openshiftExtractor';
import { extractNetworkAnnotation } from './networkAnnotationExtractor';
import { extractMetalLbPool, extractServiceCidr } from './simplePoolExtractor';
import { extractWorkloads } from './workloadExtractor';

export function extractDocument(root: YNode, ctx: ExtractContext, depth = 0): void {
  if (root.kind !== 'map' || depth > 4) return;
  const meta = objectMeta(root);
  const { group, kind } = meta;
  if (kind === 'List') {
    for (const item of items(get(root, 'items'))) extractDocument(item, ctx, depth + 1);
    return;
  }
  if (kind === 'CustomResourceDefinition') return;
  if (WORKLOAD_KINDS.has(kind) || kind === '') {
    extractWorkloads(root, meta, ctx);
    extractNetworkAnnotation(root, meta, ctx);
  }
  // Before k3s: both write `service-cidr`; only Canonical Kubernetes has `pod-cidr` and `cluster-config`.
  if (kind === '' && isCanonicalK8sConfig(root)) extractCanonicalK8sConfig(root, ctx);
  else if (kind === '' && isK3sConfig(root)) extractK3sConfig(root, ctx);
  else if (kind === '' && isTalosMachineConfig(root)) extractTalosMachineConfig(root, ctx);
  else if (kind === 'KubeNetworkConfig' && meta.apiVersion === 'v1alpha1') extractTalosKubeNetworkConfig(root, ctx);
  else if (kind === '' && isInstallConfig(root)) extractInstallConfig(root, ctx);
  else if (kind === '' && isKubesprayVars(root)) extractKubesprayVars(root, ctx);
  else if (kind === '' && helmValuesKind(root)) extractHelmValues(root, helmValuesKind(root) ?? 'flannel', ctx);
  else if (kind === '' && (get(root, 'ipam') || get(root, 'plugins'))) {
    extractCniConfig(root, ctx, { component: 'CNI config', source: 'cni-config', role: 'pod-network', fieldPrefix: '' });
  } else if (kind === 'ConfigMap') extractConfigMap(root, meta, ctx);
  else if (kind === 'IPPool' && (group === 'crd.projectcalico.org' || group === 'projectcalico.org')) extractCalicoIpPool(root, meta, ctx);
  else if ((kind === 'IPPool' || kind === 'ExternalIPPool') && group === 'crd.antrea.io') extractAntreaPool(root, meta, ctx);
  else if (kind === 'Installation' && group === 'operator.tigera.io') extractCalicoInstallation(root, meta, ctx);
  else if (kind === 'ClusterConfiguration' && group === 'kubeadm.k8s.io') extractClusterConfiguration(root, meta, ctx);
  else if ((kind === 'InitConfiguration' || kind === 'JoinConfiguration') && group === 'kubeadm.k8s.io') extractInitOrJoin(root, meta, ctx);
  else if (kind === 'KubeProxyConfiguration') extractKubeProxy(root, meta, ctx);
  else if (kind === 'KubeletConfiguration') extractKubelet(root, ctx);
  else if (kind === 'Cluster' && group === CAPI_GROUP) extractCapiCluster(root, meta, ctx);
  else if (BOOTSTRAP_KINDS.has(kind) && (group === `controlplane.${CAPI_GROUP}` || group === `bootstrap.${CAPI_GROUP}`)) {
    extractKubeadmBootstrap(root, meta, ctx);
  } else if ((kind === 'MachineDeployment' || kind === 'MachinePool') && group === CAPI_GROUP) extractMachineCount(root, meta, ctx);
  else if (kind === 'AzureCluster' && group === `infrastructure.${CAPI_GROUP}`) extractAzureCluster(root, meta, ctx);
  else if (kind === 'AzureManagedControlPlane' && group === `infrastructure.${CAPI_GROUP}`) extractAzureManagedControlPlane(root, meta, ctx);
  else if (
    (kind === 'AWSCluster' && group === `infrastructure.${CAPI_GROUP}`) || (kind === 'AWSManagedControlPlane' && group === `controlplane.${CAPI_GROUP}`)
  ) {
    extractCapaNetwork(root, meta, ctx);
  } else if (kind === 'ROSAControlPlane' && group === `controlplane.${CAPI_GROUP}`) extractRosaControlPlane(root, meta, ctx);
  else if (kind === 'ClusterConfig' && group === 'eksctl.io') extractEksctlConfig(root, meta, ctx);
  else if (kind === 'Cluster' && group === 'kops.k8s.io') extractKopsCluster(root, meta, ctx);
  else if (kind === 'InstanceGroup' && group === 'kops.k8s.io') extractKopsInstanceGroup(root, meta, ctx);
  else if (kind === 'ClusterConfig' && group === 'k0s.k0sproject.io') extractK0sConfig(root, meta, ctx);
  else if (kind === 'Cluster' && group === 'k0sctl.k0sproject.io') {
    const config = getPath(root, 'spec', 'k0s', 'config');
    if (config?.kind === 'map') extractK0sConfig(config, meta, ctx, 'spec.k0s.config.');
  } else if (kind === 'Cluster' && group === 'kind.x-k8s.io') extractKindCluster(root, meta, ctx);
  else if (kind === 'CiliumPodIPPool' && group === 'cilium.io') extractCiliumPodIpPool(root, meta, ctx);
  else if (kind === 'CiliumLoadBalancerIPPool' && group === 'cilium.io') extractCiliumLbIpPool(root, meta, ctx);
  else if (kind === 'IPAddressPool' && group === 'metallb.io') extractMetalLbPool(root, meta, ctx);
  else if (kind === 'ServiceCIDR' && group === 'networking.k8s.io') extractServiceCidr(root, meta, ctx);
  else if (kind === 'NetworkAttachmentDefinition' && group === 'k8s.cni.cncf.io') {
    const inner = ctx.embed(get(get(root, 'spec'), 'config'), 'json', `${describeObject(meta)} spec.config`);
    if (inner) {
      extractCniConfig(inner.root, inner.ctx, {
        component: `Multus ${describeObject(meta)}`,
        source: 'multus',
        role: 'secondary-network',
        fieldPrefix: 'spec.config ',
      });
    }
  }
}
