// `npm run demo`: Podnet installed in a real VS Code (code-server) connected to the embedded lab cluster,
// with a sample workspace. Everything lives in one temp run dir and is ended by process group on Ctrl+C.
import { chmodSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installExtension, startCodeServer } from './codeServer';
import type { RunningCodeServer } from './codeServer';
import { freePort } from './freePort';
import { cacheRoot, ensureCodeServer } from './installCodeServer';
import { startLabProcess } from './lab';
import type { LabProcess } from './lab';
import { REPO_ROOT, packageVsix } from './packageVsix';
import { killGroupNow } from './processGroup';
import { createRunDir } from './runDir';
import { vscodeTarget, type TargetName } from './vscodeTargets';

export interface DemoOptions {
  port?: number;
  scenario?: string;
  /** Which pinned VS Code: the newest (default, what users run) or the oldest admitted. */
  vscode?: TargetName;
  /** The lab with real pods (`podnet lab up --dataplane`, root only); its scenario defaults to no-cni. */
  dataplane?: boolean;
}

const portFree = async (port: number) => {
  const { createServer } = await import('node:net');
  return new Promise<boolean>((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
};

export async function runDemo(opts: DemoOptions = {}): Promise<void> {
  const started = Date.now();
  const step = (s: string) => console.log(`[demo ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${s}`);
  const run = createRunDir('demo');
  let lab: LabProcess | undefined;
  let codeServer: RunningCodeServer | undefined;
  let stopping = false;
  const stop = async (code: number, why: string) => {
    if (stopping) return;
    stopping = true;
    step(`${why}: stopping code-server and the lab`);
    await codeServer?.stop();
    await lab?.stop();
    run.remove();
    step('stopped; nothing left running');
    process.exit(code);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => void stop(0, sig));
  // Last resort (an exception, process.exit elsewhere): kill synchronously.
  process.on('exit', () => {
    if (codeServer) killGroupNow(codeServer.pgid);
    if (lab) killGroupNow(lab.pgid);
    run.remove();
  });

  try {
    const target = vscodeTarget(opts.vscode ?? 'newest');
    step(`code-server ${target.codeServer} (kept in ${cacheRoot()} between runs)`);
    const install = await ensureCodeServer(target, step);
    step(`VS Code ${install.vscodeVersion}`);
    step('building and packing the extension (npm run package)');
    const packed = packageVsix(run.root);
    step(`podnet.vsix ${(packed.bytes / 1024).toFixed(0)} KB; installing it into code-server`);
    installExtension(install, run, packed.vsix);
    const cli = join(packed.dir, 'dist', 'cli.js');
    const scenario = opts.scenario ?? (opts.dataplane ? 'no-cni' : 'seed');
    step(`starting the lab cluster: podnet lab up --scenario ${scenario}${opts.dataplane ? ' --dataplane' : ''}`);
    lab = await startLabProcess(cli, run, scenario, { dataplane: opts.dataplane });
    step(`lab API server ${lab.server}`);
    void lab.exited.then((c) => void stop(1, `the lab exited (${c})`));

    const workspace = join(run.root, 'workspace');
    cpSync(join(REPO_ROOT, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
    // `podnet` and `kubectl` in code-server's terminal talk to the lab.
    const bin = join(run.root, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'podnet'), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`);
    chmodSync(join(bin, 'podnet'), 0o755);

    const wanted = opts.port ?? 8080;
    const port = (await portFree(wanted)) ? wanted : await freePort();
    codeServer = await startCodeServer({
      install,
      run,
      workspace,
      port,
      env: { KUBECONFIG: lab.kubeconfig, PATH: `${bin}:${process.env.PATH ?? ''}` },
      settings: { 'podnet.kubeconfig': lab.kubeconfig, 'workbench.colorTheme': 'Default Dark Modern' },
    });
    const cs = codeServer;
    step(`code-server ${install.version} is up (pid group ${cs.pgid})`);
    console.log('');
    console.log(`  Open ${cs.workbenchUrl(workspace)}`);
    console.log('');
    console.log('  code-server runs with --auth none: it binds to 127.0.0.1 only, so only this machine can reach it.');
    console.log(`  The lab's kubeconfig: ${lab.kubeconfig} (KUBECONFIG in code-server's terminal; try: kubectl get nodes -o wide)`);
    if (opts.dataplane) {
      console.log('  The lab runs real pods. In VS Code: "Podnet: Install Bridge CNI" (the lab says 198.19.0.0/16), then');
      console.log('  "Podnet: Check Connectivity" — or in the terminal: podnet cni install --yes && podnet check');
    }
    console.log('  Ctrl+C stops everything.');
    const exited = await new Promise<number | null>((resolve) => {
      const timer = setInterval(async () => {
        const res = await fetch(`${cs.url}/healthz`).catch(() => undefined);
        if (!res) {
          clearInterval(timer);
          resolve(null);
        }
      }, 5000);
    });
    await stop(1, `code-server stopped answering (${exited})`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    await stop(1, 'failed');
  }
}
