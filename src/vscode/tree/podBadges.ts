// Pod badges in the tree: "H" for hostNetwork, the container count for multi-container pods.
import * as vscode from 'vscode';
import { podBadgeScheme } from './treeItems';

export function podBadge(hostNetwork: boolean, containers: number): vscode.FileDecoration | undefined {
  const multi = containers > 1;
  if (!hostNetwork && !multi) return undefined;
  const count = containers > 9 ? '+' : String(containers);
  const badge = hostNetwork ? (multi ? `H${count}` : 'H') : containers > 9 ? '9+' : count;
  const parts = [hostNetwork ? "hostNetwork: uses the node's IP" : '', multi ? `${containers} containers sharing the pod's network namespace` : ''];
  return new vscode.FileDecoration(badge, parts.filter(Boolean).join(' · '));
}

export function registerPodBadges(): vscode.Disposable {
  return vscode.window.registerFileDecorationProvider({
    provideFileDecoration(uri) {
      if (uri.scheme !== podBadgeScheme) return undefined;
      const q = new URLSearchParams(uri.query);
      return podBadge(q.get('h') === '1', Number(q.get('c') ?? 0));
    },
  });
}
