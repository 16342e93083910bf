// Palette commands podnet.installBridgeCni / podnet.uninstallBridgeCni: the same flows as
// `podnet cni install|uninstall`, with a modal confirmation naming the context, a cancellable
// progress notification, and the per-node report in the Podnet output channel.
import { setMaxListeners } from 'node:events';
import * as vscode from 'vscode';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeApi } from '../../kube/kubeApi';
import type { FlowReport, FlowUi } from '../../cni/install/installFlow';
import { runInstall, runUninstall } from '../../cni/install/installFlow';
import { loadAgentScript } from '../../cni/manifest/agentScript';
import { parseCidr } from '../../core/net/cidr';
import { loadKubeconfig } from '../../kube/kubeconfigLoader';
import type { KubeconfigSource } from '../../kube/kubeconfigSources';
import { markCniInstalled } from '../walkthrough/registerWalkthrough';

/** What the command needs from the cluster session (ClusterSession satisfies it). */
export interface CniSessionSource {
  readonly kubeConfig: KubeConfig | undefined;
  /** Where the kubeconfig comes from (the session's one reader of the settings). */
  source(): KubeconfigSource;
}

/** The session's kubeconfig, else loaded from its source (also the connectivity check's). */
export function currentKubeConfig(session: CniSessionSource): KubeConfig {
  if (session.kubeConfig) return session.kubeConfig;
  const loaded = loadKubeconfig(session.source());
  if (loaded.kind !== 'ok') throw new Error(loaded.message);
  return loaded.kubeConfig;
}

async function runFlow(
  title: string,
  confirmLabel: (context: string) => string,
  log: vscode.LogOutputChannel,
  session: CniSessionSource,
  flow: (api: KubeApi, target: { context: string; server: string }, ui: FlowUi) => Promise<FlowReport>,
): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage(`Podnet: ${title} needs a trusted workspace (it changes your cluster).`);
    return;
  }
  let kubeConfig: KubeConfig;
  try {
    kubeConfig = currentKubeConfig(session);
  } catch (error) {
    void vscode.window.showErrorMessage(`Podnet: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  const api = new KubeApi(kubeConfig);
  const target = { context: kubeConfig.getCurrentContext(), server: api.server };
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Podnet: ${title}`, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      // The flow's concurrent requests all carry this signal.
      setMaxListeners(0, controller.signal);
      token.onCancellationRequested(() => controller.abort());
      const ui: FlowUi = {
        signal: controller.signal,
        progress: (message) => {
          log.info(message);
          progress.report({ message });
        },
        confirm: async (question, detail) => {
          const go = confirmLabel(target.context);
          return (await vscode.window.showWarningMessage(question, { modal: true, detail }, go)) === go;
        },
        // Asked only when the cluster states no pod network, before any dry-run: the input starts
        // empty, and the covering range of the node blocks is offered as what it is, a guess.
        askClusterCidr: (guess, blocks) => {
          progress.report({ message: 'waiting for the cluster pod CIDR…' });
          return Promise.resolve(
            vscode.window.showInputBox({
              title: `Podnet: cluster pod CIDR of "${target.context}"`,
              prompt:
                `The cluster does not state its pod network (no kubeadm-config podSubnet, kube-controller-manager --cluster-cidr or Podnet settings). Enter the range node blocks are allocated from (kube-controller-manager --cluster-cidr; IPv4,IPv6 for dual-stack). Node blocks: ${
                  blocks.slice(0, 4).join(', ')
                }${blocks.length > 4 ? ', …' : ''}.`,
              placeHolder: guess ? `${guess} is a guess (the smallest range covering the node blocks), not the cluster's stated value` : 'e.g. 10.244.0.0/16',
              value: '',
              ignoreFocusOut: true,
              validateInput: (text) => {
                const problems = text.split(',').map((t) => parseCidr(t.trim())).flatMap((p) => (p.ok ? [] : [p.error]));
                return text.trim() === '' ? 'enter a CIDR' : problems[0];
              },
            }),
          ).then((text) => (text === undefined ? undefined : text.split(',').map((t) => t.trim()).join(',')));
        },
      };
      try {
        return await flow(api, target, ui);
      } catch (error) {
        const message = controller.signal.aborted ? 'cancelled (re-run to complete what was started)' : error instanceof Error ? error.message : String(error);
        return { outcome: 'incomplete', nodes: [], lines: [`${title} stopped: ${message}`] } satisfies FlowReport;
      }
    },
  );
  for (const line of [...(report.planLines ?? []), ...report.lines]) log.info(line);
  if (report.outcome === 'installed' || report.outcome === 'no-changes') markCniInstalled();
  const summary = report.lines[report.lines.length - 1] ?? '';
  const show = 'Show Output';
  const pick = report.outcome === 'refused' || report.outcome === 'needs-cluster-cidr'
    ? await vscode.window.showErrorMessage(`Podnet: ${report.lines.find((l) => l.includes('✗'))?.trim() ?? summary}`, show)
    : report.outcome === 'incomplete' || report.outcome === 'unconfirmed'
    ? await vscode.window.showWarningMessage(`Podnet: ${summary}`, show)
    : report.outcome === 'declined'
    ? undefined
    : await vscode.window.showInformationMessage(`Podnet: ${summary}`, show);
  if (pick === show) log.show(true);
}

export function registerBridgeCni(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, session: CniSessionSource): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(
      'podnet.installBridgeCni',
      () =>
        runFlow(
          'Install Bridge CNI',
          (c) => `Install into ${c}`,
          log,
          session,
          (api, target, ui) => runInstall(api, target, { agentScript: loadAgentScript() }, ui),
        ),
    ),
    vscode.commands.registerCommand(
      'podnet.uninstallBridgeCni',
      () => runFlow('Uninstall Bridge CNI', (c) => `Uninstall from ${c}`, log, session, (api, target, ui) => runUninstall(api, target, {}, ui)),
    ),
  );
}
