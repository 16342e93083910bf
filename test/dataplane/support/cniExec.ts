// Runs a CNI conflist by hand, the way a container runtime does: each plugin in the node's namespace
// with a clean environment, chained through prevResult; DEL in reverse order.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const cniBinDir = '/usr/lib/cni';

interface Conflist {
  cniVersion: string;
  name: string;
  plugins: Record<string, unknown>[];
}

export interface CniResult {
  ips?: { address: string; gateway?: string }[];
  [key: string]: unknown;
}

function runPlugin(nodeNs: string, command: 'ADD' | 'DEL', plugin: Record<string, unknown>, conflist: Conflist, containerId: string, podNs: string, prevResult?: CniResult): string {
  const ifname = 'eth0';
  const config = { ...plugin, cniVersion: conflist.cniVersion, name: conflist.name, ...(prevResult ? { prevResult } : {}) };
  const env = [
    `PATH=${process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin'}`,
    `CNI_COMMAND=${command}`,
    `CNI_CONTAINERID=${containerId}`,
    `CNI_NETNS=/var/run/netns/${podNs}`,
    `CNI_IFNAME=${ifname}`,
    `CNI_PATH=${cniBinDir}:/opt/cni/bin`,
  ];
  try {
    return execFileSync('ip', ['netns', 'exec', nodeNs, 'env', '-i', ...env, `${cniBinDir}/${String(plugin.type)}`], {
      input: JSON.stringify(config),
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`CNI ${command} ${String(plugin.type)} failed: ${e.stdout ?? ''} ${e.stderr ?? ''} ${e.message}`);
  }
}

export function readConflist(path: string): Conflist {
  return JSON.parse(readFileSync(path, 'utf8')) as Conflist;
}

export function cniAdd(nodeNs: string, conflistPath: string, containerId: string, podNs: string): CniResult {
  const conflist = readConflist(conflistPath);
  let result: CniResult | undefined;
  for (const plugin of conflist.plugins) {
    const out = runPlugin(nodeNs, 'ADD', plugin, conflist, containerId, podNs, result);
    result = JSON.parse(out) as CniResult;
  }
  if (!result) throw new Error('empty conflist');
  return result;
}

export function cniDel(nodeNs: string, conflistPath: string, containerId: string, podNs: string): void {
  const conflist = readConflist(conflistPath);
  for (const plugin of [...conflist.plugins].reverse()) runPlugin(nodeNs, 'DEL', plugin, conflist, containerId, podNs);
}
