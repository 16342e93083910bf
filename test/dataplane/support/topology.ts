// The data-plane tests' cluster, on the lab's own wiring (src/lab/dataplane/labNetwork.ts): a `lan`
// namespace with bridge lan0 (198.18.0.1/24), one namespace per node on it, pod namespaces, plus
// the processes a test starts in them.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { LabNetwork } from '../../../src/lab/dataplane/labNetwork';
import { nsPrefix } from './netns';

export { lanGateway, lanGateway6 } from '../../../src/lab/dataplane/labNetwork';

export class Topology {
  readonly runDir: string;
  readonly lan: string;
  private readonly network: LabNetwork;
  private readonly children: ChildProcess[] = [];

  constructor(readonly runId: string) {
    this.network = new LabNetwork(runId, nsPrefix);
    this.runDir = `/tmp/${nsPrefix}${runId}`;
    this.lan = this.network.lan;
    mkdirSync(this.runDir, { recursive: true });
  }

  get namespaces(): string[] {
    return this.network.namespaces;
  }

  ns(name: string): string {
    return this.network.ns(name);
  }

  /** The LAN; `dualStack` adds 2001:2::1/64 next to 198.18.0.1/24. */
  createLan(dualStack = false): void {
    this.network.createLan(dualStack);
  }

  /** A node namespace: eth0 on the LAN with `address` (and `address6`), forwarding on. */
  createNode(name: string, address: string, address6?: string): string {
    return this.network.createNode(name, name, address, address6);
  }

  createPodNs(name: string): string {
    return this.network.addNamespace(this.network.ns(name));
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
