// "Podnet: Start Lab Cluster" / "Stop Lab Cluster": the embedded default for people without a
// cluster. The lab runs as a child process (the bundled CLI), never on the extension host's loop.
import * as vscode from 'vscode';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LabChild } from '../../lab/labChildProcess';
import { describeLabExit, startLabChild } from '../../lab/labChildProcess';
import { scenarios } from '../../lab/scenarios/scenarioCatalog';
import type { ClusterSession } from '../cluster/clusterSession';

export function registerLab(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, session: ClusterSession): void {
  let running: { lab: LabChild; scenario: string } | undefined;
  const setRunning = (value: typeof running): void => {
    running = value;
    void vscode.commands.executeCommand('setContext', 'podnet.labRunning', value !== undefined);
  };

  const stop = async (): Promise<void> => {
    const current = running;
    if (!current) return;
    setRunning(undefined);
    session.useLabKubeconfig(undefined);
    await current.lab.stop();
    log.info(`lab "${current.scenario}" stopped`);
  };

  const start = async (): Promise<void> => {
    const pick = await vscode.window.showQuickPick(
      scenarios.map((s) => ({ label: s.name, description: s.name === 'seed' ? 'default' : '', detail: s.description })),
      { title: 'Podnet: Start Lab Cluster', placeHolder: 'Scenario (seed: a healthy 3-node cluster)', matchOnDetail: true },
    );
    if (!pick) return;
    await stop();
    const dir = join(context.globalStorageUri.fsPath, 'lab');
    mkdirSync(dir, { recursive: true });
    const lab = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Podnet: starting the lab cluster “${pick.label}”`, cancellable: true },
      async (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        try {
          return await startLabChild({
            cliPath: join(context.extensionPath, 'dist', 'cli.js'),
            scenario: pick.label,
            kubeconfigPath: join(dir, 'kubeconfig'),
            signal: controller.signal,
          });
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          if (message !== 'cancelled') void vscode.window.showErrorMessage(`Podnet: the lab cluster did not start: ${message}`);
          log.warn(`lab start failed: ${message}`);
          return undefined;
        }
      },
    );
    if (!lab) return;
    setRunning({ lab, scenario: pick.label });
    log.info(`lab "${pick.label}" up at ${lab.server} (pid ${lab.pid})`);
    void lab.exited.then((exit) => {
      if (running?.lab !== lab) return;
      setRunning(undefined);
      session.useLabKubeconfig(undefined);
      void vscode.window.showWarningMessage(`Podnet: the lab cluster ${describeLabExit(exit)} unexpectedly.`);
    });
    session.useLabKubeconfig(lab.kubeconfigPath);
    const choice = await vscode.window.showInformationMessage(
      `Podnet: lab cluster “${pick.label}” is up at ${lab.server}; Podnet is connected to it. kubectl: KUBECONFIG=${lab.kubeconfigPath}`,
      'Stop Lab',
    );
    if (choice === 'Stop Lab') await stop();
  };

  void vscode.commands.executeCommand('setContext', 'podnet.labRunning', false);
  context.subscriptions.push(
    vscode.commands.registerCommand('podnet.startLab', start),
    vscode.commands.registerCommand('podnet.stopLab', stop),
    { dispose: () => void stop() },
  );
}
