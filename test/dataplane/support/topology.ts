// The data-plane cluster: a `lan` namespace with bridge lan0 (198.18.0.1/24, where the lab API
// listens), one namespace per node wired to it by a veth, and pod namespaces plugged in by the real
// bridge plugin. Addresses stay inside 198.18.0.0/15.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { ip, inNs, nsPrefix } from './netns';

export const lanGateway = '198.18.0.1';
export const lanGateway6 = '2001:2::1';

export class Topology {
  readonly runDir: string;
  readonly lan: string;
  readonly namespaces: string[] = [];
  private readonly children: ChildProcess[] = [];

  constructor(readonly runId: string) {
    this.runDir = `/tmp/${nsPrefix}${runId}`;
    this.lan = this.ns('lan');
    mkdirSync(this.runDir, { recursive: true });
  }

  ns(name: string): string {
    return `${nsPrefix}${this.runId}-${name}`;
  }

  private addNs(name: string): string {
    const full = this.ns(name);
    ip('netns', 'add', full);
    this.namespaces.push(full);
    ip('-n', full, 'link', 'set', 'lo', 'up');
    return full;
  }

  /** The LAN; `dualStack` adds 2001:2::1/64 next to 198.18.0.1/24. */
  createLan(dualStack = false): void {
    this.addNs('lan');
    ip('-n', this.lan, 'link', 'add', 'lan0', 'type', 'bridge');
    ip('-n', this.lan, 'addr', 'add', `${lanGateway}/24`, 'dev', 'lan0');
    if (dualStack) ip('-n', this.lan, 'addr', 'add', `${lanGateway6}/64`, 'dev', 'lan0', 'nodad');
    ip('-n', this.lan, 'link', 'set', 'lan0', 'up');
  }

  /** A node namespace: eth0 on the LAN with `address` (and `address6`), forwarding on. */
  createNode(name: string, address: string, address6?: string): string {
    const ns = this.addNs(name);
    ip('-n', this.lan, 'link', 'add', `v-${name}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
    ip('-n', this.lan, 'link', 'set', `v-${name}`, 'master', 'lan0');
    ip('-n', this.lan, 'link', 'set', `v-${name}`, 'up');
    ip('-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0');
    if (address6) ip('-n', ns, 'addr', 'add', `${address6}/64`, 'dev', 'eth0', 'nodad');
    ip('-n', ns, 'link', 'set', 'eth0', 'up');
    // /proc/sys/net is per network namespace; no procps needed.
    inNs(ns, 'sh', ['-c', `echo 1 > /proc/sys/net/ipv4/ip_forward${address6 ? '; echo 1 > /proc/sys/net/ipv6/conf/all/forwarding' : ''}`]);
    return ns;
  }

  createPodNs(name: string): string {
    return this.addNs(name);
  }

  /** Starts a long-running process in a namespace, in its own process group (killed in dispose). */
  spawnIn(ns: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}, logFile?: string): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', ns, command, ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    if (logFile) {
      const append = (d: Buffer): void => writeFileSync(logFile, d, { flag: 'a' });
      child.stdout?.on('data', append);
      child.stderr?.on('data', append);
    }
    this.children.push(child);
    return child;
  }

  kill(child: ChildProcess): void {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  dispose(): void {
    for (const child of this.children) this.kill(child);
  }
}
