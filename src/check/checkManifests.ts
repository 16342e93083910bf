// What `podnet check` creates: a labelled namespace, a service account whose Role lets a probe read
// the plan and create its result ConfigMap (nothing else), the probe script in a ConfigMap, two
// DaemonSets on the pod network (two probe pods per node, so same-node pairs exist) and one on the
// host network. One pinned image: the bridge CNI's (Node on Alpine, with busybox ping and ip).
import { createHash } from 'node:crypto';
import type { KubeObject } from '../kube/kubeObject';
import { embeddableScript } from '../core/embeddableScript';
import {
  checkLabels,
  checkNamespace,
  defaultHostPort,
  defaultPodPort,
  hostDaemonSet,
  planConfigMap,
  planKey,
  podDaemonSets,
  readyDir,
  readyFile,
  roleLabel,
  roleName,
  runLabel,
  scriptConfigMap,
  scriptKey,
  serviceAccountName,
} from './checkNames';

export interface CheckManifestOptions {
  readonly runId: string;
  /** The bundled probe (dist/probe.js). */
  readonly probeScript: string;
  /** The bridge CNI's agent image (the caller passes src/cni's pin, or the user's --image). */
  readonly image: string;
  readonly podPort?: number;
  readonly hostPort?: number;
}

const probeLabel = 'podnet.dev/check-probe';
/** On the namespace: what the probe pods were made of (image, script, ports), so a later check knows whether kept probes are its own kind. */
export const configAnnotation = 'podnet.dev/check-config';

/** The run configuration's identity: two checks with the same one may share probe pods. */
export function checkConfigId(options: Omit<CheckManifestOptions, 'runId'>): string {
  const parts = [options.image, embeddableScript(options.probeScript), options.podPort ?? defaultPodPort, options.hostPort ?? defaultHostPort];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}
const scriptDir = '/podnet-check';

/** The nodes the probe DaemonSets place pods on (their affinity): all but Windows nodes. */
export const probedNode = (node: { readonly metadata: { readonly labels?: Record<string, string> } }): boolean =>
  node.metadata.labels?.['kubernetes.io/os'] !== 'windows';

export function checkObjects(options: CheckManifestOptions): KubeObject[] {
  const labels = { ...checkLabels, [runLabel]: options.runId };
  const meta = (name: string): KubeObject['metadata'] => ({ name, namespace: checkNamespace, labels: { ...labels } });
  const script = embeddableScript(options.probeScript);
  const image = options.image;
  const podPort = options.podPort ?? defaultPodPort;
  const hostPort = options.hostPort ?? defaultHostPort;
  const scriptHash = createHash('sha256').update(script).digest('hex').slice(0, 16);

  const daemonSet = (name: string, host: boolean): KubeObject => {
    const port = host ? hostPort : podPort;
    const podLabels = { ...labels, [probeLabel]: name, [roleLabel]: host ? 'host' : 'pod' };
    const field = (path: string) => ({ valueFrom: { fieldRef: { fieldPath: path } } });
    return {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta(name),
      spec: {
        selector: { matchLabels: { [probeLabel]: name } },
        template: {
          metadata: { labels: podLabels, annotations: { 'podnet.dev/probe-sha256': scriptHash } },
          spec: {
            serviceAccountName,
            // Every node, whatever its taints: a node the check skips is a node it cannot vouch for.
            tolerations: [{ operator: 'Exists' }],
            // …but a Linux image: Windows nodes (and only they) are left out, and said to be.
            affinity: {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'NotIn', values: ['windows'] }] }],
                },
              },
            },
            terminationGracePeriodSeconds: 2,
            ...(host ? { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' } : {}),
            containers: [
              {
                name: 'probe',
                image,
                command: ['node', `${scriptDir}/${scriptKey}`],
                env: [
                  { name: 'POD_NAME', ...field('metadata.name') },
                  { name: 'POD_NAMESPACE', ...field('metadata.namespace') },
                  { name: 'POD_IP', ...field('status.podIP') },
                  { name: 'NODE_NAME', ...field('spec.nodeName') },
                  { name: 'HOST_IP', ...field('status.hostIP') },
                  { name: 'PODNET_CHECK_PORT', value: String(port) },
                  { name: 'PODNET_CHECK_RUN', value: options.runId },
                  { name: 'PODNET_CHECK_READY_FILE', value: readyFile },
                  // The hostNetwork probe relays the plan and results for its node's pod probes when they cannot reach the API.
                  ...(host ? [{ name: 'PODNET_CHECK_RELAY', value: 'serve' }] : [{ name: 'PODNET_CHECK_RELAY_PORT', value: String(hostPort) }]),
                ],
                // Ready once the echo listens: the runner writes the plan only when every probe pod is Ready.
                readinessProbe: { exec: { command: ['test', '-f', readyFile] }, periodSeconds: 1, failureThreshold: 1, timeoutSeconds: 1 },
                ports: [
                  { name: 'echo-tcp', containerPort: port, protocol: 'TCP' },
                  { name: 'echo-udp', containerPort: port, protocol: 'UDP' },
                ],
                volumeMounts: [{ name: 'probe', mountPath: scriptDir, readOnly: true }, { name: 'state', mountPath: readyDir }],
                resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
                // NET_RAW only, for ping; nothing else of root's powers.
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'], add: ['NET_RAW'] } },
              },
            ],
            // The root filesystem is read-only: the marker lives on a small emptyDir.
            volumes: [{ name: 'probe', configMap: { name: scriptConfigMap } }, { name: 'state', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } }],
          },
        },
      },
    };
  };

  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      // The hostNetwork probe is a privileged pod under Pod Security Standards: this namespace, and only it, admits it.
      metadata: {
        name: checkNamespace,
        labels: { ...labels, 'pod-security.kubernetes.io/enforce': 'privileged' },
        annotations: { [configAnnotation]: checkConfigId(options) },
      },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(serviceAccountName) },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta(roleName),
      rules: [
        // watch by name: authorised against resourceNames with the field selector metadata.name.
        { apiGroups: [''], resources: ['configmaps'], resourceNames: [planConfigMap], verbs: ['get', 'watch'] },
        // create cannot be limited by name (the name is in the request body); it is limited to this namespace.
        { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(roleName),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccountName, namespace: checkNamespace }],
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(scriptConfigMap), data: { [scriptKey]: script } },
    ...podDaemonSets.map((name) => daemonSet(name, false)),
    daemonSet(hostDaemonSet, true),
  ];
}

/** The plan ConfigMap the runner writes once every probe pod is Running. */
export function planObject(runId: string, planJson: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: planConfigMap, namespace: checkNamespace, labels: { ...checkLabels, [runLabel]: runId } },
    data: { [planKey]: planJson },
  };
}
