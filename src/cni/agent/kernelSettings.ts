// Kernel prerequisites of a bridge CNI, read (and set where the agent may) under /proc/sys:
// forwarding per family, and br_netfilter's bridge-nf-call-iptables/ip6tables — without them
// bridged pod traffic skips iptables and same-node Service traffic breaks (kube-proxy's DNAT is
// never undone). In a non-privileged container /proc/sys is read-only: then the agent says exactly
// what to set. Each unmet prerequisite is a problem of this node (it turns unready).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IpFamily } from '../../core/net/cidr';

interface Prerequisite {
  readonly key: string;
  readonly why: string;
  readonly missingHint?: string;
}

const brNetfilterMissing = 'br_netfilter is not loaded: modprobe br_netfilter (and list it in /etc/modules-load.d/)';

/** Per family: forwarding on, and bridged traffic through that family's netfilter tables. */
const PREREQUISITES: Readonly<Record<IpFamily, readonly Prerequisite[]>> = {
  4: [
    { key: 'net/ipv4/ip_forward', why: 'nodes must forward pod traffic' },
    { key: 'net/bridge/bridge-nf-call-iptables', why: 'bridged pod traffic must pass iptables (Service DNAT, FORWARD rules)', missingHint: brNetfilterMissing },
  ],
  6: [
    { key: 'net/ipv6/conf/all/forwarding', why: 'nodes must forward IPv6 pod traffic' },
    { key: 'net/bridge/bridge-nf-call-ip6tables', why: 'bridged IPv6 pod traffic must pass ip6tables', missingHint: brNetfilterMissing },
  ],
};

const prerequisites = (families: ReadonlySet<IpFamily>): Prerequisite[] => ([4, 6] as const).filter((f) => families.has(f)).flatMap((f) => PREREQUISITES[f]);

export interface KernelCheck {
  readonly problems: string[];
  /** Settings the agent changed to 1 ("net.ipv4.ip_forward"). */
  readonly set: string[];
}

/** Checks each prerequisite is 1; tries to set it when not; reports what it could not. */
export function checkKernel(procSys: string, families: ReadonlySet<IpFamily>): KernelCheck {
  const problems: string[] = [];
  const set: string[] = [];
  for (const p of prerequisites(families)) {
    const name = p.key.replace(/\//g, '.');
    const path = join(procSys, p.key);
    let value: string;
    try {
      value = readFileSync(path, 'utf8').trim();
    } catch {
      problems.push(`${name} cannot be read (${p.missingHint ?? `no ${path}`})`);
      continue;
    }
    if (value === '1') continue;
    try {
      writeFileSync(path, '1\n');
      if (readFileSync(path, 'utf8').trim() === '1') {
        set.push(name);
        continue;
      }
    } catch {
      // read-only /proc/sys (a non-privileged container): say what to do
    }
    problems.push(`${name} is ${value}, must be 1: ${p.why} (sysctl -w ${name}=1, and persist it in /etc/sysctl.d/)`);
  }
  return { problems, set };
}
