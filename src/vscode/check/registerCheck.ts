// Palette command podnet.checkConnectivity: the same check as `podnet check` (src/check/checkRunner.ts)
// in a trusted workspace, with a modal confirmation naming the context, a cancellable progress
// notification (cancel removes what the check created), the report written to CheckResults (which
// the map, the tree and the Problems panel read), the text report in the Podnet output channel and
// a summary notification.
import * as vscode from 'vscode';
import { KubeApi } from '../../kube/kubeApi';
import { defaultAgentImage } from '../../cni/manifest/manifestOptions';
import { podnetUninstallSignal } from '../../cni/names';
import { runCheck } from '../../check/checkRunner';
import type { CheckRun } from '../../check/checkRunner';
import { loadProbeScript } from '../../check/probeScript';
import { formatReportText } from '../../core/check/formatReport';
import type { CniSessionSource } from '../cni/registerBridgeCni';
import { currentKubeConfig } from '../cni/registerBridgeCni';
import type { CheckResults } from './checkResults';

const title = 'Check Connectivity';
/** The whole check, as `podnet check`'s default --timeout. */
const checkTimeoutMs = 180_000;

async function checkConnectivity(log: vscode.LogOutputChannel, session: CniSessionSource, results: CheckResults): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage(`Podnet: ${title} needs a trusted workspace (it creates probe pods in your cluster).`);
    return;
  }
  let api: KubeApi;
  let probeScript: string;
  let context: string;
  try {
    const kubeConfig = currentKubeConfig(session);
    context = kubeConfig.getCurrentContext();
    probeScript = loadProbeScript();
    api = new KubeApi(kubeConfig);
  } catch (error) {
    void vscode.window.showErrorMessage(`Podnet: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  const target = { context, server: api.server };
  const run = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Podnet: ${title}`, cancellable: true },
    async (progress, token): Promise<CheckRun> => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      try {
        return await runCheck(
          api,
          target,
          { probeScript, timeoutMs: checkTimeoutMs, image: defaultAgentImage, uninstallSignal: podnetUninstallSignal },
          {
            signal: controller.signal,
            progress: (message) => {
              log.info(message);
              progress.report({ message });
            },
            confirm: async (question, detail) => {
              const go = `Run in ${target.context}`;
              return (await vscode.window.showWarningMessage(question, { modal: true, detail }, go)) === go;
            },
          },
        );
      } catch (error) {
        const message = controller.signal.aborted ? 'cancelled; what the check created was removed' : error instanceof Error ? error.message : String(error);
        return { outcome: 'could-not-run', lines: [`${title} stopped: ${message}`] };
      } finally {
        api.dispose();
      }
    },
  );
  for (const line of run.lines) log.info(line);
  if (run.outcome === 'declined') return;
  const show = 'Show Output';
  if (run.outcome !== 'report') {
    if ((await vscode.window.showErrorMessage(`Podnet: ${run.lines[0]?.replace(/^podnet check: /, '') ?? 'the check could not run'}`, show)) === show) {
      log.show(true);
    }
    return;
  }
  results.set(run.report);
  for (const line of formatReportText(run.report).trimEnd().split('\n')) log.info(line);
  const { passed, failed } = run.report.summary;
  const missing = run.report.missing?.length ?? 0;
  const summary = `Podnet: connectivity of "${target.context}": ${passed} passed, ${failed} failed${missing ? `, ${missing} missing` : ''}.`;
  const map = 'Open Network Map';
  const pick = failed || missing ? await vscode.window.showWarningMessage(summary, map, show) : await vscode.window.showInformationMessage(summary, map, show);
  if (pick === show) log.show(true);
  if (pick === map) await vscode.commands.executeCommand('podnet.openNetworkMap');
}

export function registerCheck(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, session: CniSessionSource, results: CheckResults): void {
  context.subscriptions.push(vscode.commands.registerCommand('podnet.checkConnectivity', () => checkConnectivity(log, session, results)));
}
