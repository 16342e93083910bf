// Renders the bridge CNI's Kubernetes objects from code. Every object carries the Podnet labels, so
// uninstall deletes exactly these and nothing else.
import { createHash } from 'node:crypto';
import { dump } from 'js-yaml';
import { buildConflistTemplate } from '../conflist';
import { firewallScript } from './firewallScript';
import {
  agentConfigMap,
  appName,
  clusterRoleName,
  cniNamespace,
  daemonSetName,
  podnetLabels,
  roleName,
  serviceAccountName,
  settingsConfigMap,
  settingsKeys,
} from '../names';
import type { KubeObject } from '../../kube/kubeObject';
import { embeddableScript } from '../../core/embeddableScript';
import type { ManifestOptions } from './manifestOptions';

export type { KubeObject } from '../../kube/kubeObject';
import { defaultAgentImage, defaultFirewallImage, defaultHostCniBinDir } from './manifestOptions';

const labels = (): Record<string, string> => ({ ...podnetLabels });
const meta = (name: string, namespaced: boolean): KubeObject['metadata'] =>
  namespaced ? { name, namespace: cniNamespace, labels: labels() } : { name, labels: labels() };

export function renderManifest(options: ManifestOptions): KubeObject[] {
  const agentScript = embeddableScript(options.agentScript);
  const template = `${JSON.stringify(buildConflistTemplate(), null, 2)}\n`;
  const agentHash = createHash('sha256').update(agentScript).update(template).update(firewallScript).digest('hex').slice(0, 16);
  const hostBinDir = options.hostCniBinDir ?? defaultHostCniBinDir;

  const serviceAccount: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(serviceAccountName, true) };
  const clusterRole: KubeObject = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: meta(clusterRoleName, false),
    // Read-only on nodes: podCIDRs and InternalIPs of every node are the agent's whole input.
    rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] }],
  };
  // Both bindings give the agent's ServiceAccount its role, and nothing else.
  const bindAgent = (role: 'ClusterRole' | 'Role', name: string): KubeObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: `${role}Binding`,
    metadata: meta(name, role === 'Role'),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: role, name },
    subjects: [{ kind: 'ServiceAccount', name: serviceAccountName, namespace: cniNamespace }],
  });
  const clusterRoleBinding = bindAgent('ClusterRole', clusterRoleName);
  const role: KubeObject = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: meta(roleName, true),
    rules: [
      // State reporting: an Event on the agent's own pod (no write access to any Node).
      { apiGroups: [''], resources: ['events'], verbs: ['create'] },
      // The uninstall signal (`state: remove`), and nothing else in the namespace.
      { apiGroups: [''], resources: ['configmaps'], resourceNames: [settingsConfigMap], verbs: ['get'] },
    ],
  };
  const roleBinding = bindAgent('Role', roleName);
  const settings: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(settingsConfigMap, true),
    // Read by every agent on each resync: changing them needs no pod restart.
    data: {
      [settingsKeys.clusterCidr]: options.clusterCidr,
      [settingsKeys.nodeMaskSize]: String(options.nodeMaskSize),
      [settingsKeys.state]: options.state ?? 'active',
      [settingsKeys.masquerade]: String(options.masquerade ?? true),
      [settingsKeys.nonMasqueradeCidrs]: (options.nonMasqueradeCidrs ?? []).join(','),
      [settingsKeys.mtu]: options.mtu === undefined ? '' : String(options.mtu),
    },
  };
  const agentFiles: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(agentConfigMap, true),
    data: { 'conflist.template.json': template, 'agent.js': agentScript, 'firewall.sh': firewallScript },
  };
  const daemonSet: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta(daemonSetName, true),
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': appName } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: {
          labels: labels(),
          // A new agent or template rolls the pods; identical input keeps them (idempotent apply).
          annotations: { 'podnet.io/agent-hash': agentHash },
        },
        spec: {
          hostNetwork: true,
          priorityClassName: 'system-node-critical',
          serviceAccountName,
          terminationGracePeriodSeconds: 10,
          // The network plugin must run before the node is Ready, on every node, control plane included.
          tolerations: [
            { operator: 'Exists', effect: 'NoSchedule' },
            { operator: 'Exists', effect: 'NoExecute' },
            { key: 'CriticalAddonsOnly', operator: 'Exists' },
          ],
          containers: [
            {
              name: 'agent',
              image: options.image ?? defaultAgentImage,
              imagePullPolicy: 'IfNotPresent',
              command: ['node', '/opt/podnet/agent.js'],
              env: [
                { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                { name: 'PODNET_CNI_NET_DIR', value: '/host/etc/cni/net.d' },
                { name: 'PODNET_CNI_BIN_DIRS', value: '/host/opt/cni/bin' },
                { name: 'PODNET_CONFLIST_TEMPLATE', value: '/opt/podnet/conflist.template.json' },
                { name: 'PODNET_READY_FILE', value: '/run/podnet/ready' },
                { name: 'PODNET_FIREWALL_DIR', value: '/run/podnet/firewall' },
              ],
              securityContext: {
                privileged: false,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                runAsUser: 0,
                capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] },
                seccompProfile: { type: 'RuntimeDefault' },
              },
              resources: { requests: { cpu: '10m', memory: '40Mi' }, limits: { memory: '128Mi' } },
              // Ready means: this node's conflist is written and its peer routes are in place.
              readinessProbe: { exec: { command: ['cat', '/run/podnet/ready'] }, periodSeconds: 5, failureThreshold: 2 },
              volumeMounts: [
                { name: 'cni-net-dir', mountPath: '/host/etc/cni/net.d' },
                { name: 'cni-bin-dir', mountPath: '/host/opt/cni/bin', readOnly: true },
                { name: 'agent', mountPath: '/opt/podnet', readOnly: true },
                { name: 'run', mountPath: '/run/podnet' },
              ],
            },
            {
              // iptables for masquerade and FORWARD accepts: the agent's Node image has none. It
              // applies only the rules the agent writes to the shared run directory.
              name: 'firewall',
              image: options.firewallImage ?? defaultFirewallImage,
              imagePullPolicy: 'IfNotPresent',
              command: ['sh', '/opt/podnet/firewall.sh'],
              env: [{ name: 'PODNET_FIREWALL_DIR', value: '/run/podnet/firewall' }],
              securityContext: {
                privileged: false,
                allowPrivilegeEscalation: false,
                // iptables-wrapper re-points the image's iptables links at the host's backend on first use.
                readOnlyRootFilesystem: false,
                runAsUser: 0,
                // NET_ADMIN for netfilter, NET_RAW for iptables-legacy's raw socket.
                capabilities: { drop: ['ALL'], add: ['NET_ADMIN', 'NET_RAW'] },
                seccompProfile: { type: 'RuntimeDefault' },
              },
              resources: { requests: { cpu: '5m', memory: '20Mi' }, limits: { memory: '64Mi' } },
              volumeMounts: [
                { name: 'agent', mountPath: '/opt/podnet', readOnly: true },
                { name: 'run', mountPath: '/run/podnet' },
                // iptables-legacy serialises with other writers (kube-proxy, Docker) through this lock.
                { name: 'xtables-lock', mountPath: '/run/xtables.lock' },
              ],
            },
          ],
          volumes: [
            { name: 'cni-net-dir', hostPath: { path: '/etc/cni/net.d', type: 'DirectoryOrCreate' } },
            { name: 'cni-bin-dir', hostPath: { path: hostBinDir, type: 'Directory' } },
            { name: 'agent', configMap: { name: agentConfigMap } },
            { name: 'run', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } },
            { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
          ],
        },
      },
    },
  };
  return [serviceAccount, clusterRole, clusterRoleBinding, role, roleBinding, settings, agentFiles, daemonSet];
}

/** Multi-document YAML, one object per document, in apply order. */
export function manifestYaml(objects: readonly KubeObject[]): string {
  return objects.map((o) => `---\n${dump(o, { lineWidth: -1, noRefs: true })}`).join('');
}
