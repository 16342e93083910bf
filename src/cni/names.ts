// Names shared by the manifest, the node agent and the installer. The agent bundles this file, so it
// imports only modules that are themselves free of imports.
import { agentComponent, agentReasons } from '../core/cluster/agentEventNames';

/**
 * kube-system, like kube-proxy and most CNIs: the manifest then passes a server-side dry-run as one
 * unit on a fresh cluster (objects in a namespace that does not exist yet fail even a dry-run).
 * Uninstall stays exact through the labels. See docs/CNI.md.
 */
export const cniNamespace = 'kube-system';
export const appName = 'podnet-bridge-cni';
export const managedBy = 'podnet';

export const podnetLabels: Readonly<Record<string, string>> = {
  'app.kubernetes.io/name': appName,
  'app.kubernetes.io/managed-by': managedBy,
};
export const podnetLabelSelector = `app.kubernetes.io/name=${appName},app.kubernetes.io/managed-by=${managedBy}`;

/** The ConfigMap the linter reads (cluster-cidr, node-mask-size) and the agent polls for `state`. */
export const settingsConfigMap = 'podnet-bridge-cni';
/** The ConfigMap holding the conflist template and the bundled agent script. */
export const agentConfigMap = 'podnet-bridge-cni-agent';
export const daemonSetName = 'podnet-bridge-cni';
export const serviceAccountName = 'podnet-bridge-cni';
export const clusterRoleName = 'podnet-bridge-cni';
export const roleName = 'podnet-bridge-cni';

/** Keys of the settings ConfigMap (the installer writes them, every agent reads them). */
export const settingsKeys = {
  clusterCidr: 'cluster-cidr',
  nodeMaskSize: 'node-mask-size',
  state: 'state',
  masquerade: 'masquerade',
  nonMasqueradeCidrs: 'non-masquerade-cidrs',
  mtu: 'mtu',
} as const;

/** Where the uninstall signal is read (the connectivity check names withdrawn routes from it). */
export const podnetUninstallSignal = { namespace: cniNamespace, name: settingsConfigMap, key: settingsKeys.state } as const;

/** Values of the settings ConfigMap's `state` key; `remove` tells every agent to clean up. */
export type AgentMode = 'active' | 'remove';

/**
 * Route protocol number that marks Podnet's routes (0x9a). Unassigned in iproute2's rt_protos
 * (kernel 2, boot 3, static 4, ... babel 42, bgp 186, isis 187, ospf 188, rip 189, eigrp 192).
 */
export const routeProtocol = 154;

export const conflistFileName = '10-podnet.conflist';
export const cniNetworkName = 'podnet';
export const bridgeName = 'cni0';
export const requiredPlugins: readonly string[] = ['bridge', 'host-local', 'portmap', 'loopback'];

/** Event reasons the agent records on its own pod (the installer reads them back). */
export const eventReasons = agentReasons;
export { agentComponent };

/** iptables chains Podnet owns (and removes on uninstall); the jumps to them carry these comments. */
export const firewallChains = { masquerade: 'PODNET-MASQ', forward: 'PODNET-FORWARD' } as const;
export const firewallComments = { masquerade: 'podnet-masquerade', forward: 'podnet-forward' } as const;
/** The conflist's top-level key naming the node whose agent wrote it (libcni ignores unknown keys). */
export const conflistOwnerKey = 'podnetNode';
