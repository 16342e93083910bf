// Linter diagnostics (as VS Code holds them, reduced to plain data) → map findings: each links to
// its YAML line, and to the map's networks whose CIDR the message names (so both ways work).
import type { MapInputFinding, MapInputTarget } from './mapInput';
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

export function findingsFromDiagnostics(diagnostics: readonly PlainDiagnostic[], knownCidrs: ReadonlySet<string>): MapInputFinding[] {
  return diagnostics.slice(0, MAX_MANIFEST_FINDINGS).map((d) => {
    const targets: MapInputTarget[] = [{ kind: 'file', uri: d.uri, line: d.line, character: d.character, label: d.label }];
    for (const cidr of new Set(d.message.match(cidrPattern) ?? [])) if (knownCidrs.has(cidr)) targets.push({ kind: 'network', cidr });
    return { code: d.code, severity: d.severity, message: d.message, origin: 'manifest', targets };
  });
}
