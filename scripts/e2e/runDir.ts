// Per-run scratch directories (HOME, TMPDIR, XDG dirs, user data, extensions) under one temp root.
// A run killed with SIGKILL cannot clean up, so every run first sweeps the leftovers of dead runs:
// each run dir records its owner pid and the process groups it started.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { groupAlive, killGroupNow, pidAlive } from './processGroup';

export const RUN_PREFIX = 'podnet-e2e-';
const OWNER = 'owner.pid';
const GROUPS = 'groups.pid';

export interface RunDir {
  readonly root: string;
  readonly home: string;
  readonly tmp: string;
  readonly userData: string;
  readonly extensions: string;
  /** Environment for every process of this run: nothing leaks into the real HOME or /tmp. */
  readonly env: NodeJS.ProcessEnv;
  /** Records a process group so that a later run can kill it if this one dies first. */
  recordGroup(pgid: number): void;
  remove(): void;
}

const readPids = (file: string) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
      .split(/\s+/)
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 1)
    : [];

/** Kills the process groups of dead runs and removes their directories. Returns how many it removed. */
export function sweepStaleRuns(base = tmpdir()): number {
  let removed = 0;
  for (const name of readdirSync(base)) {
    if (!name.startsWith(RUN_PREFIX)) continue;
    const dir = join(base, name);
    const owners = readPids(join(dir, OWNER));
    if (owners.some(pidAlive)) continue;
    for (const pgid of readPids(join(dir, GROUPS))) if (groupAlive(pgid)) killGroupNow(pgid);
    rmSync(dir, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

export function createRunDir(label: string): RunDir {
  sweepStaleRuns();
  const root = mkdtempSync(join(tmpdir(), `${RUN_PREFIX}${label}-`));
  writeFileSync(join(root, OWNER), String(process.pid));
  const sub = (p: string) => {
    const d = join(root, p);
    mkdirSync(d, { recursive: true });
    return d;
  };
  const home = sub('home');
  const tmp = sub('tmp');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    TMPDIR: tmp,
    XDG_CONFIG_HOME: sub('home/.config'),
    XDG_DATA_HOME: sub('home/.local/share'),
    XDG_CACHE_HOME: sub('home/.cache'),
    XDG_RUNTIME_DIR: sub('runtime'),
  };
  // Never inherit a developer's cluster: tests and the demo say explicitly which kubeconfig to use.
  delete env.KUBECONFIG;
  delete env.VSCODE_IPC_HOOK_CLI;
  return {
    root,
    home,
    tmp,
    userData: sub('user-data'),
    extensions: sub('extensions'),
    env,
    recordGroup: (pgid) => appendFileSync(join(root, GROUPS), `${pgid}\n`),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
