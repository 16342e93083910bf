// Podnet: Select Context — a quick pick of the kubeconfig's contexts, the current one marked.
import * as vscode from 'vscode';
import type { ClusterSession } from './clusterSession';

export async function selectContext(session: ClusterSession): Promise<void> {
  const contexts = session.contexts();
  if ('error' in contexts) {
    const open = 'Open Settings';
    const choice = await vscode.window.showWarningMessage(`Podnet: ${contexts.error}`, open);
    if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'podnet.kubeconfig');
    return;
  }
  const items = contexts.names.map((name) => ({
    label: name,
    description: name === contexts.current ? '(current)' : undefined,
    iconPath: new vscode.ThemeIcon(name === contexts.current ? 'pass-filled' : 'circle-large-outline'),
  }));
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Podnet: Select Context',
    placeHolder: `Current: ${contexts.current ?? 'none'}`,
  });
  if (!pick) return;
  await session.selectContext(pick.label);
}
