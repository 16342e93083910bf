// code-server from the npm registry into a cache outside the repo's dependencies (it is test tooling,
// ~300 MB), reused between runs. Works from nothing on a fresh machine in about a minute.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pidAlive } from './processGroup';

/** The oldest VS Code that engines.vscode (^1.100.0) admits: code-server 4.100.3 = VS Code 1.100.3, Node 20. */
export const CODE_SERVER_VERSION = '4.100.3';
const READY = '.podnet-ready';

export function cacheRoot(): string {
  return process.env.PODNET_E2E_CACHE ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'podnet-e2e');
}

export interface CodeServerInstall {
  readonly version: string;
  /** Runs code-server: `node <entry> …`. */
  readonly entry: string;
  readonly dir: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A lock directory holding its owner's pid; a dead owner's lock is taken over. */
async function withLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
  const pidFile = join(lockDir, 'pid');
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(pidFile, String(process.pid));
      break;
    } catch {
      const owner = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : NaN;
      if (Number.isInteger(owner) && !pidAlive(owner)) rmSync(lockDir, { recursive: true, force: true });
      else await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): void {
  const r = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

/**
 * @vscode/ripgrep 1.15.11 (used by code-server 4.100.x) downloads rg from GitHub in its postinstall,
 * which these machines cannot reach; it accepts an archive already in its cache, so we pack Debian's rg.
 */
function seedRipgrepCache(tmp: string): void {
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  if (!rg) throw new Error('ripgrep is not installed (apt-get install ripgrep): code-server 4.100.x needs it');
  const cache = join(tmp, 'vscode-ripgrep-cache-1.15.11');
  mkdirSync(cache, { recursive: true });
  run('tar', ['czf', join(cache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz'), '-C', dirname(rg), 'rg'], cache, process.env);
}

/**
 * code-server 4.100.x's npm install needs Debian's rg (see seedRipgrepCache) and the Kerberos headers
 * (its `kerberos` addon builds from source). Installed with apt when we are root; else a clear error.
 */
function ensureBuildPackages(log: (s: string) => void): void {
  const has = (check: string) => spawnSync('sh', ['-c', check]).status === 0;
  const missing = [
    ...(has('command -v rg') ? [] : ['ripgrep']),
    ...(has('dpkg -s libkrb5-dev >/dev/null 2>&1 || test -f /usr/include/krb5.h') ? [] : ['libkrb5-dev']),
  ];
  if (missing.length === 0) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !has('command -v apt-get')) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} needs ${missing.join(' and ')}: run \`sudo apt-get install -y ${missing.join(' ')}\` first`);
  }
  log(`installing ${missing.join(', ')} with apt-get (code-server's install needs them)`);
  run('sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${missing.join(' ')}`], tmpdir(), process.env);
}

/** Installs code-server `version` into the cache unless it is already there; returns how to run it. */
export async function ensureCodeServer(version = CODE_SERVER_VERSION, log: (s: string) => void = console.log): Promise<CodeServerInstall> {
  const root = cacheRoot();
  mkdirSync(root, { recursive: true });
  const dir = join(root, `code-server-${version}`);
  const entry = join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const result = { version, entry, dir };
  if (existsSync(join(dir, READY))) return result;
  return withLock(join(root, `code-server-${version}.lock`), async () => {
    if (existsSync(join(dir, READY))) return result;
    log(`installing code-server ${version} into ${dir} (about a minute, once)`);
    const started = Date.now();
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'podnet-e2e-code-server', private: true }));
    ensureBuildPackages(log);
    const tmp = mkdtempSync(join(tmpdir(), 'podnet-cs-install-'));
    try {
      seedRipgrepCache(tmp);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        TMPDIR: tmp,
        npm_config_unsafe_perm: 'true', // root: let postinstall scripts run as root
        npm_config_yes: 'true', // the machine's npm config says yes=false; node-pty's postinstall uses npx
        npm_config_nodedir: dirname(dirname(process.execPath)), // build native addons against the Node that runs them
        npm_config_audit: 'false',
        npm_config_fund: 'false',
        npm_config_update_notifier: 'false',
      };
      run('npm', ['install', '--no-save', '--no-package-lock', '--loglevel=error', `code-server@${version}`], dir, env);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    if (!existsSync(entry)) throw new Error(`code-server ${version} installed but ${entry} is missing`);
    writeFileSync(join(dir, READY), `${new Date().toISOString()}\n`);
    log(`code-server ${version} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return result;
  });
}
