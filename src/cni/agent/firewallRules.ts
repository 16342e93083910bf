// The iptables rules Podnet owns on a node, per family, as an iptables-restore payload for the
// firewall container (src/cni/manifest/firewallScript.ts applies it). Two chains of our own, each
// reached by one jump with a fixed comment, so they are found, repaired and removed exactly:
//   nat PODNET-MASQ: pods → outside the pod network (and outside the non-masquerade ranges) leave
//     with the node's address; pod ↔ pod and multicast stay un-NATed (flannel's --ip-masq rules).
//   filter PODNET-FORWARD: accept forwarding from and to the pod network, so a FORWARD policy DROP
//     (Docker) does not cut pods off (flannel adds the same accept rules).
// Rules are written exactly as iptables-save prints them, so the container can compare and only
// rewrite when something differs. Pure.
import { createHash } from 'node:crypto';
import type { Cidr, IpFamily } from '../../core/net/cidr';
import { formatCidr } from '../../core/net/cidr';
import { firewallChains, firewallComments } from '../names';

export interface FirewallInput {
  /** The pod network of this family; undefined: Podnet owns no rules of this family. */
  readonly clusterCidr?: Cidr;
  readonly masquerade: boolean;
  readonly nonMasqueradeCidrs: readonly Cidr[];
}

const multicast: Record<IpFamily, string> = { 4: '224.0.0.0/4', 6: 'ff00::/8' };
const text = (c: Cidr): string => formatCidr(c.family, c.start, c.prefix);

/** The jumps from the built-in chains: fixed, so no stale jump is ever left behind by a change. */
export const firewallJumps = [
  `nat POSTROUTING -m comment --comment ${firewallComments.masquerade} -j ${firewallChains.masquerade}`,
  `filter FORWARD -m comment --comment ${firewallComments.forward} -j ${firewallChains.forward}`,
];

/** `remove` tells the firewall container to delete our jumps and chains for the family. */
export const removeRules = 'remove\n';

export function firewallRules(family: IpFamily, input: FirewallInput): string {
  const cluster = input.clusterCidr;
  if (!cluster) return removeRules;
  const pods = text(cluster);
  const nat = [`:${firewallChains.masquerade} - [0:0]`];
  if (input.masquerade) {
    nat.push(`-A ${firewallChains.masquerade} ! -s ${pods} -j RETURN`);
    nat.push(`-A ${firewallChains.masquerade} -d ${pods} -j RETURN`);
    for (const c of input.nonMasqueradeCidrs.filter((n) => n.family === family)) nat.push(`-A ${firewallChains.masquerade} -d ${text(c)} -j RETURN`);
    nat.push(`-A ${firewallChains.masquerade} -d ${multicast[family]} -j RETURN`);
    // Fully random source ports, as flannel does: no SNAT port collisions between pods.
    nat.push(`-A ${firewallChains.masquerade} -j MASQUERADE --random-fully`);
  }
  const filter = [
    `:${firewallChains.forward} - [0:0]`,
    `-A ${firewallChains.forward} -s ${pods} -j ACCEPT`,
    `-A ${firewallChains.forward} -d ${pods} -j ACCEPT`,
  ];
  const body = ['*nat', ...nat, 'COMMIT', '*filter', ...filter, 'COMMIT', ...firewallJumps.map((j) => `#jump ${j}`)].join('\n');
  const id = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return `# podnet-rules ${id}\n${body}\n`;
}

/** The id in a rules payload's first line (the container echoes it in its status once applied). */
export function rulesId(rules: string): string {
  return /^# podnet-rules (\S+)/.exec(rules)?.[1] ?? 'remove';
}
