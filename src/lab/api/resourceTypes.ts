// The API resources the lab serves, as discovery describes them. Custom resources join at runtime
// when a CustomResourceDefinition is created, like a real apiserver's apiextensions handler.

export interface ResourceType {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Plural, lower case: the URL segment. */
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  /** Subresources with their own endpoints ("status"). */
  readonly subresources: readonly string[];
  /** Whether metadata.generation tracks spec changes (spec/status split resources). */
  readonly hasGeneration: boolean;
  /** Defined by a CRD (printed with Name + Age, like the apiserver's default table). */
  readonly custom?: boolean;
}

export const apiVersionOf = (t: Pick<ResourceType, 'group' | 'version'>): string => (t.group ? `${t.group}/${t.version}` : t.version);
export const typeKey = (t: Pick<ResourceType, 'group' | 'plural'>): string => `${t.group}/${t.plural}`;

/** Namespaces are the one kind a real apiserver serves without deletecollection. */
export const verbsOf = (t: ResourceType): string[] =>
  t.kind === 'Namespace'
    ? ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']
    : ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function def(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  shortNames: string[] = [],
  extra: Partial<ResourceType> = {},
): ResourceType {
  return {
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    shortNames,
    categories: [],
    subresources: [],
    hasGeneration: false,
    ...extra,
  };
}

const all = ['all'];
/** Built-in resources (what a kubeadm cluster serves that matters for networking and for manifests). */
export const builtinResourceTypes: readonly ResourceType[] = [
  def('', 'v1', 'Namespace', 'namespaces', false, ['ns'], { subresources: ['status'] }),
  def('', 'v1', 'Node', 'nodes', false, ['no'], { subresources: ['status'] }),
  def('', 'v1', 'Pod', 'pods', true, ['po'], { categories: all, subresources: ['status'] }),
  def('', 'v1', 'Service', 'services', true, ['svc'], { categories: all, subresources: ['status'] }),
  def('', 'v1', 'Endpoints', 'endpoints', true, ['ep']),
  def('', 'v1', 'ConfigMap', 'configmaps', true, ['cm']),
  def('', 'v1', 'Secret', 'secrets', true),
  def('', 'v1', 'ServiceAccount', 'serviceaccounts', true, ['sa']),
  def('', 'v1', 'Event', 'events', true, ['ev']),
  def('apps', 'v1', 'DaemonSet', 'daemonsets', true, ['ds'], { categories: all, subresources: ['status'], hasGeneration: true }),
  def('apps', 'v1', 'Deployment', 'deployments', true, ['deploy'], { categories: all, subresources: ['status', 'scale'], hasGeneration: true }),
  def('apps', 'v1', 'ReplicaSet', 'replicasets', true, ['rs'], { categories: all, subresources: ['status', 'scale'], hasGeneration: true }),
  def('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  def('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  def('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true),
  def('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true),
  def('networking.k8s.io', 'v1', 'ServiceCIDR', 'servicecidrs', false, [], { subresources: ['status'], hasGeneration: true }),
  def('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, ['netpol'], { hasGeneration: true }),
  def('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, ['crd', 'crds'], {
    subresources: ['status'],
    hasGeneration: true,
  }),
  // Stored as sent (no controller): present so real CNI manifests (Calico, Cilium, Antrea) apply.
  def('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, ['pvc'], { subresources: ['status'] }),
  def('', 'v1', 'PersistentVolume', 'persistentvolumes', false, ['pv'], { subresources: ['status'] }),
  def('', 'v1', 'LimitRange', 'limitranges', true, ['limits']),
  def('', 'v1', 'ResourceQuota', 'resourcequotas', true, ['quota'], { subresources: ['status'] }),
  def('apps', 'v1', 'StatefulSet', 'statefulsets', true, ['sts'], { categories: all, subresources: ['status', 'scale'], hasGeneration: true }),
  def('apps', 'v1', 'ControllerRevision', 'controllerrevisions', true),
  def('batch', 'v1', 'Job', 'jobs', true, [], { categories: all, subresources: ['status'], hasGeneration: true }),
  def('batch', 'v1', 'CronJob', 'cronjobs', true, ['cj'], { categories: all, subresources: ['status'], hasGeneration: true }),
  def('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, ['pdb'], { subresources: ['status'], hasGeneration: true }),
  def('scheduling.k8s.io', 'v1', 'PriorityClass', 'priorityclasses', false, ['pc']),
  def('coordination.k8s.io', 'v1', 'Lease', 'leases', true),
  def('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true),
  def('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, ['ing'], { subresources: ['status'], hasGeneration: true }),
  def('networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', false),
  def('apiregistration.k8s.io', 'v1', 'APIService', 'apiservices', false, [], { subresources: ['status'] }),
  def('admissionregistration.k8s.io', 'v1', 'MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', false, [], { hasGeneration: true }),
  def('admissionregistration.k8s.io', 'v1', 'ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', false, [], { hasGeneration: true }),
  def('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false, ['sc']),
  def('storage.k8s.io', 'v1', 'CSIDriver', 'csidrivers', false),
];

/** The ResourceType a CRD object declares for each served version. */
export function resourceTypesFromCrd(crd: Record<string, unknown>): ResourceType[] {
  const spec = (crd.spec ?? {}) as {
    group?: string;
    scope?: string;
    names?: { kind?: string; plural?: string; singular?: string; shortNames?: string[]; categories?: string[] };
    versions?: { name: string; served?: boolean; subresources?: { status?: unknown } }[];
  };
  if (!spec.group || !spec.names?.kind || !spec.names.plural) return [];
  return (spec.versions ?? []).filter((v) => v.served !== false).map((v) => ({
    group: spec.group as string,
    version: v.name,
    kind: spec.names?.kind as string,
    plural: spec.names?.plural as string,
    singular: spec.names?.singular ?? (spec.names?.kind as string).toLowerCase(),
    namespaced: spec.scope !== 'Cluster',
    shortNames: spec.names?.shortNames ?? [],
    categories: spec.names?.categories ?? [],
    subresources: v.subresources?.status ? ['status'] : [],
    hasGeneration: true,
    custom: true,
  }));
}
