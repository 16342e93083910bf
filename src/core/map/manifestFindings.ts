// The linter's findings as the map shows them: each links to its YAML line and to the map's
// networks and node blocks it concerns, read from the finding's structure (the CIDR text of its
// own range and of its related ranges, and the cluster CIDRs a live rule names), never from its
// message.
import type { Finding } from '../lint/finding';
import type { LintResult } from '../lint/lintEngine';
import type { MapInput, MapInputFinding, MapInputTarget } from './mapInput';
import type { Severity } from './mapModel';
import type { Steps } from '../steps';
import { itemsPerStep, runToEnd } from '../steps';

export interface ManifestFinding {
  readonly uri: string;
  /** File name to show. */
  readonly label: string;
  readonly line: number;
  readonly character: number;
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** The CIDRs it concerns: its range's, its related ranges', the live cluster's it names. */
  readonly cidrs: readonly string[];
}

export const MAX_MANIFEST_FINDINGS = 2_000;

const severityOf = (s: Finding['severity']): Severity => (s === 'error' || s === 'warning' ? s : 'info');

/** The lint result's findings (at most MAX_MANIFEST_FINDINGS) with the CIDR texts of the ranges they sit on. */
export function manifestFindings(result: Pick<LintResult, 'findings' | 'ranges' | 'lineIndex'>, label: (file: string) => string): ManifestFinding[] {
  const findings = result.findings.slice(0, MAX_MANIFEST_FINDINGS);
  const files = new Set(findings.flatMap((f) => [f.file, ...f.related.map((r) => r.file)]));
  // file → start offset → the range's text (the address or CIDR as written).
  const textAt = new Map<string, Map<number, string>>();
  for (const r of result.ranges) {
    if (!files.has(r.file)) continue;
    let inFile = textAt.get(r.file);
    if (!inFile) textAt.set(r.file, inFile = new Map());
    inFile.set(r.span.start, r.text);
  }
  const rangeText = (l: { file: string; start: { line: number; character: number } }) => textAt.get(l.file)?.get(result.lineIndex(l.file).offset(l.start));
  return findings.map((f) => ({
    uri: f.file,
    label: label(f.file),
    line: f.start.line,
    character: f.start.character,
    code: f.code,
    severity: severityOf(f.severity),
    message: f.message,
    cidrs: [...new Set([f, ...f.related].map(rangeText).filter((t): t is string => t !== undefined).concat(f.clusterCidrs ?? []))],
  }));
}

/** The map elements a finding can concern by CIDR: the cluster's networks and node blocks. */
export function cidrTargets(input: Pick<MapInput, 'networks' | 'nodes'>): Map<string, MapInputTarget> {
  return runToEnd(cidrTargetsSteps(input));
}

/** cidrTargets in steps (a block each of 65,000 nodes). */
export function* cidrTargetsSteps(input: Pick<MapInput, 'networks' | 'nodes'>): Steps<Map<string, MapInputTarget>> {
  const out = new Map<string, MapInputTarget>();
  for (let i = 0; i < input.nodes.length; i++) {
    const n = input.nodes[i]!;
    for (const b of n.blocks) out.set(b.cidr, { kind: 'block', node: n.name, cidr: b.cidr });
    if (i % itemsPerStep === itemsPerStep - 1) yield;
  }
  for (const n of input.networks) out.set(n.cidr, { kind: 'network', cidr: n.cidr });
  return out;
}

export function mapFindingsOf(findings: readonly ManifestFinding[], known: ReadonlyMap<string, MapInputTarget>): MapInputFinding[] {
  return findings.map((d) => {
    const targets: MapInputTarget[] = [{ kind: 'file', uri: d.uri, line: d.line, character: d.character, label: d.label }];
    for (const cidr of d.cidrs) {
      const t = known.get(cidr);
      if (t) targets.push(t);
    }
    return { code: d.code, severity: d.severity, message: d.message, origin: 'manifest', targets };
  });
}
