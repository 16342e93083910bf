// The cluster network view's one registration call: the session (shared with other features),
// the tree, the status bar, the commands. Returns the session for the other features.
import * as vscode from 'vscode';
import { ClusterSession } from './clusterSession';
import { createStatusBar } from './statusBar';
import { selectContext } from './selectContextCommand';
import { watchKubeconfig } from './kubeconfigFileWatcher';
import { ClusterTreeProvider } from '../tree/clusterTreeProvider';
import { TreeFilters } from '../tree/treeFilters';
import { registerTreeCommands } from '../tree/treeCommands';
import { registerPodBadges } from '../tree/podBadges';
import { registerCheckBadges } from '../tree/checkTree';
import type { CheckResults } from '../check/checkResults';

export function registerClusterView(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, checks?: CheckResults): ClusterSession {
  const session = new ClusterSession(context, log);
  const filters = new TreeFilters();
  const provider = new ClusterTreeProvider(session, filters, checks);
  const view = vscode.window.createTreeView('podnet.clusterNetwork', { treeDataProvider: provider, showCollapseAll: true });
  context.subscriptions.push(
    session,
    provider,
    view,
    registerPodBadges(),
    registerCheckBadges(),
    createStatusBar(session),
    vscode.commands.registerCommand('podnet.selectContext', () => selectContext(session)),
    vscode.commands.registerCommand('podnet.refresh', () => {
      session.refresh();
      provider.refreshAll();
    }),
    ...registerTreeCommands(session, provider, view, filters),
    watchKubeconfig(session, log),
    view.onDidChangeVisibility((e) => {
      if (e.visible && connectMode() === 'onView') session.want('full');
    }),
  );
  // No cluster traffic until the view is shown or a command needs the cluster (podnet.cluster.connect).
  session.probe();
  if (connectMode() === 'onStartup' || (connectMode() === 'onView' && view.visible)) session.want('full');
  return session;
}

type ConnectMode = 'onView' | 'onStartup' | 'never';
function connectMode(): ConnectMode {
  const mode = vscode.workspace.getConfiguration('podnet.cluster').get<string>('connect');
  return mode === 'onStartup' || mode === 'never' ? mode : 'onView';
}
