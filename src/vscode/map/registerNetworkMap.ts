// The network map's one registration call: "Podnet: Open Network Map", fed by the cluster session.
import * as vscode from 'vscode';
import type { ClusterSession } from '../cluster/clusterSession';
import { ClusterMapSource } from './clusterMapSource';
import { NetworkMapPanel } from './networkMapPanel';

export function registerNetworkMap(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, session: ClusterSession): void {
  const source = new ClusterMapSource(session);
  context.subscriptions.push(
    source,
    vscode.commands.registerCommand('podnet.openNetworkMap', () => {
      NetworkMapPanel.show(context.extensionUri, source, {
        log,
        // The cluster view's reveal command (src/vscode/tree/treeCommands.ts) takes "node/<name>".
        revealNode: (name) => vscode.commands.executeCommand('podnet.revealInTree', `node/${name}`),
      });
    }),
  );
}
