// The status-bar item: the context Podnet is connected to and the connection's health.
import * as vscode from 'vscode';
import type { ClusterSession, SessionState } from './clusterSession';
import { tooltip } from '../tree/markdown';
import { statusTitleIcon } from '../tree/treeText';

export function createStatusBar(session: ClusterSession): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('podnet.context', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Podnet: Kubernetes context';
  item.command = 'podnet.selectContext';
  const update = (s: SessionState) => {
    const context = 'context' in s ? s.context : undefined;
    const icon = {
      idle: 'debug-disconnect',
      'no-kubeconfig': 'warning',
      'no-context': 'warning',
      'invalid-kubeconfig': 'warning',
      connecting: 'sync~spin',
      connected: 'cloud',
      unreachable: 'error',
      unauthorized: 'error',
      forbidden: 'error',
    }[s.kind];
    item.text = `$(${icon}) ${context ?? (s.kind === 'no-kubeconfig' ? 'no kubeconfig' : s.kind === 'no-context' ? 'no context' : 'Podnet')}`;
    const bad = s.kind === 'unreachable' || s.kind === 'unauthorized' || s.kind === 'forbidden' || s.kind === 'invalid-kubeconfig';
    item.backgroundColor = bad ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const rows: [string, string][] = [['State', s.kind]];
    if ('server' in s) rows.push(['API server', s.server]);
    if ('error' in s) rows.push(['Error', s.error]);
    if ('message' in s && s.message) rows.push(['Detail', s.message]);
    if (s.kind === 'connected' && s.limited.length) rows.push(['May not list', s.limited.join(', ')]);
    // The tooltip's sign follows the state: ⚠ only when something is wrong, not on every hover.
    const limited = s.kind === 'connected' && s.limited.length > 0;
    item.tooltip = tooltip(
      `Podnet: ${context ? `context ${context}` : 'not connected'}`,
      rows,
      ['Click to select another context'],
      'info',
      statusTitleIcon(s.kind, limited),
    );
    item.show();
  };
  update(session.state);
  const sub = session.onDidChangeState(update);
  return vscode.Disposable.from(item, sub);
}
