// The `podnet inspect` report: one plain object for JSON (documented in docs/inspect-json.md,
// schemaVersion bumps on breaking changes) and a text rendering of the same data.
import type { ClusterModel } from './clusterModel';
import type { CniName, IpamMode } from './cniDetection';
import type { FindingCode, FindingSeverity, FindingSubject } from './findings';
import { findingRule } from './findings';
import type { BlockSource } from './podBlock';
import type { SourcedCidr } from './networkDiscovery';
import type { ContainerKind } from './clusterTypes';
import { qualifiedName } from './namespacedName';

export const inspectSchemaVersion = 1;

export interface InspectReport {
  schemaVersion: number;
  context: string;
  server: string;
  cni: { name: CniName; ipam: IpamMode; evidence: string };
  podNetworks: SourcedCidr[];
  serviceNetworks: SourcedCidr[];
  serviceIpHint: string | null;
  /** Kinds the credentials may not list (e.g. ["nodes"]); nodes are then known from pods only. */
  limited: string[];
  /** The same kinds with why they could not be read (the API's answer). */
  limitedReasons: { kind: string; reason: string }[];
  nodes: {
    name: string;
    internalIPs: string[];
    ready: boolean | null;
    readyReason: string | null;
    maxPods: number | null;
    blocks: { cidr: string; source: BlockSource }[];
    pods: number;
    used: number;
    usable: number | null;
    /** The Podnet agent's latest Event on this node (PodnetAgentReady, PodnetBlockConflict, ...), or null. */
    agent: { reason: string; message: string; time: string; pod: string } | null;
  }[];
  pods: {
    namespace: string;
    name: string;
    node: string | null;
    ips: string[];
    hostNetwork: boolean;
    phase: string;
    containers: { name: string; kind: ContainerKind; image: string }[];
  }[];
  findings: { code: FindingCode; rule: string; severity: FindingSeverity; message: string; subjects: FindingSubject[] }[];
  summary: { nodes: number; pods: number; errors: number; warnings: number };
}

const agentOf = (e: { reason: string; message: string; time: string; pod: string } | undefined): InspectReport['nodes'][number]['agent'] =>
  e ? { reason: e.reason, message: e.message, time: e.time, pod: e.pod } : null;

export function buildInspectReport(
  model: ClusterModel,
  context: string,
  server: string,
  limited: readonly string[],
  reasons: readonly { kind: string; reason: string }[] = [],
): InspectReport {
  const nodes = model.nodes().map((n) => ({
    name: n.name,
    internalIPs: [...(n.info?.internalIPs ?? [])],
    ready: n.info ? n.info.ready : null,
    readyReason: n.info?.readyReason ?? null,
    maxPods: n.info?.maxPods ?? null,
    blocks: n.blocks.map((b) => ({ cidr: b.cidr, source: b.source })),
    pods: n.podCount,
    used: n.used,
    usable: n.usable ?? null,
    agent: agentOf(model.agentReport(n.name)),
  }));
  const pods = [...model.nodeNames().flatMap((n) => model.podsOn(n)), ...model.unscheduledPods()].map((p) => ({
    namespace: p.namespace,
    name: p.name,
    node: p.nodeName ?? null,
    ips: [...p.podIPs],
    hostNetwork: p.hostNetwork,
    phase: p.phase,
    containers: p.containers.map((c) => ({ name: c.name, kind: c.kind, image: c.image })),
  }));
  const findings = model.findings().map((f) => ({
    code: f.code,
    rule: findingRule[f.code],
    severity: f.severity,
    message: f.message,
    subjects: [...f.subjects],
  }));
  const cni = model.cni;
  return {
    schemaVersion: inspectSchemaVersion,
    context,
    server,
    cni: { name: cni.name, ipam: cni.ipam, evidence: cni.evidence },
    podNetworks: [...model.networks.podNetworks],
    serviceNetworks: [...model.networks.serviceNetworks],
    serviceIpHint: model.networks.serviceIpHint ?? null,
    limited: [...limited],
    limitedReasons: limited.map((kind) => ({ kind, reason: reasons.find((r) => r.kind === kind)?.reason ?? '' })),
    nodes,
    pods,
    findings,
    summary: {
      nodes: nodes.length,
      pods: pods.length,
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
    },
  };
}

/** A table's lines, one at a time (widths from a first pass; no spread of 150,000 lengths). */
function* table(rows: string[][]): Generator<string> {
  const widths = rows[0]!.map(() => 0);
  for (const r of rows) for (let i = 0; i < r.length; i++) widths[i] = Math.max(widths[i]!, r[i]!.length);
  for (const r of rows) yield r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
}

/** What a kind that could not be read means for the rest of the report. */
function limitedEffect(kind: string): string {
  if (kind === 'nodes') return 'nodes shown from their pods only';
  if (kind === 'daemonsets') return 'CNI unknown unless a ConfigMap names it';
  if (kind === 'ipamblocks') return 'Calico blocks unknown; no block findings';
  if (kind === 'ciliumnodes') return 'Cilium blocks unknown; no block findings';
  if (kind === 'servicecidrs' || kind === 'kubernetes-service') return 'service network may be unknown';
  if (kind.startsWith('configmaps')) return 'CNI settings from ConfigMaps unknown';
  return 'not shown';
}

export function formatInspectText(r: InspectReport): string {
  return `${[...inspectTextLines(r)].join('\n')}\n`;
}

/** The text report's lines (src/core/cluster/inspectStream.ts writes them in chunks). */
export function* inspectTextLines(r: InspectReport): Generator<string> {
  const nets = (list: SourcedCidr[]) => (list.length ? list.map((n) => `${n.cidr} (${n.source})`).join(', ') : 'unknown');
  const lines = [
    `Context:          ${r.context}`,
    `API server:       ${r.server}`,
    `CNI:              ${r.cni.name} (${r.cni.evidence}; blocks from ${r.cni.ipam})`,
    `Pod network:      ${nets(r.podNetworks)}`,
    `Service network:  ${
      r.serviceNetworks.length ? nets(r.serviceNetworks) : r.serviceIpHint ? `unknown (kubernetes Service ClusterIP ${r.serviceIpHint})` : 'unknown'
    }`,
  ];
  for (const l of r.limitedReasons) lines.push(`Limited access:   cannot list ${l.kind} — ${limitedEffect(l.kind)}${l.reason ? ` (${l.reason})` : ''}`);
  lines.push('', `NODES (${r.nodes.length})`);
  yield* lines;
  if (r.nodes.length) {
    yield* table([
      ['NAME', 'INTERNAL-IP', 'READY', 'POD-BLOCK', 'SOURCE', 'USED/USABLE', 'MAX-PODS'],
      ...r.nodes.map((n) => [
        n.name,
        n.internalIPs.join(',') || '-',
        n.ready === null ? '?' : n.ready ? 'True' : `False${n.readyReason ? ` (${n.readyReason})` : ''}`,
        n.blocks.map((b) => b.cidr).join(',') || '<none>',
        [...new Set(n.blocks.map((b) => b.source))].join(',') || '-',
        `${n.used}/${n.usable ?? '?'}`,
        n.maxPods === null ? '-' : String(n.maxPods),
      ]),
    ]);
    const reports = r.nodes.filter((n) => n.agent);
    if (reports.length) {
      yield '';
      yield `PODNET AGENTS (${reports.length})`;
      yield* table([['NODE', 'REASON', 'MESSAGE'], ...reports.map((n) => [n.name, n.agent!.reason, n.agent!.message])]);
    }
  }
  yield '';
  yield `PODS (${r.pods.length})`;
  if (r.pods.length) {
    yield* table([
      ['NAMESPACE/NAME', 'IP', 'NODE', 'PHASE', 'NOTES'],
      ...r.pods.map((p) => [
        qualifiedName(p),
        p.ips.join(',') || '<none>',
        p.node ?? '<unscheduled>',
        p.phase,
        [p.hostNetwork ? 'hostNetwork' : '', p.containers.length > 1 ? `${p.containers.length} containers` : ''].filter(Boolean).join(', '),
      ]),
    ]);
  }
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  yield '';
  yield `FINDINGS (${plural(r.summary.errors, 'error')}, ${plural(r.summary.warnings, 'warning')})`;
  for (const f of r.findings) yield `  ${f.severity.padEnd(7)} ${f.rule} ${f.code}: ${f.message}`;
  if (r.findings.length === 0) yield '  none';
}
