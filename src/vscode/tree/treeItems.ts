// Every TreeItem of the cluster view, one builder per element kind (the provider only wires them). The e2e tests find items by these labels:
// node "<name>" / "<InternalIP> · <block> · <used>/<usable>", pod "<ns>/<name>" / "<IP>".
import * as vscode from 'vscode';
import type { ContainerInfo, PodInfo } from '../../core/cluster/clusterTypes';
import type { NodeView } from '../../core/cluster/clusterModel';
import type { Finding } from '../../core/cluster/findings';
import { findingTitles } from '../../core/cluster/findings';
import { checkFindingTitles } from '../../core/check/checkFindings';
import { blockSourceLabels } from '../../core/cluster/podBlock';
import type { NodeGroup } from '../../core/cluster/nodeGroups';
import { nodeGroupLabel } from '../../core/cluster/nodeGroups';
import type { ProblemGroup } from '../../core/cluster/problemGroups';
import type { CniInfo } from '../../core/cluster/cniDetection';
import type { Networks } from '../../core/cluster/networkDiscovery';
import type { DataPath } from '../../core/dataPath/dataPath';
import type { SessionState } from '../cluster/clusterSession';
import type { ElementOf, TreeElement } from './treeElements';
import { nodeId, subjectElementId } from './treeElements';
import { tooltip } from './markdown';
import { escapeMarkdown } from '../markdownEscape';
import type { manifestComparisonText } from './treeText';
import { containerList, guessedFromPodIps, nodeDescription, podBadge, podBadgeLegend } from './treeText';
import { qualifiedName } from '../../core/cluster/namespacedName';

export const podBadgeScheme = 'podnet-pod';

const color = (id: string) => new vscode.ThemeColor(id);
const errorIcon = () => new vscode.ThemeIcon('error', color('problemsErrorIcon.foreground'));
const warningIcon = () => new vscode.ThemeIcon('warning', color('problemsWarningIcon.foreground'));

function findingIcon(findings: readonly Finding[]): vscode.ThemeIcon | undefined {
  if (findings.some((f) => f.severity === 'error')) return errorIcon();
  if (findings.length > 0) return warningIcon();
  return undefined;
}

/** An element the model no longer holds (VS Code may still ask for it once before the refresh). */
export const goneItem = (label: string): vscode.TreeItem => new vscode.TreeItem(label);

export function nodeItem(element: TreeElement, view: NodeView, findings: readonly Finding[]): vscode.TreeItem {
  const item = new vscode.TreeItem(view.name, view.podCount > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = element.id;
  item.description = nodeDescription(view);
  item.contextValue = 'podnet.node';
  const info = view.info;
  item.iconPath = findingIcon(findings) ??
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
  const item = new vscode.TreeItem(
    qualifiedName(pod),
    pod.containers.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  item.id = element.id;
  item.description = pod.podIPs[0] ?? (pod.phase === 'Pending' ? 'pending' : '');
  item.contextValue = pod.podIPs.length > 0 ? 'podnet.pod.ip' : 'podnet.pod';
  item.iconPath = findingIcon(findings) ??
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
  item.resourceUri = vscode.Uri.from({ scheme: podBadgeScheme, path: `/${qualifiedName(pod)}`, query: `h=${pod.hostNetwork ? 1 : 0}&c=${multi}` });
  return item;
}

export function podTooltip(pod: PodInfo, findings: readonly Finding[]): vscode.MarkdownString {
  return tooltip(
    `Pod ${qualifiedName(pod)}`,
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

export function checkFindingItem(element: ElementOf<'checkFinding'>): vscode.TreeItem {
  const f = element.finding;
  const item = new vscode.TreeItem(checkFindingTitles[f.code], vscode.TreeItemCollapsibleState.None);
  item.id = element.id;
  item.description = f.message;
  item.contextValue = 'podnet.checkFinding';
  item.iconPath = f.severity === 'error' ? errorIcon() : warningIcon();
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.appendMarkdown(
    `**${escapeMarkdown(checkFindingTitles[f.code])}**\n\nCode: ${f.code} (connectivity check)  \nSeverity: ${f.severity}\n\n${escapeMarkdown(f.message)}\n`,
  );
  item.tooltip = md;
  const node = f.subjects[0];
  if (node?.kind === 'node') item.command = { command: 'podnet.revealInTree', title: 'Reveal', arguments: [nodeId(node.name)] };
  return item;
}

export function messageItem(id: string, label: string, detail: string, icon: string, command?: vscode.Command): vscode.TreeItem {
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = id;
  item.description = detail;
  item.tooltip = tooltip(label, [], detail ? [detail] : []);
  item.iconPath = new vscode.ThemeIcon(
    icon,
    icon === 'error' ? color('problemsErrorIcon.foreground') : icon === 'warning' ? color('problemsWarningIcon.foreground') : undefined,
  );
  item.contextValue = 'podnet.message';
  if (command) item.command = command;
  return item;
}

// ---- the view's fixed rows: Cluster and its settings, Problems, Nodes, Unscheduled pods ----

export function clusterItem(s: SessionState, context: string, server: string): vscode.TreeItem {
  const item = new vscode.TreeItem(`Cluster ${context}`, vscode.TreeItemCollapsibleState.Expanded);
  item.id = 'cluster';
  item.description = s.kind === 'connected' ? 'connected' : s.kind;
  item.iconPath = new vscode.ThemeIcon('cloud', s.kind === 'connected' ? undefined : color('problemsWarningIcon.foreground'));
  item.contextValue = 'podnet.cluster';
  item.tooltip = tooltip(`Context ${context}`, [['API server', server], ['State', s.kind]]);
  return item;
}

/** What the Cluster row's settings show, read from the session and its model. */
export interface ClusterInfo {
  readonly server: string;
  readonly cni?: CniInfo;
  readonly dataPath?: DataPath;
  readonly networks?: Networks;
  /** pod-network-overlaps-service-network findings: shown on the pod network row. */
  readonly overService: readonly Finding[];
  readonly manifests?: ReturnType<typeof manifestComparisonText>;
  /** Kinds the connection may not list. */
  readonly limited: readonly string[];
}

export function infoItem(element: ElementOf<'info'>, info: ClusterInfo): vscode.TreeItem {
  const nets = info.networks;
  const item = new vscode.TreeItem('', vscode.TreeItemCollapsibleState.None);
  item.id = element.id;
  const set = (label: string, description: string, icon: string, rows: [string, string][] = []) => {
    item.label = label;
    item.description = description;
    item.iconPath = new vscode.ThemeIcon(icon);
    item.tooltip = tooltip(label, rows.length ? rows : [[label, description]]);
  };
  switch (element.key) {
    case 'server':
      set('API server', info.server, 'globe');
      break;
    case 'cni': {
      const { cni, dataPath: dp } = info;
      set(
        'CNI',
        cni ? `${cni.name} · blocks from ${cni.ipam}` : 'unknown',
        'plug',
        cni && dp ?
          [
            ['CNI', cni.name],
            ['Detected by', cni.evidence],
            ['Pod blocks from', cni.ipam],
            ['Data path', dp.title],
            ['Pods attach to', dp.podLink.device || 'unknown'],
            ['Across nodes', `${dp.crossNode.encapsulation}${dp.crossNode.device ? ` via ${dp.crossNode.device}` : ''}`],
            ...dp.settings.map((x): [string, string] => [x.name, `${x.value} (${x.certainty === 'configured' ? x.source : `${x.certainty}: ${x.source}`})`]),
            ['Note', 'devices and routes are inferred from the CNI and its settings (Podnet: Open Network Map draws them)'],
          ] :
          [],
      );
      break;
    }
    case 'pod-network': {
      set(
        'Pod network',
        nets?.podNetworks.map((n) => n.cidr).join(', ') || 'unknown',
        'type-hierarchy',
        nets?.podNetworks.map((n) => [n.cidr, n.source]) ?? [],
      );
      item.contextValue = nets?.podNetworks.length ? 'podnet.cidr' : undefined;
      if (info.overService.length > 0) {
        item.iconPath = warningIcon();
        item.tooltip = tooltip('Pod network', nets?.podNetworks.map((n): [string, string] => [n.cidr, n.source]) ?? [], info.overService.map((f) => f.message));
      }
      break;
    }
    case 'service-network': {
      const list = nets?.serviceNetworks ?? [];
      const text = list.length ? list.map((n) => n.cidr).join(', ') : nets?.serviceIpHint ? `unknown (kubernetes Service at ${nets.serviceIpHint})` : 'unknown';
      set('Service network', text, 'symbol-interface', list.map((n) => [n.cidr, n.source]));
      item.contextValue = list.length ? 'podnet.cidr' : undefined;
      break;
    }
    case 'manifests':
      set('Manifests', info.manifests?.description ?? '', 'file-code', info.manifests?.rows ?? []);
      break;
    case 'access':
      set('Limited access', `may not list ${info.limited.join(', ')}`, 'lock', [
        ['Not listable', info.limited.join(', ')],
        [
          'Effect',
          info.limited.includes('nodes')
            ? `nodes are shown from their pods only; node IPs and readiness are unknown, and blocks are ${guessedFromPodIps} where the CNI keeps them elsewhere`
            : 'what those objects say is unknown',
        ],
      ]);
      break;
  }
  return item;
}

/** `findings`: the cluster's and the connectivity check's. */
export function problemsItem(findings: readonly { readonly severity: string }[]): vscode.TreeItem {
  const item = new vscode.TreeItem('Problems', vscode.TreeItemCollapsibleState.Expanded);
  item.id = 'problems';
  const errors = findings.filter((f) => f.severity === 'error').length;
  item.description = `${errors} error${errors === 1 ? '' : 's'}, ${findings.length - errors} warning${findings.length - errors === 1 ? '' : 's'}`;
  item.iconPath = errors ? errorIcon() : warningIcon();
  return item;
}

/** `filtered`: the active filters described, if any. */
export function nodesItem(nodes: number, pods: number, filtered: string | undefined): vscode.TreeItem {
  const item = new vscode.TreeItem('Nodes', vscode.TreeItemCollapsibleState.Expanded);
  item.id = 'nodes';
  item.description = `${nodes} nodes · ${pods} pods${filtered !== undefined ? ` · filtered (${filtered})` : ''}`;
  item.iconPath = new vscode.ThemeIcon('server-environment');
  return item;
}

export function unscheduledItem(count: number): vscode.TreeItem {
  const item = new vscode.TreeItem('Unscheduled pods', vscode.TreeItemCollapsibleState.Collapsed);
  item.id = 'unscheduled';
  item.description = String(count);
  item.iconPath = new vscode.ThemeIcon('clock');
  return item;
}

export interface StatusMessage {
  readonly id: string;
  readonly item: vscode.TreeItem;
}

/** Status lines shown above (or instead of) the data, with an action each. */
export function statusMessages(s: SessionState): StatusMessage[] {
  const selectContext: vscode.Command = { command: 'podnet.selectContext', title: 'Select Context' };
  const refresh: vscode.Command = { command: 'podnet.refresh', title: 'Refresh' };
  const openSetting: vscode.Command = { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: ['podnet.kubeconfig'] };
  const m = (id: string, label: string, detail: string, icon: string, command?: vscode.Command) => ({
    id: `message/${id}`,
    item: messageItem(`message/${id}`, label, detail, icon, command),
  });
  switch (s.kind) {
    case 'idle':
      return [m('idle', s.message ?? 'Not connected', 'Refresh to connect', 'debug-disconnect', refresh)];
    case 'no-kubeconfig':
    case 'no-context':
      return []; // the view's welcome content (package.json viewsWelcome) explains and offers a way on
    case 'invalid-kubeconfig':
      return [
        m('invalid-kubeconfig', 'Kubeconfig unusable', s.message, 'error', openSetting),
        m('select-context', 'Select another context…', '', 'plug', selectContext),
      ];
    case 'connecting':
      return [m('connecting', `Connecting to ${s.context}…`, s.server, 'loading~spin')];
    case 'unreachable':
      return [
        m('unreachable', `Cannot reach ${s.server}`, s.error, 'error', refresh),
        m('retry', 'Retry now', 'Podnet keeps retrying in the background', 'refresh', refresh),
      ];
    case 'unauthorized':
      return [
        m(
          'unauthorized',
          'Not authorised (401)',
          `${s.error} — the credentials of context "${s.context}" were refused (expired token?)`,
          'error',
          selectContext,
        ),
        m('retry', 'Retry', 'after renewing the credentials', 'refresh', refresh),
      ];
    case 'forbidden':
      return [m('forbidden', 'Forbidden (403)', `${s.error} — context "${s.context}" may list neither nodes nor pods`, 'error', selectContext)];
    case 'connected':
      // Limited access is said once, by the cluster's own "Limited access" row.
      return [];
  }
}
