// The embedded lab cluster as a child process (`podnet lab up`), for the demo: its own process group,
// a kubeconfig in the run dir, ready once the lab prints its ready line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { killGroup, spawnGroup } from './processGroup';
import type { RunDir } from './runDir';
import { parseLabReadyLine } from '../../src/lab/labReadyLine';

export interface LabProcess {
  readonly kubeconfig: string;
  readonly server: string;
  readonly pgid: number;
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startLabProcess(
  cliJs: string,
  run: RunDir,
  scenario: string,
  opts: { dataplane?: boolean; timeoutMs?: number } = {},
): Promise<LabProcess> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const kubeconfig = join(run.root, 'lab-kubeconfig.yaml');
  const logFile = join(run.root, 'lab.log');
  const { openSync, closeSync } = await import('node:fs');
  const fd = openSync(logFile, 'a');
  const proc = spawnGroup(
    process.execPath,
    [cliJs, 'lab', 'up', '--scenario', scenario, '--kubeconfig', kubeconfig, '--host', '127.0.0.1', '--port', '0', ...(opts.dataplane ? ['--dataplane'] : [])],
    { env: run.env, stdio: ['ignore', fd, fd] },
  );
  closeSync(fd);
  run.recordGroup(proc.pgid);
  proc.child.unref();
  let exitCode: number | null | undefined;
  void proc.exited.then((c) => (exitCode = c));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`podnet lab up exited (${exitCode}):\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
    if (Date.now() > deadline) {
      await killGroup(proc.pgid);
      throw new Error(`podnet lab up did not come up in ${timeoutMs / 1000} s:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
    }
    // The lab prints its ready line once the API has answered a TLS-verified request.
    const ready = parseLabReadyLine(readFileSync(logFile, 'utf8'));
    if (ready) return { kubeconfig: ready.kubeconfig, server: ready.server, pgid: proc.pgid, exited: proc.exited, stop: () => killGroup(proc.pgid) };
    await sleep(100);
  }
}
