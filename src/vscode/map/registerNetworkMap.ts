// The network map's one registration call: "Podnet: Open Network Map", fed by the cluster session and the linter.
import * as vscode from 'vscode';
import type { ClusterSession } from '../cluster/clusterSession';
import type { FocusRequest } from '../../core/map/mapMessages';
import type { ManifestFindingSource } from './clusterMapSource';
import { ClusterMapSource } from './clusterMapSource';
import { nodeId } from '../tree/treeElements';
import { NetworkMapPanel } from './networkMapPanel';
import type { CheckResults } from '../check/checkResults';
import { mapCheckSource } from './mapCheckSource';

/** The tree's node and pod elements (src/vscode/tree/treeElements.ts), read structurally. */
function focusOf(element: unknown): FocusRequest | undefined {
  const e = element as { type?: unknown; name?: unknown; namespace?: unknown } | undefined;
  if (e?.type === 'node' && typeof e.name === 'string') return { kind: 'node', name: e.name };
  if (e?.type === 'pod' && typeof e.name === 'string' && typeof e.namespace === 'string') return { kind: 'pod', namespace: e.namespace, name: e.name };
  return undefined;
}

export function registerNetworkMap(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  session: ClusterSession,
  lint: ManifestFindingSource,
  checks?: CheckResults,
): void {
  const source = new ClusterMapSource(session, lint);
  const check = checks ? mapCheckSource(checks, session) : undefined;
  const open = () => {
    // The map draws the live cluster: opening it is asking for the connection.
    session.want('full');
    return NetworkMapPanel.show(context.extensionUri, source, {
      log,
      // The cluster view's reveal command takes a tree element id.
      revealNode: (name) => vscode.commands.executeCommand('podnet.revealInTree', nodeId(name)),
      ...(check ? { check } : {}),
    });
  };
  context.subscriptions.push(
    { dispose: () => NetworkMapPanel.disposeCurrent() },
    source,
    vscode.commands.registerCommand('podnet.openNetworkMap', () => {
      open();
    }),
    vscode.commands.registerCommand('podnet.showInNetworkMap', (element: unknown) => {
      const focus = focusOf(element);
      const panel = open();
      if (focus) panel.focus(focus);
    }),
  );
}
