// The check report as text (a summary per kind, then every failure, missing and not-run probe)
// and as JSON (docs/check-json.md), and the exit code `podnet check` ends with.
import type { CheckReport, ProbeKind, ProbeResult } from './checkReport';
import { probeFailed } from './checkReport';
import { describeEnd } from './checkOutcome';
import { nodeMatrix } from './nodeMatrix';
import { explainedByWithdrawnRoutes, withdrawnRoutesSummary } from './routesWithdrawn';

export const kindOrder: readonly ProbeKind[] = ['same-node', 'cross-node', 'pod-node', 'node-pod', 'service', 'dns', 'external', 'mtu'];

/** 0 every probe passed, 1 any failed or never reported (2, could not run, is decided before a report exists). */
export function checkExitCode(report: CheckReport): 0 | 1 {
  return report.summary.failed > 0 || (report.missing?.length ?? 0) > 0 ? 1 : 0;
}

export function formatReportJson(report: CheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Why a probe counts as failed, in words. */
export function failureText(r: ProbeResult): string {
  if (!r.ok) return r.error ?? 'failed';
  if (r.sourcePreserved === false) {
    return `the receiver saw ${r.sourceSeen ?? 'another address'} instead of ${r.from.ip ?? 'the sender'}: NAT between pods (the model promises none)`;
  }
  return 'failed';
}

const probeLabel = (r: { kind: string; protocol: string; bytes?: number }): string => `${r.kind} ${r.protocol}${r.bytes ? ` ${r.bytes} B` : ''}`;

export function formatReportText(report: CheckReport): string {
  const lines: string[] = [];
  const { passed, failed } = report.summary;
  lines.push(
    `Connectivity check of context "${report.context}": ${passed} passed, ${failed} failed${
      report.missing?.length ? `, ${report.missing.length} missing` : ''
    }${report.notRun?.length ? `, ${report.notRun.length} not run` : ''} (${(report.durationMs / 1000).toFixed(1)} s)`,
  );
  if (report.adoptedProbes) lines.push(`Probe pods adopted from check run ${report.adoptedProbes} (kept with --keep).`);
  lines.push('');
  lines.push(`${'kind'.padEnd(12)}${'passed'.padStart(8)}${'failed'.padStart(8)}`);
  for (const kind of kindOrder) {
    const of = report.pairs.filter((p) => p.kind === kind);
    if (!of.length) continue;
    const bad = of.filter(probeFailed).length;
    lines.push(`${kind.padEnd(12)}${String(of.length - bad).padStart(8)}${String(bad).padStart(8)}`);
  }
  lines.push(...matrixLines(report));
  const external = report.pairs.filter((p) => p.kind === 'external' && p.ok);
  for (const e of external) {
    lines.push(
      `external ${e.to.name ?? ''}: ${
        e.masqueraded === true
          ? `masqueraded (the far end saw ${e.sourceSeen})`
          : e.masqueraded === false
          ? 'not masqueraded (the far end saw the pod IP)'
          : 'masquerade unknown (the far end does not report the source it saw)'
      }`,
    );
  }
  const failures = report.pairs.filter(probeFailed);
  if (failures.length) {
    lines.push('', 'Failures:');
    for (const f of failures) lines.push(`  ✗ ${probeLabel(f).padEnd(18)} ${describeEnd(f.from)} → ${describeEnd(f.to)}: ${failureText(f)}`);
    const withdrawn = failures.filter((f) => explainedByWithdrawnRoutes(report, f)).length;
    if (withdrawn) lines.push('', `Likely cause of ${withdrawn} cross-node failure${withdrawn === 1 ? '' : 's'}: ${withdrawnRoutesSummary(report)}`);
  }
  if (report.missing?.length) {
    lines.push('', 'Missing (planned, never reported):');
    for (const m of report.missing) lines.push(`  ? ${describeEnd(m.from)}: ${m.reason}`);
  }
  if (report.notRun?.length) {
    lines.push('', 'Not run (neither passed nor failed):');
    for (const n of report.notRun) lines.push(`  - ${probeLabel(n).padEnd(18)} ${describeEnd(n.from)} → ${describeEnd(n.to)}: ${n.reason}`);
  }
  lines.push('', failures.length || report.missing?.length ? 'Result: FAILED' : 'Result: every probe passed');
  return `${lines.join('\n')}\n`;
}

/** Pod → pod probes passed/total per node pair; shown up to 12 nodes (beyond, the failures list says it). */
function matrixLines(report: CheckReport): string[] {
  const { nodes, cells } = nodeMatrix(report);
  if (nodes.length < 1 || nodes.length > 12) return [];
  const width = Math.max(12, ...nodes.map((n) => n.length + 3));
  const cell = (from: string, to: string): string => {
    const c = cells.get(from)?.get(to);
    return (c ? `${c.passed}/${c.total}${c.passed < c.total ? ' ✗' : ''}` : '-').padEnd(width);
  };
  return [
    '',
    'Pod → pod by node (passed/probes; rows send, columns receive):',
    `${'from \\ to'.padEnd(width)}${nodes.map((n) => n.padEnd(width)).join('')}`.trimEnd(),
    ...nodes.map((from) => `${from.padEnd(width)}${nodes.map((to) => cell(from, to)).join('')}`.trimEnd()),
  ];
}
