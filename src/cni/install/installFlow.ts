// The install and uninstall flows shared by the CLI and VS Code: the caller supplies progress output,
// the confirmation question and cancellation; the flow returns a report with per-node results.
import type { KubeApi } from '../../kube/kubeApi';
import type { InstallInput, InstallPlan, Progress } from './installPlan';
import { applyPlan, objectLabel, planInstall } from './installPlan';
import type { NodeResult } from './rollout';
import { verifyUntilReady, waitForRollout } from './rollout';
import { eventReasons } from '../names';
import { deleteInstalled, findInstalled, installedLabel, signalCleanup, waitUntilGone } from './uninstall';

const cleanupEvent = eventReasons.removed;

export interface FlowUi {
  readonly progress: Progress;
  /** Asks to go ahead; `question` names the context and server. False: stop without changes. */
  readonly confirm: (question: string, detail: string) => Promise<boolean>;
  /**
   * When the cluster states no pod network, asks the user for it (undefined: stop). `guess` is the
   * smallest range covering the node blocks, to be offered as a guess only. Without this, the flow
   * refuses (outcome `needs-cluster-cidr`): a range is never applied unconfirmed.
   */
  readonly askClusterCidr?: (guess: string | undefined, nodeBlocks: string[]) => Promise<string | undefined>;
  readonly signal?: AbortSignal;
}

export interface FlowTarget {
  readonly context: string;
  readonly server: string;
}

export interface FlowReport {
  /**
   * needs-cluster-cidr: the cluster states no pod network and none was given; unconfirmed: objects
   * deleted, but a node's agent did not confirm its clean-up (docs/CNI.md lists the exit codes).
   */
  readonly outcome:
    | 'installed'
    | 'no-changes'
    | 'dry-run'
    | 'refused'
    | 'needs-cluster-cidr'
    | 'declined'
    | 'incomplete'
    | 'uninstalled'
    | 'unconfirmed'
    | 'nothing-installed';
  readonly lines: string[];
  /** The plan (target, CIDR, objects), when one was made; shown with the question too. */
  readonly planLines?: string[];
  readonly nodes: NodeResult[];
  readonly plan?: InstallPlan;
}

export interface InstallOptions extends InstallInput {
  readonly dryRun?: boolean;
  readonly rolloutTimeoutMs?: number;
}

export function describePlan(plan: InstallPlan, target: FlowTarget): string[] {
  const pre = plan.preflight;
  return [
    `Target: context "${target.context}", API server ${target.server}`,
    `Cluster CIDR: ${pre.clusterCidr} (${pre.clusterCidrSource}), node mask /${pre.nodeMaskSize}`,
    `Nodes: ${plan.survey.nodes.map((n) => `${n.name} ${n.podCIDRs.join(',')}`).join('; ')}`,
    ...pre.warnings.map((w) => `  ! ${w}`),
    'Objects (server-side apply, field manager "podnet"):',
    ...plan.objects.map((p) => `  ${p.action.padEnd(9)} ${objectLabel(p.object)}`),
  ];
}

export async function runInstall(api: KubeApi, target: FlowTarget, options: InstallOptions, ui: FlowUi): Promise<FlowReport> {
  let plan = await planInstall(api, options, ui.progress, ui.signal);
  const onlyCidrMissing = (p: InstallPlan): boolean => p.preflight.problems.length > 0 && p.preflight.problems.every((x) => x.code === 'no-cluster-cidr');
  if (onlyCidrMissing(plan) && ui.askClusterCidr) {
    const chosen = await ui.askClusterCidr(plan.preflight.guessedClusterCidr, plan.survey.nodes.flatMap((n) => n.podCIDRs));
    if (chosen === undefined) return { outcome: 'declined', plan, nodes: [], lines: ['No cluster CIDR given: nothing was changed.'] };
    // Re-plan with the given value: preflight checks it (blocks inside, no overlaps) like the flag.
    plan = await planInstall(api, { ...options, clusterCidr: chosen }, ui.progress, ui.signal);
  }
  if (plan.preflight.problems.length) {
    return {
      outcome: onlyCidrMissing(plan) ? 'needs-cluster-cidr' : 'refused',
      plan,
      nodes: [],
      lines: [
        `Preflight refused the install into context "${target.context}" (${target.server}):`,
        ...plan.preflight.problems.map((p) => `  ✗ ${p.message}`),
        'Nothing was changed.',
      ],
    };
  }
  const planLines = describePlan(plan, target);
  if (options.dryRun) {
    return { outcome: 'dry-run', plan, planLines, nodes: [], lines: ['Dry run: server-side dry-run accepted the objects; nothing was changed.'] };
  }

  if (!plan.noChanges) {
    const question = `Install the Podnet bridge CNI into context "${target.context}" (${target.server})?`;
    if (!(await ui.confirm(question, planLines.join('\n')))) {
      return { outcome: 'declined', plan, planLines, nodes: [], lines: ['Not confirmed: nothing was changed.'] };
    }
  }
  const applied = plan.noChanges
    ? { changed: [], unchanged: plan.objects.map((p) => objectLabel(p.object)) }
    : await applyPlan(api, plan, ui.progress, ui.signal);
  ui.progress('Waiting for the DaemonSet rollout…');
  const rollout = await waitForRollout(api, options.rolloutTimeoutMs ?? 180_000, ui.progress, ui.signal);
  ui.progress('Verifying every node…');
  const nodes = await verifyUntilReady(api, rollout.done ? 30_000 : 1_000, ui.signal);
  const allReady = rollout.done && nodes.every((n) => n.ready);
  const noChanges = applied.changed.length === 0;
  const lines = [
    noChanges
      ? 'No changes: every object was already as rendered.'
      : `Applied: ${applied.changed.length} object(s) changed, ${applied.unchanged.length} unchanged.`,
    rollout.summary,
    ...nodes.map((n) => `  ${n.ready ? '✓' : '✗'} ${n.node}: ${n.detail}`),
    allReady
      ? `Podnet bridge CNI is ready on all ${nodes.length} node(s).`
      : 'Not every node is ready yet: see the lines marked ✗ (re-run install to complete an interrupted apply).',
  ];
  return { outcome: !allReady ? 'incomplete' : noChanges ? 'no-changes' : 'installed', plan, planLines, nodes, lines };
}

export interface UninstallOptions {
  readonly cleanupTimeoutMs?: number;
}

export async function runUninstall(api: KubeApi, target: FlowTarget, options: UninstallOptions, ui: FlowUi): Promise<FlowReport> {
  const installed = await findInstalled(api, ui.signal);
  if (installed.length === 0) {
    return { outcome: 'nothing-installed', nodes: [], lines: [`No Podnet object in context "${target.context}" (${target.server}): nothing to uninstall.`] };
  }
  const detail = [
    `Target: context "${target.context}", API server ${target.server}`,
    'Objects to delete (labelled app.kubernetes.io/name=podnet-bridge-cni):',
    ...installed.map((o) => `  ${installedLabel(o)}`),
  ].join('\n');
  if (!(await ui.confirm(`Uninstall the Podnet bridge CNI from context "${target.context}" (${target.server})? Pods lose their network.`, detail))) {
    return { outcome: 'declined', planLines: detail.split('\n'), nodes: [], lines: ['Not confirmed: nothing was changed.'] };
  }
  const cleanup = await signalCleanup(api, options.cleanupTimeoutMs ?? 60_000, ui.progress, ui.signal);
  const deleted = await deleteInstalled(api, installed, ui.progress, ui.signal);
  const left = await waitUntilGone(api, 60_000, ui.signal);
  const nodes: NodeResult[] = [
    ...cleanup.confirmed.map((node) => ({ node, ready: true, detail: 'agent removed its routes, firewall rules and conflist' })),
    ...cleanup.unconfirmed.map((node) => ({
      node,
      ready: false,
      detail: `${cleanup.unreadable ? `${cleanup.unreadable}; ` : ''}no ${cleanupEvent} Event from this node's agent within ${
        Math.round((options.cleanupTimeoutMs ?? 60_000) / 1000)
      } s: its clean-up is not confirmed. On the node check /etc/cni/net.d/10-podnet.conflist, \`ip route show proto 154\`, \`iptables-save | grep PODNET\`, and the agent's log (kubectl logs -n kube-system <agent pod> before it is gone)`,
    })),
  ];
  const lines = [
    ...nodes.map((n) => `  ${n.ready ? '✓' : '✗'} ${n.node}: ${n.detail}`),
    `Deleted ${deleted.length} object(s).`,
    left.length ? `Still present: ${left.map(installedLabel).join(', ')}` : 'No Podnet object is left.',
  ];
  if (cleanup.unconfirmed.length) {
    lines.push(
      `Warning: ${cleanup.unconfirmed.length} of ${nodes.length} node(s) did not confirm the clean-up (${
        cleanup.unconfirmed.join(', ')
      }): Podnet's routes, rules or conflist may still be there.`,
    );
  } else if (nodes.length) lines.push(`Every node (${nodes.length}) confirmed its clean-up.`);
  return { outcome: left.length ? 'incomplete' : cleanup.unconfirmed.length ? 'unconfirmed' : 'uninstalled', nodes, planLines: detail.split('\n'), lines };
}
