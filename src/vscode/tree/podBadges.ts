// Pod badges in the tree: "H" for hostNetwork, the container count for multi-container pods.
import * as vscode from 'vscode';
import { podBadgeScheme } from './treeItems';
import { podBadge as badgeOf } from './treeText';

export function podBadge(hostNetwork: boolean, containers: number): vscode.FileDecoration | undefined {
  const badge = badgeOf(hostNetwork, containers);
  return badge ? new vscode.FileDecoration(badge.text, badge.meaning) : undefined;
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
