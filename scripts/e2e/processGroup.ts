// Child processes that own a process group (setsid), so one kill reaches everything they spawn:
// code-server leaves file watchers behind if only its pid is killed, so runs end whole process groups.
import { spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

export interface GroupProcess {
  readonly child: ChildProcess;
  /** Process group id (= the leader's pid). */
  readonly pgid: number;
  /** Resolves with the leader's exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
}

/** Starts `cmd` as the leader of a new session and process group. */
export function spawnGroup(cmd: string, args: string[], options: SpawnOptions): GroupProcess {
  // detached: true makes Node call setsid() in the child.
  const child = spawn(cmd, args, { ...options, detached: true });
  if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(-1));
  });
  return { child, pgid: child.pid, exited };
}

/** Live (non-zombie) members of a process group, from /proc. Zombies wait for a reaper we do not control. */
function liveMembers(pgid: number): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  let count = 0;
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${e}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') count++;
  }
  return count;
}

/** True while the process exists and is not a zombie (a SIGKILLed process stays a zombie until reaped). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return true; // no /proc: trust kill(0)
  }
}

/** True while any process of the group is alive (zombies do not count). */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return (liveMembers(pgid) ?? 1) > 0;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once no member is left. */
export async function killGroup(pgid: number, graceMs = 3000): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pgid, sig);
    } catch {
      // ESRCH: already gone.
    }
  };
  if (!groupAlive(pgid)) return;
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(50);
  if (!groupAlive(pgid)) return;
  signal('SIGKILL');
  for (let i = 0; i < 100 && groupAlive(pgid); i++) await sleep(50);
}

/** Synchronous last-resort kill, for process 'exit' handlers. */
export function killGroupNow(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}
