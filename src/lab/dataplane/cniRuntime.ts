// The CNI protocol as a container runtime speaks it (libcni): the first network config by file name
// in the node's CNI directory, each plugin of a conflist run in the node's namespace with a clean
// environment and the previous plugin's result as prevResult; DEL in reverse order.
import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { run } from './labNetns';

export interface Conflist {
  cniVersion: string;
  name: string;
  plugins: Record<string, unknown>[];
  [key: string]: unknown;
}

export interface CniResult {
  cniVersion?: string;
  interfaces?: { name: string; sandbox?: string }[];
  ips?: { address: string; gateway?: string; interface?: number }[];
  [key: string]: unknown;
}

/** Where a plugin runs: the node's namespace, its binaries, and the node's own filesystem root. */
export interface CniNode {
  readonly netns: string;
  readonly binDirs: readonly string[];
  /** Absolute paths in plugin configs (host-local's dataDir) are the node's: under this root. */
  readonly root: string;
}

const configExtensions = ['.conf', '.conflist', '.json'];

/** The file libcni would pick: the first by name with a known extension (undefined when none). */
export function firstNetworkConfig(dir: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  const first = names.filter((n) => configExtensions.some((e) => n.endsWith(e))).sort()[0];
  return first === undefined ? undefined : join(dir, first);
}

/** Reads a .conflist, or a single-plugin .conf turned into a one-plugin list (as libcni does). */
export function readNetworkConfig(path: string): Conflist {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  if (Array.isArray(raw.plugins)) {
    if (raw.plugins.length === 0) throw new Error(`${path}: no plugins`);
    return raw as unknown as Conflist;
  }
  if (typeof raw.type !== 'string') throw new Error(`${path}: neither "plugins" nor "type"`);
  return { cniVersion: String(raw.cniVersion ?? '0.4.0'), name: String(raw.name ?? ''), plugins: [raw] };
}

/** The node's view of host-local's state: the default dataDir, and any absolute one, live under its root. */
function onNode(plugin: Record<string, unknown>, node: CniNode): Record<string, unknown> {
  const ipam = plugin.ipam as Record<string, unknown> | undefined;
  if (ipam?.type !== 'host-local') return plugin;
  const dataDir = typeof ipam.dataDir === 'string' && isAbsolute(ipam.dataDir) ? ipam.dataDir : '/var/lib/cni/networks';
  return { ...plugin, ipam: { ...ipam, dataDir: join(node.root, dataDir) } };
}

async function runPlugin(
  node: CniNode,
  command: 'ADD' | 'DEL',
  plugin: Record<string, unknown>,
  list: Conflist,
  containerId: string,
  podNetns: string,
  ifname: string,
  prevResult?: CniResult,
): Promise<string> {
  const config = { ...onNode(plugin, node), cniVersion: list.cniVersion, name: list.name, ...(prevResult ? { prevResult } : {}) };
  const type = String(plugin.type);
  if (!/^[\w.-]+$/.test(type)) throw new Error(`CNI plugin type "${type}" is not a file name`);
  const env = [
    `PATH=${process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin'}`,
    `CNI_COMMAND=${command}`,
    `CNI_CONTAINERID=${containerId}`,
    `CNI_NETNS=/var/run/netns/${podNetns}`,
    `CNI_IFNAME=${ifname}`,
    `CNI_PATH=${node.binDirs.join(':')}`,
  ];
  const binary = node.binDirs.map((d) => join(d, type));
  // The first directory holding the plugin, as libcni's FindInPath.
  const script = `for b in ${
    binary.map((b) => `'${b}'`).join(' ')
  }; do if [ -x "$b" ]; then exec "$b"; fi; done; echo "failed to find plugin \\"${type}\\" in path [${node.binDirs.join(' ')}]" >&2; exit 127`;
  try {
    return await run('ip', ['netns', 'exec', node.netns, 'env', '-i', ...env, 'sh', '-c', script], { input: JSON.stringify(config) });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    // A plugin reports its error as JSON on stdout ({code, msg, details}).
    let msg = (e.stderr ?? '').trim();
    try {
      const parsed = JSON.parse(e.stdout ?? '') as { msg?: string; details?: string };
      if (parsed.msg) msg = `${parsed.msg}${parsed.details ? `: ${parsed.details}` : ''}`;
    } catch {
      // not JSON
    }
    throw new Error(`plugin type="${type}" failed (${command.toLowerCase()}): ${msg || e.message}`);
  }
}

export async function cniAdd(node: CniNode, list: Conflist, containerId: string, podNetns: string, ifname = 'eth0'): Promise<CniResult> {
  let result: CniResult | undefined;
  for (const plugin of list.plugins) result = JSON.parse(await runPlugin(node, 'ADD', plugin, list, containerId, podNetns, ifname, result)) as CniResult;
  if (!result) throw new Error('empty conflist');
  return result;
}

/** DEL every plugin (reverse order); DEL is idempotent, so every plugin gets its turn even when one fails. */
export async function cniDel(node: CniNode, list: Conflist, containerId: string, podNetns: string, ifname = 'eth0'): Promise<void> {
  const errors: string[] = [];
  for (const plugin of [...list.plugins].reverse()) {
    try {
      await runPlugin(node, 'DEL', plugin, list, containerId, podNetns, ifname);
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  if (errors.length) throw new Error(errors.join('; '));
}

/** The addresses a result gives the pod (without prefix length), in the plugin's order. */
export function resultIps(result: CniResult): string[] {
  return (result.ips ?? []).map((i) => i.address.split('/')[0] ?? '').filter(Boolean);
}
