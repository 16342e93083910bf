// What the agent reads and changes on its node besides routes and the conflist: links and
// addresses (`ip addr`), kernel prerequisites (/proc/sys) and the firewall container's files.
// One interface, so the control loop is unit-tested with a fake node.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IpFamily } from '../../core/net/cidr';
import type { KernelCheck } from './kernelSettings';
import { checkKernel } from './kernelSettings';
import type { LinkInfo } from './linkState';
import { parseAddrShow } from './linkState';
import { writeFileAtomic } from './nodeFiles';
import { runCommand } from './routeProgrammer';

export interface FirewallStatus {
  readonly state: 'ok' | 'removed' | 'error' | 'pending';
  readonly id?: string;
  readonly message?: string;
}

export interface NodeSystem {
  links(): Promise<LinkInfo[]>;
  deleteAddress(dev: string, address: string): Promise<string | undefined>;
  kernel(families: ReadonlySet<IpFamily>): KernelCheck;
  /** Writes the wanted rules of a family for the firewall container; true when they changed. */
  writeFirewall(family: IpFamily, rules: string): boolean;
  firewallStatus(family: IpFamily): FirewallStatus;
}

const fileOf = (family: IpFamily): string => `ipv${family}`;

export function parseFirewallStatus(text: string | undefined): FirewallStatus {
  if (text === undefined) return { state: 'pending' };
  const [state, id, ...rest] = text.trim().split(' ');
  if (state === 'ok') return { state, id };
  if (state === 'removed') return { state };
  if (state === 'error') return { state, id, message: rest.join(' ') };
  return { state: 'pending' };
}

export function hostSystem(ipCommand: string, procSys: string, firewallDir: string): NodeSystem {
  return {
    async links() {
      const result = await runCommand(ipCommand, ['addr', 'show']);
      if (result.code !== 0) throw new Error(`${ipCommand} addr show: ${result.stderr.trim()}`);
      return parseAddrShow(result.stdout);
    },
    async deleteAddress(dev, address) {
      const result = await runCommand(ipCommand, ['addr', 'del', address, 'dev', dev]);
      return result.code === 0 ? undefined : result.stderr.trim() || `exit ${result.code}`;
    },
    kernel: (families) => checkKernel(procSys, families),
    writeFirewall: (family, rules) => writeFileAtomic(join(firewallDir, `${fileOf(family)}.rules`), rules),
    firewallStatus(family) {
      try {
        return parseFirewallStatus(readFileSync(join(firewallDir, `${fileOf(family)}.status`), 'utf8'));
      } catch {
        return parseFirewallStatus(undefined);
      }
    },
  };
}
