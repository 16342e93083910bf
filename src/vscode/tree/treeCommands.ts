// Tree commands: find a pod by IP (and reveal it), copy IP / CIDR, filters.
import * as vscode from 'vscode';
import { parseAddress } from '../../core/net/cidr';
import type { ClusterSession } from '../cluster/clusterSession';
import type { ClusterTreeProvider } from './clusterTreeProvider';
import type { TreeElement } from './treeElements';
import { subjectOfElementId } from './treeElements';
import type { TreeFilters } from './treeFilters';
import { qualifiedName } from '../../core/cluster/namespacedName';

export function registerTreeCommands(
  session: ClusterSession,
  provider: ClusterTreeProvider,
  view: vscode.TreeView<TreeElement>,
  filters: TreeFilters,
): vscode.Disposable[] {
  const reveal = async (element: TreeElement) => {
    await view.reveal(element, { select: true, focus: true, expand: false });
  };

  const findPodByIp = async () => {
    const model = session.model;
    if (!model) {
      void vscode.window.showWarningMessage('Podnet is not connected to a cluster.');
      return;
    }
    const ip = await vscode.window.showInputBox({
      title: 'Podnet: Find Pod by IP',
      prompt: 'Pod IP address (IPv4 or IPv6)',
      placeHolder: '10.244.1.5',
      validateInput: (v) => (parseAddress(v.trim()) ? undefined : 'Not an IP address'),
    });
    if (!ip) return;
    const pods = model.podsByIp(ip.trim());
    if (pods.length === 0) {
      void vscode.window.showInformationMessage(`No pod has IP ${ip.trim()}.`);
      return;
    }
    let pod = pods[0]!;
    if (pods.length > 1) {
      const pick = await vscode.window.showQuickPick(
        pods.map((p) => ({ label: qualifiedName(p), description: p.nodeName ?? 'unscheduled', pod: p })),
        { title: `${pods.length} pods have IP ${ip.trim()}` },
      );
      if (!pick) return;
      pod = pick.pod;
    }
    if (!filters.accepts(pod)) {
      filters.namespaces = undefined;
      filters.hideHostNetwork = false;
      provider.refreshAll();
    }
    await reveal(provider.podElement(pod.namespace, pod.name, pod.nodeName));
  };

  const revealInTree = async (id: string) => {
    const model = session.model;
    if (!model) return;
    const subject = subjectOfElementId(id);
    if (subject?.kind === 'node') return reveal(provider.nodeElement(subject.name));
    const pod = subject?.kind === 'pod' ? model.pod(subject.namespace, subject.name) : undefined;
    if (pod) await reveal(provider.podElement(pod.namespace, pod.name, pod.nodeName));
  };

  const copy = async (text: string | undefined, what: string) => {
    if (!text) {
      void vscode.window.showInformationMessage(`Nothing to copy: no ${what}.`);
      return;
    }
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(`Copied ${text}`, 3000);
  };

  const copyIp = (el?: TreeElement) => {
    const model = session.model;
    if (!el || !model) return;
    if (el.type === 'pod') return copy(model.pod(el.namespace, el.name)?.podIPs.join(', '), 'IP');
    if (el.type === 'node') return copy(model.node(el.name)?.info?.internalIPs.join(', '), 'InternalIP');
    return undefined;
  };

  const copyCidr = (el?: TreeElement) => {
    const model = session.model;
    if (!el || !model) return;
    if (el.type === 'node') return copy(model.node(el.name)?.blocks.map((b) => b.cidr).join(', '), 'pod block');
    if (el.type === 'info' && el.key === 'pod-network') return copy(model.networks.podNetworks.map((n) => n.cidr).join(', '), 'pod network');
    if (el.type === 'info' && el.key === 'service-network') return copy(model.networks.serviceNetworks.map((n) => n.cidr).join(', '), 'service network');
    return undefined;
  };

  const filterNamespace = async () => {
    const model = session.model;
    if (!model) return;
    const picks = await vscode.window.showQuickPick(
      model.namespaces().map((ns) => ({ label: ns, picked: !filters.namespaces || filters.namespaces.has(ns) })),
      { title: 'Podnet: show pods of these namespaces', canPickMany: true },
    );
    if (!picks) return;
    filters.namespaces = picks.length === model.namespaces().length ? undefined : new Set(picks.map((p) => p.label));
    applyFilters();
  };

  const applyFilters = () => {
    view.message = filters.active ? `Filtered: ${filters.describe()}` : undefined;
    void vscode.commands.executeCommand('setContext', 'podnet.treeFiltered', filters.active);
    void vscode.commands.executeCommand('setContext', 'podnet.hostNetworkHidden', filters.hideHostNetwork);
    provider.refreshAll();
  };

  return [
    vscode.commands.registerCommand('podnet.findPodByIp', findPodByIp),
    vscode.commands.registerCommand('podnet.revealInTree', revealInTree),
    vscode.commands.registerCommand('podnet.copyIp', copyIp),
    vscode.commands.registerCommand('podnet.copyCidr', copyCidr),
    vscode.commands.registerCommand('podnet.filterNamespace', filterNamespace),
    vscode.commands.registerCommand('podnet.toggleHostNetworkPods', () => {
      filters.hideHostNetwork = !filters.hideHostNetwork;
      applyFilters();
    }),
    vscode.commands.registerCommand('podnet.clearFilters', () => {
      filters.namespaces = undefined;
      filters.hideHostNetwork = false;
      applyFilters();
    }),
  ];
}
