// The CNI conflist the agent writes on each node. The manifest ships the template (ranges left empty);
// the agent fills in the node's own block(s). Kept import-free because the agent bundles it.
import { bridgeName, cniNetworkName, conflistOwnerKey } from './names';

export interface ConflistTemplateOptions {
  /** host-local state directory; omitted means the plugin default (/var/lib/cni/networks). */
  readonly ipamDataDir?: string;
  readonly mtu?: number;
}

export type JsonObject = { [key: string]: unknown };

export function buildConflistTemplate(options: ConflistTemplateOptions = {}): JsonObject {
  const ipam: JsonObject = { type: 'host-local', ranges: [], routes: [] };
  if (options.ipamDataDir) ipam.dataDir = options.ipamDataDir;
  const bridge: JsonObject = {
    type: 'bridge',
    bridge: bridgeName,
    isGateway: true,
    // No NAT between pods: the whole point is that the receiver sees the sender pod's IP.
    ipMasq: false,
    hairpinMode: true,
    ipam,
  };
  if (options.mtu) bridge.mtu = options.mtu;
  return {
    cniVersion: '1.0.0',
    name: cniNetworkName,
    plugins: [
      bridge,
      { type: 'portmap', capabilities: { portMappings: true } },
      // Chained loopback passes the bridge result through and brings `lo` up in the pod.
      { type: 'loopback' },
    ],
  };
}

export interface ConflistNodeOptions {
  readonly ipamDataDir?: string;
  /** The pod MTU (bridge and veths); undefined keeps the template's (or the plugin's 1500). */
  readonly mtu?: number;
  /** The node whose agent writes it: a second agent on the same node sees it is not its own. */
  readonly node?: string;
}

/** Fills a template with the node's pod CIDR(s): one host-local range set and one default route per family. */
export function renderConflist(template: JsonObject, podCIDRs: readonly string[], options: ConflistNodeOptions = {}): JsonObject {
  const conflist = JSON.parse(JSON.stringify(template)) as JsonObject;
  const plugins = conflist.plugins as JsonObject[] | undefined;
  const bridge = plugins?.find((p) => p.type === 'bridge');
  if (!bridge) throw new Error('conflist template has no bridge plugin');
  const ipam = (bridge.ipam ?? {}) as JsonObject;
  ipam.type = ipam.type ?? 'host-local';
  ipam.ranges = podCIDRs.map((subnet) => [{ subnet }]);
  ipam.routes = podCIDRs.map((cidr) => ({ dst: cidr.includes(':') ? '::/0' : '0.0.0.0/0' }));
  if (options.ipamDataDir) ipam.dataDir = options.ipamDataDir;
  bridge.ipam = ipam;
  if (options.mtu) bridge.mtu = options.mtu;
  if (options.node) conflist[conflistOwnerKey] = options.node;
  return conflist;
}

export function conflistText(conflist: JsonObject): string {
  return `${JSON.stringify(conflist, null, 2)}\n`;
}
