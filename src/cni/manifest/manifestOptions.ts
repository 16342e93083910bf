// What a rendered manifest depends on. Defaults are the documented ones (docs/CNI.md).

/**
 * Official Node.js image, Alpine variant, exact tag: Node 20 (the Node major the agent is built for),
 * and Alpine's busybox ships `ip`, which the agent needs for routes (the Debian slim images have no
 * iproute2). Pin by digest with --image when your registry policy requires it.
 */
export const defaultAgentImage = 'docker.io/library/node:20.19.5-alpine3.22';
/**
 * The firewall container's image: Kubernetes' own Debian image with iptables and the
 * iptables-wrapper, which picks the host's backend (nft or legacy) as kube-proxy does — rules in
 * the other backend would be silently ignored by the node's kernel path. See docs/CNI.md.
 */
export const defaultFirewallImage = 'registry.k8s.io/build-image/debian-iptables:bookworm-v1.0.0';
export const defaultClusterCidr = '10.244.0.0/16';
export const defaultNodeMaskSize = 24;
export const defaultHostCniBinDir = '/opt/cni/bin';

export interface ManifestOptions {
  readonly clusterCidr: string;
  readonly nodeMaskSize: number;
  /** The bundled agent (dist/agent.js), embedded in a ConfigMap. */
  readonly agentScript: string;
  readonly image?: string;
  /** Host directory with the CNI plugins (Debian's package installs to /usr/lib/cni). */
  readonly hostCniBinDir?: string;
  readonly firewallImage?: string;
  /** Masquerade pod traffic leaving the pod network (default true); false for routed networks. */
  readonly masquerade?: boolean;
  /** Destinations reached without NAT besides the pod network (e.g. a routed corporate range). */
  readonly nonMasqueradeCidrs?: readonly string[];
  /** Pod MTU; undefined: each node's uplink MTU. */
  readonly mtu?: number;
  /** `remove` asks every agent to take its routes and conflist away (uninstall). */
  readonly state?: 'active' | 'remove';
}
