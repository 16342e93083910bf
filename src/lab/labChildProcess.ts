// Runs `podnet lab up` as a child process, for hosts that must not carry the lab's work on their
// own event loop (the VS Code extension host): a lab crash or a big scenario cannot freeze them.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { parseLabReadyLine } from './labReadyLine';

export interface LabChildOptions {
  /** The bundled CLI (dist/cli.js). */
  readonly cliPath: string;
  readonly scenario: string;
  /** Where the lab writes its kubeconfig (it writes it only once the API answers). */
  readonly kubeconfigPath: string;
  /** A Node binary; in VS Code's Electron host this is process.execPath with ELECTRON_RUN_AS_NODE. */
  readonly nodePath?: string;
  readonly signal?: AbortSignal;
  /** How long the lab may take to answer. */
  readonly timeoutMs?: number;
  /** `--dataplane`: real pods (root only; the scenario must be no-cni or empty). */
  readonly dataplane?: boolean;
}

export interface LabChild {
  readonly server: string;
  readonly kubeconfigPath: string;
  readonly pid: number;
  /** Resolves when the child has exited (for any reason): its exit code, or the signal that ended it. */
  readonly exited: Promise<LabExit>;
  stop(): Promise<void>;
}

export interface LabExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** "exited with code 1", "was killed by SIGTERM": never "code null". */
export function describeLabExit(exit: LabExit): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code ?? 'unknown'}`;
}

/** Starts the lab and resolves once it printed its ready line (the API answers by then). */
export function startLabChild(options: LabChildOptions): Promise<LabChild> {
  const child = spawn(
    options.nodePath ?? process.execPath,
    [options.cliPath, 'lab', 'up', '--scenario', options.scenario, '--kubeconfig', options.kubeconfigPath, ...(options.dataplane ? ['--dataplane'] : [])],
    { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', PODNET_LAB_STDIN_LIFELINE: '1' } },
  );
  const exited = new Promise<LabExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise<LabChild>((resolve, reject) => {
    let out = '';
    let err = '';
    const fail = (message: string): void => {
      cleanup();
      void stopChild(child, exited);
      reject(new Error(message));
    };
    const timer = setTimeout(() => fail(`the lab did not answer within ${(options.timeoutMs ?? 60_000) / 1000} s`), options.timeoutMs ?? 60_000);
    const onAbort = (): void => fail('cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`the lab ${describeLabExit({ code, signal })} before it answered: ${firstLine(err) ?? firstLine(out) ?? 'no output'}`);
    child.once('exit', onExit);
    child.once('error', (error) => fail(`cannot start the lab: ${error.message}`));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const ready = parseLabReadyLine(out);
      if (!ready) return;
      cleanup();
      resolve({ server: ready.server, kubeconfigPath: ready.kubeconfig, pid: child.pid ?? -1, exited, stop: () => stopChild(child, exited) });
    });
    function cleanup(): void {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      child.off('exit', onExit);
    }
  });
}

const firstLine = (text: string): string | undefined => text.split('\n').find((l) => l.trim())?.trim();

/** SIGTERM lets the lab remove its kubeconfig; SIGKILL after 5 s if it hangs. */
async function stopChild(child: ChildProcess, exited: Promise<LabExit>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(killer);
}
