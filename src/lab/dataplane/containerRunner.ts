// Runs a container's command as a process, the way a runtime does it minus the image: a mount and
// UTS namespace of its own (`unshare -m -u --propagation private`) inside the pod's (or node's)
// network namespace, a root directory made of the machine's /usr, /etc, /bin, ... read-only plus
// private /tmp, /run, /var, and each volumeMount bound at its path, then chroot and exec. The
// machine's filesystem stands in for every image; nothing is mounted outside the new namespace.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { run } from './labNetns';

export interface ContainerMount {
  /** A path on the machine (a volume's directory, or a file in it for subPath). */
  readonly source: string;
  /** The path inside the container. */
  readonly target: string;
  readonly readOnly: boolean;
  readonly file: boolean;
}

export interface ContainerSpec {
  /** The network namespace the process joins (the pod's, or the node's for hostNetwork). */
  readonly netns: string;
  /** An empty directory of the lab's where the root is put together. */
  readonly rootDir: string;
  readonly hostname: string;
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly workingDir?: string;
  readonly mounts: readonly ContainerMount[];
  /** A non-privileged container sees /proc/sys read-only. */
  readonly readOnlyProcSys: boolean;
  /** stdout and stderr are appended here. */
  readonly logFile: string;
}

/** The machine's directories every container sees read-only, as if the image held them. */
const imageDirs = ['usr', 'etc', 'bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'];
const privateDirs = ['tmp', 'run', 'var', 'opt', 'root', 'home', 'mnt'];

export const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export function containerScript(spec: ContainerSpec): string {
  const r = q(spec.rootDir);
  const lines = ['set -e', `R=${r}`, 'mkdir -p "$R"'];
  for (const d of imageDirs) {
    lines.push(
      `if [ -L /${d} ]; then ln -sfn "$(readlink /${d})" "$R/${d}"; elif [ -d /${d} ]; then mkdir -p "$R/${d}"; mount --rbind /${d} "$R/${d}"; mount -o remount,bind,ro "$R/${d}"; fi`,
    );
  }
  for (const d of ['dev', 'proc', 'sys']) lines.push(`mkdir -p "$R/${d}"`, `mount --rbind /${d} "$R/${d}"`);
  lines.push('mount -o remount,bind,ro "$R/sys"');
  for (const d of privateDirs) lines.push(`mkdir -p "$R/${d}"`);
  lines.push('chmod 1777 "$R/tmp"', '[ -e "$R/var/run" ] || ln -s ../run "$R/var/run"');
  for (const m of spec.mounts) {
    // A file the image has as a symlink (/etc/resolv.conf under systemd-resolved) is mounted where the link leads, inside the root.
    lines.push(`t=${q(m.target)}`, 'if [ -L "$R$t" ]; then t=$(chroot "$R" readlink -f "$t"); fi');
    lines.push(m.file ? 'mkdir -p "$(dirname "$R$t")" && { [ -e "$R$t" ] || : > "$R$t"; }' : 'mkdir -p "$R$t"');
    lines.push(`mount --bind ${q(m.source)} "$R$t"`);
    if (m.readOnly) lines.push('mount -o remount,bind,ro "$R$t"');
  }
  lines.push(`echo ${q(spec.hostname)} > /proc/sys/kernel/hostname`);
  if (spec.readOnlyProcSys) lines.push('mount --bind "$R/proc/sys" "$R/proc/sys"', 'mount -o remount,bind,ro "$R/proc/sys"');
  const env = Object.entries(spec.env).map(([k, v]) => q(`${k}=${v}`));
  lines.push(`exec chroot "$R" /usr/bin/env -i -C ${q(spec.workingDir ?? '/')} ${env.join(' ')} ${spec.argv.map(q).join(' ')}`);
  return lines.join('\n');
}

/** Starts the container's process in a process group of its own (its pid is the container's). */
export function startContainer(spec: ContainerSpec): ChildProcess {
  const log = openSync(spec.logFile, 'a');
  try {
    return spawn('ip', ['netns', 'exec', spec.netns, 'unshare', '-m', '-u', '--propagation', 'private', 'sh', '-c', containerScript(spec)], {
      detached: true,
      stdio: ['ignore', log, log],
    });
  } finally {
    closeSync(log);
  }
}

/** Runs a command inside a running container (its namespaces and root), as `kubectl exec` would. */
export function execInContainer(pid: number, argv: readonly string[], env: Readonly<Record<string, string>>, timeoutMs: number): Promise<string> {
  return run('nsenter', [
    '-t',
    String(pid),
    '-m',
    '-u',
    '-n',
    '-r',
    '-w',
    '--',
    '/usr/bin/env',
    '-i',
    ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
    ...argv,
  ], { timeoutMs });
}

/** Ends a container's process group: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopContainer(child: ChildProcess, graceMs: number): Promise<void> {
  const pid = child.pid;
  if (!pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (s: NodeJS.Signals): void => {
    try {
      process.kill(-pid, s);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  // What the command left running in its group goes too.
  signal('SIGKILL');
}
