// The findings of a connectivity check, with rule codes PN200–PN208 of the one catalog
// (core/lint/ruleCatalog, docs/rules.md): one finding per broken promise and place — per ordered
// node pair for probes between nodes, per node for the rest — naming the probes it rests on.
import type { FindingSubject } from '../cluster/findings';
import type { CheckReport, ProbeKind, ProbeResult } from './checkReport';
import { endpointText, podToPodKinds, probeOutcome } from './probeOutcome';

export type CheckFindingCode = 'PN200' | 'PN201' | 'PN202' | 'PN203' | 'PN204' | 'PN205' | 'PN206' | 'PN207' | 'PN208';

export const checkFindingTitles: Readonly<Record<CheckFindingCode, string>> = {
  PN200: 'Pods on different nodes cannot reach each other',
  PN201: 'Pods on the same node cannot reach each other',
  PN202: 'NAT between pods',
  PN203: 'Path MTU black hole',
  PN204: 'Pod and node cannot reach each other',
  PN205: 'The kubernetes Service is unreachable',
  PN206: 'Cluster DNS does not answer',
  PN207: 'Egress to the external target fails',
  PN208: 'Probes never reported',
};

export const checkFindingSeverity: Readonly<Record<CheckFindingCode, 'error' | 'warning'>> = {
  PN200: 'error',
  PN201: 'error',
  PN202: 'error',
  PN203: 'error',
  PN204: 'warning',
  PN205: 'error',
  PN206: 'error',
  PN207: 'warning',
  PN208: 'warning',
};

export interface CheckFinding {
  readonly code: CheckFindingCode;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** The nodes it is about (both ends for a node pair). */
  readonly subjects: readonly FindingSubject[];
  /** Indices into the report's pairs it rests on. */
  readonly pairs: readonly number[];
  /** Indices into the report's missing probes (PN208). */
  readonly missing: readonly number[];
}

const nodeSubjects = (...names: (string | undefined)[]): FindingSubject[] =>
  [...new Set(names.filter((n): n is string => n !== undefined))].map((name) => ({ kind: 'node', name }));

/** Groups indices by a key, in first-seen order. */
function groupBy<T>(items: readonly T[], pick: (t: T, i: number) => string | undefined): Map<string, number[]> {
  const m = new Map<string, number[]>();
  items.forEach((t, i) => {
    const k = pick(t, i);
    if (k === undefined) return;
    const list = m.get(k);
    if (list) list.push(i);
    else m.set(k, [i]);
  });
  return m;
}

const where = (node: string | undefined) => node ?? 'an unknown node';
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const protocols = (rs: readonly ProbeResult[]) => [...new Set(rs.map((r) => r.protocol))].join(', ');
/** The distinct errors the probes reported, at most three. */
function errors(rs: readonly ProbeResult[]): string {
  const e = [...new Set(rs.map((r) => r.error).filter((x): x is string => !!x))];
  if (e.length === 0) return '';
  return `: ${e.slice(0, 3).join('; ')}${e.length > 3 ? ` (and ${e.length - 3} more)` : ''}`;
}

export function checkFindings(report: CheckReport): CheckFinding[] {
  const out: CheckFinding[] = [];
  const pairs = report.pairs;
  const failing = (i: number) => probeOutcome(pairs[i]) === 'failed';
  const add = (code: CheckFindingCode, message: string, subjects: FindingSubject[], on: readonly number[], missing: readonly number[] = []) =>
    out.push({ code, severity: checkFindingSeverity[code], message, subjects, pairs: on, missing });
  const between = (kinds: readonly ProbeKind[]) => groupBy(pairs, (p) => (kinds.includes(p.kind) ? `${p.from.node ?? ''}\u0000${p.to.node ?? ''}` : undefined));
  const perSource = (kind: ProbeKind) => groupBy(pairs, (p) => (p.kind === kind ? p.from.node ?? '' : undefined));

  // Small probes between pods: the model's first two promises.
  const smallFailed = new Set<string>();
  for (const [key, all] of between(['cross-node', 'same-node'])) {
    const bad = all.filter(failing);
    if (bad.length === 0) continue;
    smallFailed.add(key);
    const first = pairs[bad[0]];
    const rs = bad.map((i) => pairs[i]);
    if (first.kind === 'same-node') {
      add(
        'PN201',
        `${plural(bad.length, 'probe')} of ${all.length} between pods on ${where(first.from.node)} failed (${protocols(rs)})${errors(rs)}`,
        nodeSubjects(first.from.node),
        bad,
      );
    } else {
      add(
        'PN200',
        `${plural(bad.length, 'probe')} of ${all.length} from pods on ${where(first.from.node)} to pods on ${where(first.to.node)} failed (${protocols(rs)})${
          errors(rs)
        }`,
        nodeSubjects(first.from.node, first.to.node),
        bad,
      );
    }
  }

  // Through, but not from the sender's own address.
  for (const [, all] of between([...podToPodKinds])) {
    const rewritten = all.filter((i) => probeOutcome(pairs[i]) === 'nat');
    if (rewritten.length === 0) continue;
    const r = pairs[rewritten[0]];
    const seen = r.sourceSeen ? ` as ${r.sourceSeen}` : ' from another address';
    add(
      'PN202',
      `${plural(rewritten.length, 'probe')} from ${endpointText(r.from)} to pods on ${
        where(r.to.node)
      } arrived${seen}, not from the pod's own IP: NAT between pods breaks the network model`,
      nodeSubjects(r.from.node, r.to.node),
      rewritten,
    );
  }

  // Large DF packets lost while small ones between the same nodes get through: a black hole.
  for (const [key, all] of between(['mtu'])) {
    const bad = all.filter(failing);
    if (bad.length === 0) continue;
    const r = pairs[bad[0]];
    const bytes = [...new Set(bad.map((i) => pairs[i].bytes).filter((b): b is number => b !== undefined))].join(', ');
    const small = smallFailed.has(key) ? 'small probes between them fail too' : 'small probes between them pass';
    add(
      'PN203',
      `${bytes ? `${bytes}-byte` : 'large'} packets with DF set from pods on ${where(r.from.node)} to pods on ${where(r.to.node)} are lost (${
        plural(bad.length, 'probe')
      }); ${small}${errors(bad.map((i) => pairs[i]))}`,
      nodeSubjects(r.from.node, r.to.node),
      bad,
    );
  }

  for (const [, all] of between(['pod-node', 'node-pod'])) {
    const bad = all.filter(failing);
    if (bad.length === 0) continue;
    const r = pairs[bad[0]];
    const what = r.kind === 'pod-node'
      ? `pods on ${where(r.from.node)} to node ${where(r.to.node)}`
      : `node ${where(r.from.node)} (host network) to pods on ${where(r.to.node)}`;
    add(
      'PN204',
      `${plural(bad.length, 'probe')} of ${all.length} from ${what} failed (${protocols(bad.map((i) => pairs[i]))})${errors(bad.map((i) => pairs[i]))}`,
      nodeSubjects(r.from.node, r.to.node),
      bad,
    );
  }

  const perNode: readonly [ProbeKind, CheckFindingCode, (r: ProbeResult) => string][] = [
    ['service', 'PN205', (r) => `the ${r.to.name ?? 'kubernetes'} Service${r.to.ip ? ` at ${r.to.ip}` : ''}`],
    ['dns', 'PN206', (r) => `a DNS query for ${r.to.name ?? 'kubernetes.default'}${r.to.ip ? ` to ${r.to.ip}` : ''}`],
    ['external', 'PN207', (r) => `${r.to.name ?? r.to.ip ?? 'the external target'}`],
  ];
  for (const [kind, code, target] of perNode) {
    for (const [, all] of perSource(kind)) {
      const bad = all.filter(failing);
      if (bad.length === 0) continue;
      const r = pairs[bad[0]];
      add(
        code,
        `${plural(bad.length, 'probe')} of ${all.length} from pods on ${where(r.from.node)} to ${target(r)} failed${errors(bad.map((i) => pairs[i]))}`,
        nodeSubjects(r.from.node),
        bad,
      );
    }
  }

  const missing = report.missing ?? [];
  for (const [, list] of groupBy(missing, (m) => m.from.node ?? '')) {
    const m = missing[list[0]];
    const reasons = [...new Set(list.map((i) => missing[i].reason))];
    add(
      'PN208',
      `${plural(list.length, 'probe')} from ${m.from.node ? `the probe pods on ${m.from.node}` : endpointText(m.from)} never reported: ${
        reasons.slice(0, 3).join('; ')
      }${reasons.length > 3 ? ` (and ${reasons.length - 3} more)` : ''}`,
      nodeSubjects(m.from.node),
      [],
      list,
    );
  }
  return out;
}

/** Findings naming this node (as either end). */
export const checkFindingsAbout = (findings: readonly CheckFinding[], node: string): CheckFinding[] =>
  findings.filter((f) => f.subjects.some((s) => s.kind === 'node' && s.name === node));

const memo = new WeakMap<CheckReport, CheckFinding[]>();
/** The findings of a report, computed once per report object (the tree, the Problems panel and the map all ask). */
export function findingsOfReport(report: CheckReport): readonly CheckFinding[] {
  let f = memo.get(report);
  if (!f) memo.set(report, f = checkFindings(report));
  return f;
}
