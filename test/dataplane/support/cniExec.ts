// The data-plane tests call the CNI plugins through the lab's own runtime code
// (src/lab/dataplane/cniRuntime.ts): a node here is a namespace on the machine's filesystem.
import type { CniResult } from '../../../src/lab/dataplane/cniRuntime';
import { cniAdd as add, cniDel as del, readNetworkConfig } from '../../../src/lab/dataplane/cniRuntime';

export const cniBinDir = '/usr/lib/cni';
export type { CniResult };

const onMachine = (netns: string): { netns: string; binDirs: string[]; root: string } => ({ netns, binDirs: [cniBinDir, '/opt/cni/bin'], root: '/' });

export async function cniAdd(nodeNs: string, conflistPath: string, containerId: string, podNs: string): Promise<CniResult> {
  return add(onMachine(nodeNs), readNetworkConfig(conflistPath), containerId, podNs);
}

export async function cniDel(nodeNs: string, conflistPath: string, containerId: string, podNs: string): Promise<void> {
  return del(onMachine(nodeNs), readNetworkConfig(conflistPath), containerId, podNs);
}
