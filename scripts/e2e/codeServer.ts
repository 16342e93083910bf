// Starting and stopping code-server (VS Code's real workbench + Node extension host) for one run.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './freePort';
import type { CodeServerInstall } from './installCodeServer';
import { groupAlive, killGroup, spawnGroup } from './processGroup';
import type { RunDir } from './runDir';

export interface RunningCodeServer {
  readonly url: string;
  readonly port: number;
  readonly pgid: number;
  readonly logFile: string;
  /** Workbench URL opening `folder` (optionally with a test payload). */
  workbenchUrl(folder: string, payload?: [string, string][]): string;
  log(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  install: CodeServerInstall;
  run: RunDir;
  workspace: string;
  /** Extra environment for the extension host (e.g. KUBECONFIG). */
  env?: NodeJS.ProcessEnv;
  /** Extra user settings (settings.json). */
  settings?: Record<string, unknown>;
  port?: number;
  healthTimeoutMs?: number;
  /** The run loads an extensionTestsPath payload (the extension-host tests). */
  extensionTests?: boolean;
}

/** From code-server 4.139 the workbench ignores a test payload unless this VS Code option is set. */
function testPayloadOptions(install: CodeServerInstall): string[] {
  const [major = 0, minor = 0] = install.version.split('.').map(Number);
  return major > 4 || (major === 4 && minor >= 139) ? ['--vscode-option', 'enable-smoke-test-driver'] : [];
}

/** Settings that keep welcome pages, tips and marketplace calls out of the way. */
const BASE_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'git.enabled': false,
  'window.restoreWindows': 'none',
  'chat.commandCenter.enabled': false,
  // Newer VS Code opens a chat panel in the secondary side bar on first start.
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export function writeUserSettings(run: RunDir, settings: Record<string, unknown> = {}): void {
  const text = JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2);
  // User settings, and the remote machine's (where code-server's extension host reads settings of
  // "machine" scopes, like podnet.kubeconfig).
  for (const sub of ['User', 'Machine']) {
    const dir = join(run.userData, sub);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'settings.json'), text);
  }
}

/** `code-server --install-extension` into the run's extensions dir. */
export function installExtension(install: CodeServerInstall, run: RunDir, vsix: string): void {
  const r = spawnSync(
    install.node,
    [install.entry, '--user-data-dir', run.userData, '--extensions-dir', run.extensions, '--install-extension', vsix],
    { env: run.env, encoding: 'utf8', timeout: 60_000 },
  );
  if (r.status !== 0 || !/was successfully installed/.test(r.stdout)) {
    throw new Error(`installing ${vsix} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

export async function startCodeServer(opts: StartOptions): Promise<RunningCodeServer> {
  writeUserSettings(opts.run, opts.settings);
  // A port taken between asking and binding (another run) just means: try another one.
  for (let attempt = 0;; attempt++) {
    const port = opts.port ?? (await freePort());
    const logFile = join(opts.run.root, `code-server-${port}.log`);
    const fd = openSync(logFile, 'a');
    const proc = spawnGroup(
      opts.install.node,
      [
        opts.install.entry,
        '--bind-addr',
        `127.0.0.1:${port}`,
        '--auth',
        'none', // loopback only
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--user-data-dir',
        opts.run.userData,
        '--extensions-dir',
        opts.run.extensions,
        '--ignore-last-opened',
        ...(opts.extensionTests ? testPayloadOptions(opts.install) : []),
        opts.workspace,
      ],
      { env: { ...opts.run.env, ...opts.env }, stdio: ['ignore', fd, fd] },
    );
    closeSync(fd);
    opts.run.recordGroup(proc.pgid);
    proc.child.unref();
    const url = `http://127.0.0.1:${port}`;
    const stop = () => killGroup(proc.pgid);
    const log = () => readFileSync(logFile, 'utf8');
    const deadline = Date.now() + (opts.healthTimeoutMs ?? 30_000);
    let exited = false;
    void proc.exited.then(() => (exited = true));
    while (!exited && Date.now() < deadline && !(await healthy(url))) await sleep(100);
    if (!exited && (await healthy(url))) {
      return {
        url,
        port,
        pgid: proc.pgid,
        logFile,
        log,
        stop,
        workbenchUrl: (folder, payload) => {
          const q = new URLSearchParams({ folder });
          if (payload) q.set('payload', JSON.stringify(payload));
          return `${url}/?${q.toString()}`;
        },
      };
    }
    await stop();
    const text = log();
    if (attempt < 2 && opts.port === undefined && /EADDRINUSE/.test(text)) continue;
    throw new Error(`code-server did not become healthy on ${url} (alive: ${groupAlive(proc.pgid)}):\n${text.slice(-3000)}`);
  }
}
