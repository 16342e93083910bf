// Runs a connectivity check against one context: preflight (is there anything to probe?), the
// objects (src/check/checkManifests.ts) applied after a confirmation naming the context, the probe
// pods awaited until every one is Running with an IP, the plan written, the outcomes read back —
// through the Kubernetes API only, never by connecting to pod IPs — and everything removed at the
// end, on cancel and on error (unless `keep`). Shared by `podnet check` and VS Code.
import { randomBytes } from 'node:crypto';
import { dump } from 'js-yaml';
import type { KubeApi } from '../kube/kubeApi';
import { KubeApiError, objectPath } from '../kube/kubeApi';
import type { KubeObject } from '../kube/kubeObject';
import type { CheckPlan, PlanPod } from '../core/check/checkPlan';
import type { PodOutcome } from '../core/check/checkOutcome';
import { buildReport } from '../core/check/checkOutcome';
import type { CheckReport } from '../core/check/checkReport';
import type { NodeObject, PodObject } from './probePods';
import { sleep, waitForPods } from './probePods';
import { checkAppName, checkNamespace, defaultHostPort, defaultPodPort, outcomeKey, resultOfLabel, roleLabel, runLabel } from './checkNames';
import { checkObjects, planObject, probedNode } from './checkManifests';
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
  const existing = await api.get<{ metadata: { labels?: Record<string, string>; deletionTimestamp?: string } }>(
    objectPath('Namespace', checkNamespace),
    signal,
  );
  if (existing) {
    const ours = existing.metadata.labels?.['app.kubernetes.io/name'] === checkAppName;
    return {
      outcome: 'could-not-run',
      lines: [
        existing.metadata.deletionTimestamp
          ? `podnet check: namespace ${checkNamespace} is still being deleted (a previous check); try again in a moment.`
          : ours
          ? `podnet check: namespace ${checkNamespace} is left from a previous check (--keep?); remove it with \`kubectl delete namespace ${checkNamespace}\` and run again.`
          : `podnet check: namespace ${checkNamespace} exists and is not Podnet's; the check will not touch it.`,
      ],
    };
  }
  if (!(await ui.confirm(`Run a connectivity check in context "${target.context}" (${target.server})?`, summaryLines.join('\n')))) {
    return { outcome: 'declined', lines: ['Not confirmed: nothing was created.'] };
  }

  let result: CheckRun | undefined;
  try {
    for (const o of objects) {
      ui.progress(`Creating ${objectLabel(o)}`);
      await api.apply(o, false, signal);
    }
    const expected = nodes.length * 3;
    const pods = await waitForPods(api, expected, deadline, options.pollMs ?? 1000, ui);
    if (pods.kind === 'stuck') return (result = { outcome: 'could-not-run', lines: pods.lines });
    const plan = makePlan(runId, pods.pods, service, dnsService, options);
    ui.progress(`Every probe pod runs (${pods.pods.length}); writing the plan`);
    await api.apply(planObject(runId, JSON.stringify(plan)), false, signal);
    const outcomes = await waitForOutcomes(api, plan, runId, deadline, options.pollMs ?? 1000, ui);
    const report = buildReport({
      context: target.context,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      plan,
      outcomes,
      absentReason: (pod) => `probe pod ${pod} did not report its results within the --timeout (${Math.round(options.timeoutMs / 1000)} s)`,
    });
    result = { outcome: 'report', report, lines: [] };
    return result;
  } finally {
    // Removal must happen even when the run was cancelled: it gets no signal of its own.
    const lines = options.keep
      ? [`Left in place (--keep): namespace ${checkNamespace}; remove it with \`kubectl delete namespace ${checkNamespace}\`.`]
      : await removeAll(api, options.cleanupTimeoutMs ?? 60_000, ui);
    if (result) (result.lines as string[]).push(...lines);
    else for (const line of lines) ui.progress(line);
  }
}

function makePlan(runId: string, pods: PodObject[], service: CheckPlan['service'], dns: { ip: string } | undefined, options: CheckOptions): CheckPlan {
  const entry = (p: PodObject, ip: string): PlanPod => ({ name: p.metadata.name, node: p.spec?.nodeName ?? '?', ip });
  const byName = (a: PlanPod, b: PlanPod): number => a.node.localeCompare(b.node) || a.name.localeCompare(b.name);
  return {
    runId,
    pods: pods.filter((p) => p.metadata.labels?.[roleLabel] === 'pod').map((p) => entry(p, p.status?.podIP ?? '')).sort(byName),
    hosts: pods.filter((p) => p.metadata.labels?.[roleLabel] === 'host').map((p) => entry(p, p.status?.hostIP ?? p.status?.podIP ?? '')).sort(byName),
    port: defaultPodPort,
    hostPort: defaultHostPort,
    ...(service ? { service } : {}),
    dns: { ...(dns ? { server: dns.ip } : {}), domain: 'cluster.local' },
    ...(options.external ? { external: options.external } : {}),
    bulkBytes,
    probeTimeoutMs: options.probeTimeoutMs ?? 3000,
  };
}

async function waitForOutcomes(api: KubeApi, plan: CheckPlan, runId: string, deadline: number, pollMs: number, ui: CheckUi): Promise<Map<string, PodOutcome>> {
  const sources = plan.pods.length + plan.hosts.length;
  const outcomes = new Map<string, PodOutcome>();
  let last = -1;
  for (;;) {
    const maps = await api.list<{ metadata: { labels?: Record<string, string> }; data?: Record<string, string> }>(
      `/api/v1/namespaces/${checkNamespace}/configmaps?labelSelector=${encodeURIComponent(`${runLabel}=${runId},${resultOfLabel}`)}`,
      ui.signal,
    );
    for (const m of maps) {
      const pod = m.metadata.labels?.[resultOfLabel];
      const text = m.data?.[outcomeKey];
      if (!pod || !text || outcomes.has(pod)) continue;
      try {
        outcomes.set(pod, JSON.parse(text) as PodOutcome);
      } catch {
        ui.progress(`the result of ${pod} is not JSON; counted as missing`);
      }
    }
    if (outcomes.size !== last) ui.progress(`Probe pods reported: ${outcomes.size}/${sources}`);
    last = outcomes.size;
    if (outcomes.size >= sources || Date.now() > deadline) return outcomes;
    await sleep(pollMs, ui.signal);
  }
}

/** Deletes the namespace (and with it everything the check created) and waits until it is gone. */
async function removeAll(api: KubeApi, timeoutMs: number, ui: CheckUi): Promise<string[]> {
  ui.progress(`Removing namespace ${checkNamespace} and everything in it…`);
  const path = objectPath('Namespace', checkNamespace);
  try {
    await api.request('DELETE', `${path}?propagationPolicy=Foreground`);
  } catch (error) {
    if (!(error instanceof KubeApiError && error.status === 404)) {
      return [
        `Could not remove namespace ${checkNamespace}: ${
          error instanceof Error ? error.message : String(error)
        }; remove it with \`kubectl delete namespace ${checkNamespace}\`.`,
      ];
    }
  }
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if (!(await api.get(path))) return [`Removed namespace ${checkNamespace} and everything the check created.`];
    } catch (error) {
      ui.progress(`checking the namespace is gone: ${error instanceof Error ? error.message : String(error)}`);
    }
    await sleep(500);
  }
  return [
    `Namespace ${checkNamespace} is still being deleted after ${
      Math.round(timeoutMs / 1000)
    } s (the cluster finishes it; \`kubectl get namespace ${checkNamespace}\` shows when).`,
  ];
}
