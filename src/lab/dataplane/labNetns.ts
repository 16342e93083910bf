// Network namespaces of the lab's data plane. Every name starts with `pnlab-<owner pid>-`, so a
// later start recognises what a killed lab left behind (its pid is gone) and sweeps it.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const labNsPrefix = 'pnlab-';

export function ipSync(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs a command to completion; rejects with its stderr (and stdout) in the message. */
export function run(command: string, args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      { encoding: 'utf8', env: options.env, timeout: options.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(Object.assign(new Error(`${[command, ...args].join(' ')}: ${(stderr || stdout || error.message).trim()}`), { stdout, stderr }));
        else resolve(stdout);
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function listNamespaces(): string[] {
  return ipSync('netns', 'list').split('\n').map((l) => l.split(' ')[0] ?? '').filter(Boolean);
}

/** The pid that owns a name made by ownedName(), or undefined for names of another shape. */
export function ownerPid(name: string, prefix = labNsPrefix): number | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const pid = Number(name.slice(prefix.length).split('-')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function namespacePids(name: string): number[] {
  try {
    return ipSync('netns', 'pids', name).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Kills what still runs in a namespace, then removes it (its links go with it). */
export function deleteNamespace(name: string): void {
  for (const pid of namespacePids(name)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  try {
    ipSync('netns', 'del', name);
  } catch {
    // already gone
  }
}

/** Namespaces and run directories (in the temp dir) of owners that are gone; returns what it removed. */
export function sweepStale(prefix = labNsPrefix): string[] {
  const removed: string[] = [];
  // Pod namespaces before node namespaces before the LAN: the reverse of creation.
  const stale = listNamespaces().filter((n) => {
    const pid = ownerPid(n, prefix);
    return pid !== undefined && pid !== process.pid && !pidAlive(pid);
  });
  const rank = (n: string): number => (/-p-/.test(n) ? 0 : /-lan$/.test(n) ? 2 : 1);
  for (const name of stale.sort((a, b) => rank(a) - rank(b))) {
    deleteNamespace(name);
    removed.push(name);
  }
  const tmp = tmpdir();
  for (const dir of existsSync(tmp) ? readdirSync(tmp) : []) {
    const pid = ownerPid(dir, prefix);
    if (pid !== undefined && pid !== process.pid && !pidAlive(pid)) {
      unmountUnder(join(tmp, dir));
      rmSync(join(tmp, dir), { recursive: true, force: true });
      removed.push(join(tmp, dir));
    }
  }
  return removed;
}

/** Container root filesystems are bind mounts in private mount namespaces; a leftover one is unmounted before rm. */
function unmountUnder(dir: string): void {
  let mounts = '';
  try {
    mounts = execFileSync('cat', ['/proc/self/mounts'], { encoding: 'utf8' });
  } catch {
    return;
  }
  const targets = mounts.split('\n').map((l) => l.split(' ')[1] ?? '').filter((t) => t.startsWith(`${dir}/`)).sort((a, b) => b.length - a.length);
  for (const t of targets) {
    try {
      execFileSync('umount', ['-l', t], { stdio: 'ignore' });
    } catch {
      // not ours to unmount
    }
  }
}
