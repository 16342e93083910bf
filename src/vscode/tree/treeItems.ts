// TreeItems for each element kind. The e2e tests find items by these labels:
// node "<name>" / "<InternalIP> · <block> · <used>/<usable>", pod "<ns>/<name>" / "<IP>".
import * as vscode from 'vscode';
import type { ContainerInfo, PodInfo } from '../../core/cluster/clusterTypes';
import type { NodeView } from '../../core/cluster/clusterModel';
import type { Finding } from '../../core/cluster/findings';
import { findingTitles } from '../../core/cluster/findings';
import { blockSourceLabels } from '../../core/cluster/podBlock';
import type { NodeGroup } from '../../core/cluster/nodeGroups';
import { nodeGroupLabel } from '../../core/cluster/nodeGroups';
import type { ProblemGroup } from '../../core/cluster/problemGroups';
import type { TreeElement } from './treeElements';
import { subjectElementId } from './treeElements';
import { tooltip } from './markdown';
import { containerList, nodeDescription, podBadge, podBadgeLegend } from './treeText';

export const podBadgeScheme = 'podnet-pod';

const color = (id: string) => new vscode.ThemeColor(id);
const errorIcon = () => new vscode.ThemeIcon('error', color('problemsErrorIcon.foreground'));
const warningIcon = () => new vscode.ThemeIcon('warning', color('problemsWarningIcon.foreground'));

function findingIcon(findings: readonly Finding[]): vscode.ThemeIcon | undefined {
  if (findings.some((f) => f.severity === 'error')) return errorIcon();
  if (findings.length > 0) return warningIcon();
  return undefined;
}

export function nodeItem(element: TreeElement, view: NodeView, findings: readonly Finding[]): vscode.TreeItem {
  const item = new vscode.TreeItem(view.name, view.podCount > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = element.id;
  item.description = nodeDescription(view);
  item.contextValue = 'podnet.node';
  const info = view.info;
  item.iconPath =
    findingIcon(findings) ??
    (!info
      ? new vscode.ThemeIcon('vm')
      : info.ready
        ? new vscode.ThemeIcon('vm-active', color('testing.iconPassed'))
        : new vscode.ThemeIcon('vm-outline', color('testing.iconFailed')));
  return item;
}

export function nodeGroupItem(element: TreeElement, group: NodeGroup, withProblems: number): vscode.TreeItem {
  const item = new vscode.TreeItem(nodeGroupLabel(group), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = element.id;
  item.description = `${group.names.length} nodes${withProblems > 0 ? ` · ${withProblems} with problems` : ''}`;
  item.contextValue = 'podnet.nodeGroup';
  item.iconPath = withProblems > 0 ? warningIcon() : new vscode.ThemeIcon('server');
  item.tooltip = tooltip(`Nodes ${nodeGroupLabel(group)}`, [['Nodes', String(group.names.length)], ['With problems', String(withProblems)]], [
    'Big clusters show their nodes in ranges of the sorted names.',
  ]);
  return item;
}

/** Tooltips are built on hover (resolveTreeItem): 5,000 MarkdownStrings per refresh would block the host. */
export function nodeTooltip(view: NodeView, findings: readonly Finding[]): vscode.MarkdownString {
  const info = view.info;
  const rows: [string, string][] = [
    ['InternalIP', info ? info.internalIPs.join(', ') || 'none' : 'unknown (nodes not listable)'],
    ['Ready', info ? (info.ready ? 'True' : `False${info.readyReason ? ` (${info.readyReason})` : ''}`) : 'unknown'],
    ...view.blocks.map((b): [string, string] => [`Pod block (IPv${b.family})`, `${b.cidr} — ${blockSourceLabels[b.source]}`]),
    ['Pod IPs used / usable', `${view.used} / ${view.usable ?? 'unknown'}`],
    ['Max pods', info?.maxPods !== undefined ? String(info.maxPods) : 'unknown'],
    ['Pods', String(view.podCount)],
  ];
  if (view.blocks.length === 0) rows.push(['Pod block', 'none']);
  return tooltip(`Node ${view.name}`, rows, findings.map((f) => f.message));
}

export function podItem(element: TreeElement, pod: PodInfo, findings: readonly Finding[]): vscode.TreeItem {
  const item = new vscode.TreeItem(`${pod.namespace}/${pod.name}`, pod.containers.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = element.id;
  item.description = pod.podIPs[0] ?? (pod.phase === 'Pending' ? 'pending' : '');
  item.contextValue = pod.podIPs.length > 0 ? 'podnet.pod.ip' : 'podnet.pod';
  item.iconPath =
    findingIcon(findings) ??
    (pod.hostNetwork
      ? new vscode.ThemeIcon('home')
      : pod.phase === 'Running'
        ? new vscode.ThemeIcon('package', color('charts.green'))
        : pod.phase === 'Pending'
          ? new vscode.ThemeIcon('clock', color('charts.yellow'))
          : pod.phase === 'Failed'
            ? new vscode.ThemeIcon('error', color('testing.iconFailed'))
            : new vscode.ThemeIcon('package'));
  // Badges (H = hostNetwork, N = containers) come from the FileDecorationProvider via this URI.
  const multi = pod.containers.filter((c) => c.kind !== 'init').length;
  item.resourceUri = vscode.Uri.from({ scheme: podBadgeScheme, path: `/${pod.namespace}/${pod.name}`, query: `h=${pod.hostNetwork ? 1 : 0}&c=${multi}` });
  return item;
}

export function podTooltip(pod: PodInfo, findings: readonly Finding[]): vscode.MarkdownString {
  return tooltip(
    `Pod ${pod.namespace}/${pod.name}`,
    [
      ['IPs', pod.podIPs.join(', ') || 'none yet'],
      ['Node', pod.nodeName ?? 'not scheduled'],
      ['Phase', pod.phase],
      ['Network', pod.hostNetwork ? "hostNetwork (shares the node's IP and network namespace)" : 'own network namespace'],
      ['Containers', containerList(pod.containers)],
      ...badgeRows(pod),
    ],
    findings.map((f) => f.message),
  );
}

function badgeRows(pod: PodInfo): [string, string][] {
  const badge = podBadge(pod.hostNetwork, pod.containers.filter((c) => c.kind !== 'init').length);
  return badge ? [[`Badge ${badge.text}`, badge.meaning], ['Legend', podBadgeLegend]] : [];
}

const containerIcons: Record<ContainerInfo['kind'], string> = { init: 'debug-start', sidecar: 'link', app: 'symbol-class' };

export function containerItem(element: TreeElement, c: ContainerInfo): vscode.TreeItem {
  const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.None);
  item.id = element.id;
  item.description = `${c.kind}${c.ready === false && c.kind !== 'init' ? ' · not ready' : ''} · ${c.image}`;
  item.contextValue = 'podnet.container';
  item.iconPath = new vscode.ThemeIcon(containerIcons[c.kind]);
  return item;
}

export function containerTooltip(c: ContainerInfo, pod: PodInfo): vscode.MarkdownString {
  return tooltip(`Container ${c.name}`, [
    ['Kind', c.kind === 'sidecar' ? 'sidecar (init container with restartPolicy: Always)' : c.kind],
    ['Image', c.image],
    ['Ready', c.ready === undefined ? 'unknown' : String(c.ready)],
    ['Restarts', String(c.restarts ?? 0)],
    ['Network', `shares the pod's network namespace (${pod.podIPs[0] ?? 'no IP yet'}); talks to its other containers over localhost`],
  ]);
}

export function problemGroupItem(element: TreeElement, group: ProblemGroup): vscode.TreeItem {
  const item = new vscode.TreeItem(findingTitles[group.code], vscode.TreeItemCollapsibleState.Collapsed);
  item.id = element.id;
  item.description = String(group.total);
  item.contextValue = 'podnet.problemGroup';
  item.iconPath = group.severity === 'error' ? errorIcon() : warningIcon();
  return item;
}

export function moreProblemsItem(element: TreeElement, hidden: number): vscode.TreeItem {
  const item = new vscode.TreeItem(`… ${hidden} more`, vscode.TreeItemCollapsibleState.None);
  item.id = element.id;
  item.description = 'podnet inspect and the network map list them all';
  item.iconPath = new vscode.ThemeIcon('ellipsis');
  return item;
}

export function findingItem(element: TreeElement, f: Finding): vscode.TreeItem {
  const item = new vscode.TreeItem(findingTitles[f.code], vscode.TreeItemCollapsibleState.None);
  item.id = element.id;
  item.description = f.message;
  item.contextValue = 'podnet.finding';
  item.iconPath = f.severity === 'error' ? errorIcon() : warningIcon();
  item.tooltip = tooltip(findingTitles[f.code], [['Code', f.code], ['Severity', f.severity]], [f.message]);
  const subject = f.subjects[0];
  if (subject) {
    item.command = {
      command: 'podnet.revealInTree',
      title: 'Reveal',
      arguments: [subjectElementId(subject)],
    };
  }
  return item;
}

export function messageItem(id: string, label: string, detail: string, icon: string, command?: vscode.Command): vscode.TreeItem {
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = id;
  item.description = detail;
  item.tooltip = tooltip(label, [], detail ? [detail] : []);
  item.iconPath = new vscode.ThemeIcon(icon, icon === 'error' ? color('problemsErrorIcon.foreground') : icon === 'warning' ? color('problemsWarningIcon.foreground') : undefined);
  item.contextValue = 'podnet.message';
  if (command) item.command = command;
  return item;
}
