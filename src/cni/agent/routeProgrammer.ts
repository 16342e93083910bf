// Applies route plans with the `ip` tool: one `ip -batch -` per sync with iproute2, or one command per
// route with busybox's `ip` (no batch mode) as found in Alpine images.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import type { RouteOwner } from './routeOwner';
import { isMarkerMetric, routeOwner } from './routeOwner';
import type { RouteEntry, RoutePlan } from './routeTable';
import { batchLines, normalizeDst, offLinkGateways, parseRoutes, planRoutes } from './routeTable';

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCommand(command: string, args: readonly string[], input?: string): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (c: Buffer) => out.push(c));
    child.stderr?.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    if (input !== undefined && child.stdin) {
      // A command that exits without reading its input must not crash the agent with EPIPE.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    }
  });
}

export interface RouteError {
  /** The destination whose command failed; absent when the failure is not tied to one route. */
  readonly dst?: string;
  readonly message: string;
}

export interface SyncResult {
  readonly plan: RoutePlan;
  /** Number of route changes the kernel accepted (replace + remove). */
  readonly changed: number;
  readonly errors: RouteError[];
  /** This agent's routes present after the sync. */
  readonly installed: number;
  /** Wanted routes whose gateway is on no directly connected network: not attempted. */
  readonly offLink: { dst: string; via: string }[];
}

export class RouteProgrammer {
  private batchSupported: boolean | undefined;
  private ownerCache: RouteOwner | undefined;

  /** `prefixArgs` go before every `ip` invocation (e.g. ['-n', NETNS] for tests and the benchmark). */
  constructor(
    private readonly ip: string,
    private readonly protocol: number,
    private readonly nodeName: string,
    private readonly prefixArgs: readonly string[] = [],
  ) {}

  get owner(): RouteOwner {
    this.ownerCache ??= routeOwner(this.nodeName, this.protocol, this.protocolNames());
    return this.ownerCache;
  }

  private async supportsBatch(): Promise<boolean> {
    if (this.batchSupported === undefined) {
      const version = await runCommand(this.ip, [...this.prefixArgs, '-V']).catch(() => undefined);
      this.batchSupported = Boolean(version && /iproute2/.test(version.stdout + version.stderr));
    }
    return this.batchSupported;
  }

  /**
   * Every route of the main table for one family. One plain listing (no `proto` filter, no `-4`):
   * the forms iproute2 and busybox `ip` both understand.
   */
  async list(family: 4 | 6): Promise<RouteEntry[]> {
    const args = ['-f', family === 4 ? 'inet' : 'inet6', 'route', 'show'];
    const result = await runCommand(this.ip, [...this.prefixArgs, ...args]);
    if (result.code !== 0) throw new Error(`${this.ip} ${args.join(' ')}: ${result.stderr.trim()}`);
    return parseRoutes(result.stdout);
  }

  /** The protocol as `ip` prints it: the number, or a name rt_protos gives it on this host. */
  private protocolNames(): Set<string> {
    const names = new Set([String(this.protocol)]);
    for (const file of rtProtosFiles()) {
      for (const line of safeRead(file).split('\n')) {
        const [num, name] = line.replace(/#.*/, '').trim().split(/\s+/);
        if (name && Number(num) === this.protocol) names.add(name);
      }
    }
    return names;
  }

  private async listAll(): Promise<RouteEntry[]> {
    return (await Promise.all([this.list(4), this.list(6)])).flat();
  }

  /** Brings this agent's routes to `desired` (dst → gateway) with the fewest changes. */
  async sync(desired: ReadonlyMap<string, string>): Promise<SyncResult> {
    const all = await this.listAll();
    const off = offLinkGateways(desired, all);
    const offLink = [...desired].filter(([, via]) => off.has(via)).map(([dst, via]) => ({ dst, via }));
    const reachable = new Map([...desired].filter(([, via]) => !off.has(via)));
    if (!(await this.supportsBatch())) return { ...(await this.syncProbing(reachable, all)), offLink };
    const plan = planRoutes(reachable, all, this.owner);
    const { failed, errors } = await this.apply(plan);
    const lines = plan.replace.length + plan.remove.length;
    // Count without another listing when every change went through (5,000 routes list in ~0.1 s).
    const mine = all.filter((r) => this.owner.isPodnetProto(r.proto) && r.metric === this.owner.metric);
    const mineDsts = new Set(mine.map((r) => r.dst));
    const added = plan.replace.filter((r) => !mineDsts.has(r.dst)).length;
    const removedMine = plan.remove.filter((r) => r.metric === this.owner.metric).length;
    const installed = failed === 0
      ? mine.length + added - removedMine
      : (await this.listAll()).filter((r) => this.owner.isPodnetProto(r.proto) && r.metric === this.owner.metric).length;
    return { plan, changed: lines - failed, errors, installed, offLink };
  }

  /** Removes every route of this agent (uninstall), and Podnet routes that predate markers. */
  async removeAll(): Promise<SyncResult> {
    return this.sync(new Map());
  }

  private async apply(plan: RoutePlan): Promise<{ failed: number; errors: RouteError[] }> {
    const lines = batchLines(plan, this.owner);
    if (lines.length === 0) return { failed: 0, errors: [] };
    // -force: keep going after a failed line, so one bad peer does not block the others.
    const result = await runCommand(this.ip, [...this.prefixArgs, '-force', '-batch', '-'], `${lines.join('\n')}\n`);
    if (result.code === 0) return { failed: 0, errors: [] };
    // iproute2 prints the kernel's message, then "Command failed -:N" naming the input line.
    const errors: RouteError[] = [];
    let pending: string[] = [];
    for (const line of result.stderr.split('\n').map((l) => l.trim()).filter(Boolean)) {
      const failedLine = /^Command failed -:(\d+)/.exec(line);
      if (!failedLine) {
        pending.push(line);
        continue;
      }
      const command = lines[Number(failedLine[1]) - 1] ?? '';
      errors.push({ dst: command.split(' ')[2], message: `ip ${command}: ${pending.join(' ') || 'failed'}` });
      pending = [];
    }
    if (pending.length || errors.length === 0) errors.push({ message: pending.join(' ') || `ip -batch exited with ${result.code}` });
    return { failed: Math.max(1, errors.filter((e) => e.dst).length), errors };
  }

  /** Unmarked gateway routes seen to belong to someone else (the kernel refused a Podnet delete). */
  private readonly foreign = new Map<string, string>();

  private run(args: string[]): Promise<CommandResult> {
    return runCommand(this.ip, [...this.prefixArgs, ...args]);
  }

  /** Deletes the route only if it carries Podnet's protocol and that metric: the kernel matches both. */
  private async deleteIfOurs(r: RouteEntry): Promise<boolean> {
    const result = await this.run(['route', 'del', r.dst, ...(r.via ? ['via', r.via] : []), 'proto', String(this.protocol), 'metric', String(r.metric)]);
    if (result.code === 0) return true;
    this.foreign.set(r.dst, r.via ?? '');
    return false;
  }

  /**
   * For an `ip` that does not print route protocols (busybox, in the Alpine image): a route with this
   * agent's marker metric is its own; one with another marker is another agent's and never touched;
   * for an unmarked one (foreign, or Podnet's from before markers) the kernel is asked — a delete
   * with `proto 154` only removes a route that has it — and the answer for foreign routes is
   * remembered, so an unchanged resync issues no command at all.
   */
  private async syncProbing(desired: ReadonlyMap<string, string>, all: readonly RouteEntry[]): Promise<Omit<SyncResult, 'offLink'>> {
    const { metric } = this.owner;
    const wanted = new Map([...desired].map(([dst, via]) => [normalizeDst(dst), via]));
    const plan: RoutePlan = { replace: [], remove: [], conflicts: [] };
    const errors: RouteError[] = [];
    const gatewayRoutes = all.filter((r) => r.via && !r.type && r.dst !== 'default');
    for (const r of gatewayRoutes) {
      // Podnet never creates default routes; routes without a gateway are connected ones.
      if (wanted.has(r.dst) || (isMarkerMetric(r.metric) && r.metric !== metric) || this.foreign.get(r.dst) === r.via) continue;
      if (await this.deleteIfOurs(r)) plan.remove.push({ dst: r.dst, metric: r.metric });
    }
    let inPlace = 0;
    for (const [dst, via] of wanted) {
      const here = gatewayRoutes.filter((r) => r.dst === dst);
      const mine = here.find((r) => r.metric === metric);
      if (mine?.via === via) {
        inPlace++;
        continue;
      }
      const otherAgent = here.find((r) => isMarkerMetric(r.metric) && r.metric !== metric);
      if (otherAgent) {
        plan.conflicts.push({ dst, proto: String(this.protocol), owner: `another Podnet agent (route metric ${otherAgent.metric})` });
        continue;
      }
      const unmarked = here.filter((r) => !isMarkerMetric(r.metric));
      let held = false;
      for (const r of unmarked) {
        if (this.foreign.get(dst) === r.via || !(await this.deleteIfOurs(r))) held = true;
        else plan.remove.push({ dst, metric: r.metric });
      }
      const connected = all.some((r) => r.dst === dst && !r.via);
      if (held || connected) {
        plan.conflicts.push({ dst, proto: 'not Podnet', owner: 'a route Podnet did not create' });
        continue;
      }
      const result = await this.run(['route', 'replace', dst, 'via', via, 'proto', String(this.protocol), 'metric', String(metric)]);
      if (result.code === 0) {
        plan.replace.push({ dst, via });
        inPlace++;
      } else errors.push({ dst, message: `ip route replace ${dst} via ${via}: ${result.stderr.trim()}` });
    }
    return { plan, changed: plan.replace.length + plan.remove.length, errors, installed: inPlace };
  }
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function rtProtosFiles(): string[] {
  const files = ['/etc/iproute2/rt_protos', '/usr/share/iproute2/rt_protos', '/usr/lib/iproute2/rt_protos'];
  for (const dir of ['/etc/iproute2/rt_protos.d', '/usr/share/iproute2/rt_protos.d']) {
    try {
      for (const f of readdirSync(dir)) if (f.endsWith('.conf')) files.push(`${dir}/${f}`);
    } catch {
      // no such directory
    }
  }
  return files;
}
