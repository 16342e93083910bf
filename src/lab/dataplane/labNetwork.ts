// The lab's wiring: a `lan` namespace holding bridge lan0 (198.18.0.1/24, 2001:2::1/64), one
// namespace per node with eth0 on that LAN (a veth whose peer sits in the lan namespace), and pod
// namespaces. Nothing is created in, or routed through, the namespace the lab was started in.
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { deleteNamespace, ipSync, labNsPrefix, run } from './labNetns';

export const lanGateway = '198.18.0.1';
export const lanGateway6 = '2001:2::1';
export const lanPrefix = 24;

export class LabNetwork {
  readonly lan: string;
  /** Every namespace made, in creation order (removed in reverse). */
  readonly namespaces: string[] = [];
  private lanUp = false;

  /** `runId` is `<owner pid>-<instance>`: the owner pid is what the sweep of a later start checks. */
  constructor(readonly runId: string, readonly prefix = labNsPrefix) {
    this.lan = this.ns('lan');
  }

  ns(name: string): string {
    return `${this.prefix}${this.runId}-${name}`;
  }

  addNamespace(full: string): string {
    ipSync('netns', 'add', full);
    this.namespaces.push(full);
    ipSync('-n', full, 'link', 'set', 'lo', 'up');
    return full;
  }

  createLan(dualStack = true): void {
    this.addNamespace(this.lan);
    ipSync('-n', this.lan, 'link', 'add', 'lan0', 'type', 'bridge');
    ipSync('-n', this.lan, 'addr', 'add', `${lanGateway}/${lanPrefix}`, 'dev', 'lan0');
    if (dualStack) ipSync('-n', this.lan, 'addr', 'add', `${lanGateway6}/64`, 'dev', 'lan0', 'nodad');
    ipSync('-n', this.lan, 'link', 'set', 'lan0', 'up');
    this.lanUp = true;
  }

  /** The LAN-side end of a node's veth (interface names have 15 characters at most). */
  lanPort(nodeKey: string): string {
    return `v-${nodeKey}`.slice(0, 15);
  }

  /** A node namespace: eth0 on the LAN at `address` (and `address6`), forwarding on, like a node's OS. */
  createNode(name: string, nodeKey: string, address: string, address6?: string): string {
    const ns = this.addNamespace(this.ns(name));
    const port = this.lanPort(nodeKey);
    ipSync('-n', this.lan, 'link', 'add', port, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
    ipSync('-n', this.lan, 'link', 'set', port, 'master', 'lan0');
    ipSync('-n', this.lan, 'link', 'set', port, 'up');
    ipSync('-n', ns, 'addr', 'add', `${address}/${lanPrefix}`, 'dev', 'eth0');
    if (address6) ipSync('-n', ns, 'addr', 'add', `${address6}/64`, 'dev', 'eth0', 'nodad');
    ipSync('-n', ns, 'link', 'set', 'eth0', 'up');
    // /proc/sys/net is per network namespace.
    execFileSync('ip', [
      'netns',
      'exec',
      ns,
      'sh',
      '-c',
      `echo 1 > /proc/sys/net/ipv4/ip_forward${address6 ? '; echo 1 > /proc/sys/net/ipv6/conf/all/forwarding' : ''}`,
    ]);
    return ns;
  }

  /** Sets the MTU of the whole LAN: the bridge, every port on it and every node's eth0. */
  async setLanMtu(mtu: number, nodeNamespaces: readonly { ns: string; key: string }[], nodesToo = true): Promise<void> {
    if (!Number.isInteger(mtu) || mtu < 1280 || mtu > 65535) throw new Error(`LAN MTU ${mtu}: must be an integer from 1280 to 65535`);
    for (const n of nodeNamespaces) {
      await run('ip', ['-n', this.lan, 'link', 'set', this.lanPort(n.key), 'mtu', String(mtu)]);
      if (nodesToo) await run('ip', ['-n', n.ns, 'link', 'set', 'eth0', 'mtu', String(mtu)]);
    }
    await run('ip', ['-n', this.lan, 'link', 'set', 'lan0', 'mtu', String(mtu)]);
  }

  forget(ns: string): void {
    const i = this.namespaces.indexOf(ns);
    if (i >= 0) this.namespaces.splice(i, 1);
  }

  deleteNamespace(ns: string): void {
    deleteNamespace(ns);
    this.forget(ns);
  }

  dispose(): void {
    for (const ns of [...this.namespaces].reverse()) deleteNamespace(ns);
    this.namespaces.length = 0;
    this.lanUp = false;
  }

  get up(): boolean {
    return this.lanUp;
  }
}

/** Writes a file only root can read (tokens). */
export function writePrivate(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
}
