// Applies route plans with the `ip` tool: one `ip -batch -` per sync with iproute2, or one command per
// route with busybox's `ip` (no batch mode) as found in Alpine images.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import type { RouteEntry, RoutePlan } from './routeTable';
import { batchLines, normalizeDst, parseRoutes, planRoutes } from './routeTable';

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

export interface SyncResult {
  readonly plan: RoutePlan;
  /** Number of route changes the kernel accepted (replace + remove). */
  readonly changed: number;
  readonly errors: string[];
  /** Podnet routes present after the sync. */
  readonly installed: number;
}

export class RouteProgrammer {
  private batchSupported: boolean | undefined;

  /** `prefixArgs` go before every `ip` invocation (e.g. ['-n', NETNS] for tests and the benchmark). */
  constructor(
    private readonly ip: string,
    private readonly protocol: number,
    private readonly prefixArgs: readonly string[] = [],
  ) {}

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
    if (!this.names) {
      this.names = new Set([String(this.protocol)]);
      for (const file of rtProtosFiles()) {
        for (const line of safeRead(file).split('\n')) {
          const [num, name] = line.replace(/#.*/, '').trim().split(/\s+/);
          if (name && Number(num) === this.protocol) this.names.add(name);
        }
      }
    }
    return this.names;
  }

  private names: Set<string> | undefined;

  private async current(): Promise<{ ours: RouteEntry[]; all: RouteEntry[] }> {
    const all = (await Promise.all([this.list(4), this.list(6)])).flat();
    const names = this.protocolNames();
    return { ours: all.filter((r) => r.proto !== undefined && names.has(r.proto)), all };
  }

  /** Brings Podnet's routes to `desired` (dst → gateway) with the fewest changes. */
  async sync(desired: ReadonlyMap<string, string>): Promise<SyncResult> {
    if (!(await this.supportsBatch())) return this.syncProbing(desired);
    const { ours, all } = await this.current();
    const plan = planRoutes(desired, ours, all, this.protocol);
    const { failed, errors } = await this.apply(plan);
    const lines = plan.replace.length + plan.remove.length;
    // Count without another listing when every change went through (5,000 routes list in ~0.1 s).
    const ourDsts = new Set(ours.map((r) => r.dst));
    const added = plan.replace.filter((r) => !ourDsts.has(r.dst)).length;
    const installed = failed === 0 ? ours.length + added - plan.remove.length : (await this.current()).ours.length;
    return { plan, changed: lines - failed, errors, installed };
  }

  /** Removes every route carrying Podnet's protocol (uninstall). */
  async removeAll(): Promise<SyncResult> {
    return this.sync(new Map());
  }

  private async apply(plan: RoutePlan): Promise<{ failed: number; errors: string[] }> {
    const lines = batchLines(plan, this.protocol);
    if (lines.length === 0) return { failed: 0, errors: [] };
    // -force: keep going after a failed line, so one bad peer does not block the others.
    const result = await runCommand(this.ip, [...this.prefixArgs, '-force', '-batch', '-'], `${lines.join('\n')}\n`);
    if (result.code === 0) return { failed: 0, errors: [] };
    const stderr = result.stderr.split('\n').map((l) => l.trim()).filter(Boolean);
    const failed = Math.max(1, stderr.filter((l) => /^Command failed/.test(l)).length);
    return { failed, errors: stderr.filter((l) => !/^Command failed/.test(l)) };
  }

  /** Gateway routes seen to belong to someone else (the kernel refused a Podnet-protocol delete). */
  private readonly foreign = new Map<string, string>();

  private run(args: string[]): Promise<CommandResult> {
    return runCommand(this.ip, [...this.prefixArgs, ...args]);
  }

  /** Deletes the route only if it carries Podnet's protocol: the kernel matches it on delete. */
  private async deleteIfOurs(dst: string, via: string | undefined): Promise<boolean> {
    const result = await this.run(['route', 'del', dst, ...(via ? ['via', via] : []), 'proto', String(this.protocol)]);
    if (result.code === 0) return true;
    this.foreign.set(dst, via ?? '');
    return false;
  }

  /**
   * For an `ip` that does not print route protocols (busybox, in the Alpine image): ownership is
   * asked of the kernel — a delete with `proto 154` only removes a route that has it — and the
   * answer for foreign routes is remembered, so an unchanged resync issues no command at all.
   */
  private async syncProbing(desired: ReadonlyMap<string, string>): Promise<SyncResult> {
    const all = (await Promise.all([this.list(4), this.list(6)])).flat();
    const byDst = new Map<string, RouteEntry>();
    for (const r of all) if (!byDst.has(r.dst)) byDst.set(r.dst, r);
    const wanted = new Map([...desired].map(([dst, via]) => [normalizeDst(dst), via]));
    const plan: RoutePlan = { replace: [], remove: [], conflicts: [] };
    const errors: string[] = [];
    for (const r of all) {
      // Podnet never creates default routes; routes without a gateway are connected ones.
      if (!r.via || r.dst === 'default' || wanted.has(r.dst) || this.foreign.get(r.dst) === r.via) continue;
      if (await this.deleteIfOurs(r.dst, r.via)) plan.remove.push(r.dst);
    }
    let inPlace = 0;
    for (const [dst, via] of wanted) {
      const current = byDst.get(dst);
      if (current?.via === via) {
        inPlace++;
        continue;
      }
      if (current && (this.foreign.get(dst) === (current.via ?? '') || !(await this.deleteIfOurs(dst, current.via)))) {
        plan.conflicts.push({ dst, proto: 'not Podnet' });
        continue;
      }
      const result = await this.run(['route', 'replace', dst, 'via', via, 'proto', String(this.protocol)]);
      if (result.code === 0) {
        plan.replace.push({ dst, via });
        inPlace++;
      } else errors.push(`ip route replace ${dst} via ${via}: ${result.stderr.trim()}`);
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
