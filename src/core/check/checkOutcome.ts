// What one probe pod reports (the JSON it writes into its result ConfigMap), and the check's report
// built from the plan and those outcomes: every planned probe is either a result or named missing.
import type { CheckReport, MissingProbe, ProbeEndpoint, ProbeNotRun, ProbeResult } from './checkReport';
import { checkSchemaVersion, summarise } from './checkReport';
import type { CheckPlan } from './checkPlan';
import { expectedTasks, taskKey } from './checkPlan';

export interface PodOutcome {
  /** The probe pod's name. */
  readonly pod: string;
  readonly results: readonly ProbeResult[];
  readonly notRun: readonly ProbeNotRun[];
  /** The MTU of the interface holding the pod's IP, as the probe read it. */
  readonly podMtu?: number;
}

export interface ReportInput {
  readonly context: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly plan: CheckPlan;
  /** Outcomes by probe pod name. */
  readonly outcomes: ReadonlyMap<string, PodOutcome>;
  /** Why a probe pod's outcome is absent (default: it did not report in time). */
  readonly absentReason?: (pod: string) => string;
}

export function buildReport(input: ReportInput): CheckReport {
  const planned = new Set(expectedTasks(input.plan).map(taskKey));
  const pairs: ProbeResult[] = [];
  const notRun: ProbeNotRun[] = [];
  const seen = new Set<string>();
  // Only what the plan asked for counts: a stale or foreign result is no proof of anything.
  for (const outcome of input.outcomes.values()) {
    for (const r of outcome.results) {
      const key = taskKey(r);
      if (planned.has(key) && !seen.has(key)) {
        seen.add(key);
        pairs.push(r);
      }
    }
    for (const n of outcome.notRun) {
      const key = taskKey(n);
      if (planned.has(key) && !seen.has(key)) {
        seen.add(key);
        notRun.push(n);
      }
    }
  }
  const missing: MissingProbe[] = [];
  for (const source of [...input.plan.pods, ...input.plan.hosts]) {
    // Same endpoints as the tasks: a hostNetwork probe speaks for its node.
    const from: ProbeEndpoint = input.plan.pods.includes(source)
      ? { node: source.node, pod: source.name, ip: source.ip }
      : { node: source.node, ip: source.ip };
    if (!input.outcomes.has(source.name)) {
      missing.push({ from, reason: input.absentReason?.(source.name) ?? `probe pod ${source.name} did not report its results in time` });
    }
  }
  const unreported = expectedTasks(input.plan).filter((t) => input.outcomes.has(t.from.pod ?? hostPodOf(input.plan, t.from)) && !seen.has(taskKey(t)));
  for (const t of unreported) missing.push({ from: t.from, to: t.to, kind: t.kind, reason: `no result for ${t.kind} ${t.protocol} to ${describeEnd(t.to)}` });
  return {
    schemaVersion: checkSchemaVersion,
    context: input.context,
    startedAt: input.startedAt,
    durationMs: input.durationMs,
    pairs,
    summary: summarise(pairs),
    ...(missing.length ? { missing } : {}),
    ...(notRun.length ? { notRun } : {}),
  };
}

/** A hostNetwork probe's endpoint carries its node, not its pod name: find the pod. */
function hostPodOf(plan: CheckPlan, from: ProbeEndpoint): string {
  return plan.hosts.find((h) => h.node === from.node && (h.ip === from.ip || h.ip2 === from.ip))?.name ?? '';
}

export function describeEnd(e: ProbeEndpoint): string {
  if (e.pod) return `${e.pod} (${[e.node, e.ip].filter(Boolean).join(', ')})`;
  if (e.name) return e.ip ? `${e.name} (${e.ip})` : e.name;
  return `node ${e.node ?? '?'} (${e.ip ?? '?'})`;
}
