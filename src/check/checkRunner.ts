// Runs a connectivity check against one context: preflight (is there anything to probe?), the
// objects (src/check/checkManifests.ts) applied after a confirmation naming the context — or the
// probe pods an earlier `--keep` run left adopted, when they are of the same configuration — the
// probe pods awaited until every one is Ready, the plan written, the outcomes read back — through
// the Kubernetes API only, never by connecting to pod IPs — and everything removed at the end, on
// cancel and on error (unless `keep`). Shared by `podnet check` and VS Code.
import { randomBytes } from 'node:crypto';
import { dump } from 'js-yaml';
import type { KubeApi } from '../kube/kubeApi';
import { objectPath } from '../kube/kubeApi';
import type { KubeObject } from '../kube/kubeObject';
import type { CheckPlan, PlanPod } from '../core/check/checkPlan';
import { buildReport } from '../core/check/checkOutcome';
import type { CheckReport } from '../core/check/checkReport';
import type { NodeObject, PodObject } from './probePods';
import { waitForPods } from './probePods';
import { checkAppName, checkNamespace, defaultHostPort, defaultPodPort, roleLabel, runLabel } from './checkNames';
import { checkConfigId, checkObjects, configAnnotation, planObject, probedNode } from './checkManifests';
import { removeAll, removeOldResults, waitForOutcomes } from './checkResults';
import type { UninstallSignal } from './cniSignals';
import { routesWithdrawnSignal } from './cniSignals';
import { isLabVersion, labHasDataPlane, noDataPlaneMessage } from './labDetection';

export interface CheckOptions {
  readonly probeScript: string;
  /** Overall bound (pods starting + probing), ms. */
  readonly timeoutMs: number;
  readonly probeTimeoutMs?: number;
  readonly external?: { readonly host: string; readonly port: number };
  /** The probe pods' image: the bridge CNI's agent image unless the user names another. */
  readonly image: string;
  readonly dryRun?: boolean;
  readonly keep?: boolean;
  /** How long removal may take before the check says what is left, ms. */
  readonly cleanupTimeoutMs?: number;
  readonly pollMs?: number;
  /** Where Podnet's uninstall signal is read (src/cni/names.ts), to name withdrawn routes as a cause. */
  readonly uninstallSignal?: UninstallSignal;
}

export interface CheckUi {
  readonly progress: (message: string) => void;
  /** Asks to go ahead; `question` names the context and server. */
  readonly confirm: (question: string, detail: string) => Promise<boolean>;
  readonly signal?: AbortSignal;
}

export interface CheckTarget {
  readonly context: string;
  readonly server: string;
}

export type CheckRun =
  | { readonly outcome: 'report'; readonly report: CheckReport; readonly lines: string[] }
  | { readonly outcome: 'dry-run'; readonly yaml: string; readonly lines: string[] }
  | { readonly outcome: 'declined'; readonly lines: string[] }
  /** Nothing to report: the check could not run (exit 2). */
  | { readonly outcome: 'could-not-run'; readonly lines: string[] };

interface ServiceObject {
  spec?: { clusterIP?: string; ports?: { name?: string; port: number }[] };
}

const bulkBytes = 2 * 1024 * 1024;
export const objectLabel = (o: KubeObject): string => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

async function serviceAddress(api: KubeApi, namespace: string, name: string, signal?: AbortSignal): Promise<{ ip: string; port: number } | undefined> {
  const svc = await api.get<ServiceObject>(`/api/v1/namespaces/${namespace}/services/${name}`, signal);
  const ip = svc?.spec?.clusterIP;
  if (!ip || ip === 'None') return undefined;
  return { ip, port: svc?.spec?.ports?.find((p) => p.name === 'https')?.port ?? svc?.spec?.ports?.[0]?.port ?? 443 };
}

export async function runCheck(api: KubeApi, target: CheckTarget, options: CheckOptions, ui: CheckUi): Promise<CheckRun> {
  const signal = ui.signal;
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  ui.progress(`Reading the cluster behind context "${target.context}"…`);
  const version = await api.get<{ gitVersion?: string }>('/version', signal);
  const allNodes = await api.list<NodeObject>('/api/v1/nodes', signal);
  const nodes = allNodes.filter(probedNode);
  const skipped = allNodes.filter((n) => !probedNode(n)).map((n) => n.metadata.name);
  const noDataPlane = isLabVersion(version?.gitVersion) && !labHasDataPlane(allNodes);
  const service = await serviceAddress(api, 'default', 'kubernetes', signal);
  const dnsService = await serviceAddress(api, 'kube-system', 'kube-dns', signal);
  const runId = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const objects = checkObjects({ runId, probeScript: options.probeScript, image: options.image });
  const summaryLines = [
    `Target: context "${target.context}", API server ${target.server}; ${nodes.length} node${nodes.length === 1 ? '' : 's'}`,
    ...(skipped.length ? [`  not probed (Windows nodes; the probe image is Linux): ${skipped.join(', ')}`] : []),
    `Creates in namespace ${checkNamespace} (removed afterwards${options.keep ? ' — not with --keep' : ''}):`,
    ...objects.map((o) => `  ${objectLabel(o)}`),
    `  ConfigMap ${checkNamespace}/podnet-check-plan (once the probe pods run) and one result ConfigMap per probe pod`,
  ];
  if (options.dryRun) {
    const yaml = objects.map((o) => `---\n${dump(o, { lineWidth: -1, noRefs: true })}`).join('');
    return { outcome: 'dry-run', yaml, lines: ['Dry run: nothing was created.', ...(noDataPlane ? [`A real run would refuse: ${noDataPlaneMessage}`] : [])] };
  }
  // Before anything is created: a check with nothing to probe would only report timeouts.
  if (noDataPlane) return { outcome: 'could-not-run', lines: [`podnet check: ${noDataPlaneMessage}`] };
  if (!nodes.length) {
    return {
      outcome: 'could-not-run',
      lines: [
        allNodes.length
          ? 'podnet check: the cluster has only Windows nodes; the probes run on Linux.'
          : 'podnet check: the cluster has no nodes: nothing to probe.',
      ],
    };
  }
  const existing = await api.get<{ metadata: { labels?: Record<string, string>; annotations?: Record<string, string>; deletionTimestamp?: string } }>(
    objectPath('Namespace', checkNamespace),
    signal,
  );
  // Probe pods a `--keep` run left, of this very configuration (image, script, ports): adopted, as
  // cilium's connectivity test reuses its namespace. They keep running whatever the network did since.
  let adopted: string | undefined;
  if (existing) {
    const ours = existing.metadata.labels?.['app.kubernetes.io/name'] === checkAppName;
    const keptRun = existing.metadata.labels?.[runLabel];
    const sameConfig = existing.metadata.annotations?.[configAnnotation] === checkConfigId({ probeScript: options.probeScript, image: options.image });
    if (ours && keptRun && sameConfig && !existing.metadata.deletionTimestamp) adopted = keptRun;
    else {
      return {
        outcome: 'could-not-run',
        lines: [
          existing.metadata.deletionTimestamp
            ? `podnet check: namespace ${checkNamespace} is still being deleted (a previous check); try again in a moment.`
            : ours
            ? `podnet check: namespace ${checkNamespace} is left from a previous check (--keep) with another probe image or script; remove it with \`kubectl delete namespace ${checkNamespace}\` and run again.`
            : `podnet check: namespace ${checkNamespace} exists and is not Podnet's; the check will not touch it.`,
        ],
      };
    }
  }
  const lines = adopted
    ? [
      summaryLines[0],
      ...summaryLines.slice(1, skipped.length ? 2 : 1),
      `Adopts the probe pods a previous check left in namespace ${checkNamespace} (--keep, run ${adopted}); creates only the plan and result ConfigMaps there.`,
      `Removes namespace ${checkNamespace} afterwards${options.keep ? ' — not with --keep' : ''}.`,
    ]
    : summaryLines;
  if (!(await ui.confirm(`Run a connectivity check in context "${target.context}" (${target.server})?`, lines.join('\n')))) {
    return { outcome: 'declined', lines: ['Not confirmed: nothing was created.'] };
  }

  let result: CheckRun | undefined;
  try {
    if (adopted) {
      ui.progress(`Adopting the probe pods of run ${adopted}`);
      await removeOldResults(api, runId, signal);
    } else {
      for (const o of objects) {
        ui.progress(`Creating ${objectLabel(o)}`);
        await api.apply(o, false, signal);
      }
    }
    const expected = nodes.length * 3;
    const pods = await waitForPods(api, expected, deadline, options.pollMs ?? 1000, ui);
    if (pods.kind === 'stuck') return (result = { outcome: 'could-not-run', lines: pods.lines });
    const plan = makePlan(runId, adopted, pods.pods, service, dnsService, options);
    ui.progress(`Every probe pod is Ready (${pods.pods.length}); writing the plan`);
    await api.apply(planObject(runId, JSON.stringify(plan)), false, signal);
    const outcomes = await waitForOutcomes(api, plan, deadline, options.pollMs ?? 1000, ui);
    // Read after the probes ran: an uninstall signal given meanwhile explains what failed.
    const withdrawn = options.uninstallSignal ? await routesWithdrawnSignal(api, options.uninstallSignal, signal) : undefined;
    const report = buildReport({
      context: target.context,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      plan,
      outcomes,
      absentReason: (pod) => `probe pod ${pod} did not report its results within the --timeout (${Math.round(options.timeoutMs / 1000)} s)`,
    });
    result = {
      outcome: 'report',
      report: { ...report, ...(withdrawn ? { routesWithdrawn: withdrawn } : {}), ...(adopted ? { adoptedProbes: adopted } : {}) },
      lines: [],
    };
    return result;
  } finally {
    // Removal must happen even when the run was cancelled: it gets no signal of its own.
    const done = options.keep
      ? [
        `Left in place (--keep): namespace ${checkNamespace}; the next \`podnet check\` adopts its probe pods, \`kubectl delete namespace ${checkNamespace}\` removes them.`,
      ]
      : await removeAll(api, options.cleanupTimeoutMs ?? 60_000, ui);
    if (result) (result.lines as string[]).push(...done);
    else for (const line of done) ui.progress(line);
  }
}

function makePlan(
  runId: string,
  probeRun: string | undefined,
  pods: PodObject[],
  service: CheckPlan['service'],
  dns: { ip: string } | undefined,
  options: CheckOptions,
): CheckPlan {
  // Dual-stack: the first address of the other family too (podIPs / hostIPs list one per family).
  const entry = (p: PodObject, ip: string, all: readonly { ip: string }[] = []): PlanPod => {
    const other = all.map((a) => a.ip).find((a) => a.includes(':') !== ip.includes(':'));
    return { name: p.metadata.name, node: p.spec?.nodeName ?? '?', ip, ...(other ? { ip2: other } : {}) };
  };
  const byName = (a: PlanPod, b: PlanPod): number => a.node.localeCompare(b.node) || a.name.localeCompare(b.name);
  return {
    runId,
    ...(probeRun ? { probeRun } : {}),
    pods: pods.filter((p) => p.metadata.labels?.[roleLabel] === 'pod').map((p) => entry(p, p.status?.podIP ?? '', p.status?.podIPs)).sort(byName),
    hosts: pods.filter((p) => p.metadata.labels?.[roleLabel] === 'host').map((p) => entry(p, p.status?.hostIP ?? p.status?.podIP ?? '', p.status?.hostIPs))
      .sort(byName),
    port: defaultPodPort,
    hostPort: defaultHostPort,
    ...(service ? { service } : {}),
    dns: { ...(dns ? { server: dns.ip } : {}), domain: 'cluster.local' },
    ...(options.external ? { external: options.external } : {}),
    bulkBytes,
    probeTimeoutMs: options.probeTimeoutMs ?? 3000,
  };
}
