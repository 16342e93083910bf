// Linter diagnostics (as VS Code holds them, reduced to plain data) → map findings: each links to
// its YAML line, and to the map's networks whose CIDR the message names (so both ways work).
import type { MapInput, MapInputFinding, MapInputTarget } from './mapInput';
import type { Severity } from './mapModel';

export interface PlainDiagnostic {
  readonly uri: string;
  /** File name to show. */
  readonly label: string;
  readonly line: number;
  readonly character: number;
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
}

export const MAX_MANIFEST_FINDINGS = 2_000;

const cidrPattern = /[0-9a-fA-F:.]+\/\d{1,3}/g;

/** The map elements a message can name by CIDR: the cluster's networks and node blocks. */
export function cidrTargets(input: Pick<MapInput, 'networks' | 'nodes'>): Map<string, MapInputTarget> {
  const out = new Map<string, MapInputTarget>();
  for (const n of input.nodes) for (const b of n.blocks) out.set(b.cidr, { kind: 'block', node: n.name, cidr: b.cidr });
  for (const n of input.networks) out.set(n.cidr, { kind: 'network', cidr: n.cidr });
  return out;
}

export function findingsFromDiagnostics(diagnostics: readonly PlainDiagnostic[], known: ReadonlyMap<string, MapInputTarget>): MapInputFinding[] {
  return diagnostics.slice(0, MAX_MANIFEST_FINDINGS).map((d) => {
    const targets: MapInputTarget[] = [{ kind: 'file', uri: d.uri, line: d.line, character: d.character, label: d.label }];
    for (const cidr of new Set(d.message.match(cidrPattern) ?? [])) {
      const t = known.get(cidr);
      if (t) targets.push(t);
    }
    return { code: d.code, severity: d.severity, message: d.message, origin: 'manifest', targets };
  });
}
