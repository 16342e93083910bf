// Network-namespace helpers for the data-plane tests. Every name starts with a prefix carrying the
// test process id, so leftovers of a killed run are recognised (their pid is gone) and removed.
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';

export const nsPrefix = 'pncni-';

export function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function inNs(ns: string, command: string, args: string[], input?: string): string {
  return execFileSync('ip', ['netns', 'exec', ns, command, ...args], { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Deletes namespaces and temp dirs of earlier runs whose process is gone. */
export function cleanStale(): string[] {
  const removed: string[] = [];
  const names = ip('netns', 'list')
    .split('\n')
    .map((l) => l.split(' ')[0])
    .filter((n) => n.startsWith(nsPrefix));
  for (const name of names) {
    const pid = Number(name.slice(nsPrefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !pidAlive(pid)) {
      // Kill what still runs in there (a stale agent or lab) before removing it.
      try {
        for (const p of ip('netns', 'pids', name).split('\n').filter(Boolean)) process.kill(Number(p), 'SIGKILL');
      } catch {
        // nothing running
      }
      try {
        ip('netns', 'del', name);
        removed.push(name);
      } catch {
        // raced with another cleaner
      }
    }
  }
  for (const dir of readdirSync('/tmp').filter((d) => d.startsWith(nsPrefix))) {
    const pid = Number(dir.slice(nsPrefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !pidAlive(pid)) rmSync(`/tmp/${dir}`, { recursive: true, force: true });
  }
  return removed;
}

export function deleteNs(name: string): void {
  try {
    for (const p of ip('netns', 'pids', name).split('\n').filter(Boolean)) process.kill(Number(p), 'SIGKILL');
  } catch {
    // nothing running
  }
  try {
    ip('netns', 'del', name);
  } catch {
    // already gone
  }
}
