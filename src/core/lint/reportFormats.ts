// Findings as text, JSON (stable shape, 1-based positions, end column exclusive) and SARIF 2.1.0
// for GitHub code scanning.
import type { Finding, Location, RelatedLocation } from './finding';
import type { SuppressedFinding } from './suppressionFilter';
import { RULES } from './ruleCatalog';

/** A rule's section in docs/rules.md, given where that file is (the CLI: a file: URI of the bundled copy). */
export const ruleHelpUri = (docUrl: string, code: string): string => `${docUrl}#${code.toLowerCase()}`;

const pos = (l: Location) => ({ line: l.start.line + 1, column: l.start.character + 1, endLine: l.end.line + 1, endColumn: l.end.character + 1 });

export function formatText(findings: readonly Finding[], filesLinted: number, suppressed = 0): string {
  const lines = findings.map((f) => {
    const p = pos(f);
    const related = f.related.map((r) => `\n    ${r.file}:${r.start.line + 1}:${r.start.character + 1}: ${r.message}`).join('');
    return `${f.file}:${p.line}:${p.column}: ${f.severity} ${f.code}: ${f.message}${related}`;
  });
  const errors = findings.filter((f) => f.severity === 'error').length;
  lines.push(
    `${filesLinted} file${filesLinted === 1 ? '' : 's'} linted: ${errors} error${errors === 1 ? '' : 's'}, ${findings.length - errors} other finding${
      findings.length - errors === 1 ? '' : 's'
    }${suppressed ? `, ${suppressed} suppressed` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

export interface Report {
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
}

/** How the JSON report was made: `fixesVerified` when each listed fix was re-linted (podnet lint --fix). */
export interface JsonReportOptions {
  readonly filesLinted: number;
  readonly docUrl: string;
  readonly fixesVerified: boolean;
}

// Findings of one range share its related location (lintEngine): rendered once, shared likewise.
const relatedJson = new WeakMap<RelatedLocation, object>();
const jsonRelated = (r: RelatedLocation): object => {
  let j = relatedJson.get(r);
  if (!j) {
    relatedJson.set(
      r,
      j = { file: r.file, line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1, message: r.message },
    );
  }
  return j;
};

/** One finding of the JSON report (the streamed writer and toJsonReport share it). */
export const jsonFinding = (f: Finding, o: JsonReportOptions) => ({
  file: f.file,
  line: f.start.line + 1,
  column: f.start.character + 1,
  endLine: f.end.line + 1,
  endColumn: f.end.character + 1,
  code: f.code,
  severity: f.severity,
  message: f.message,
  cluster: f.cluster ?? null,
  helpUri: ruleHelpUri(o.docUrl, f.code),
  related: f.related.map(jsonRelated),
  fixes: f.fixes.map((x) => ({ title: x.title, verified: o.fixesVerified, edits: x.edits.map((e) => ({ file: e.file, ...pos(e), newText: e.newText })) })),
});

export const jsonSuppressed = (s: SuppressedFinding, o: JsonReportOptions) => ({
  ...jsonFinding(s.finding, o),
  suppression: { line: s.line + 1, reason: s.reason ?? null },
});

/** The report's fields before its arrays. */
export const jsonReportHead = ({ findings, suppressed }: Report, o: JsonReportOptions) => ({
  schemaVersion: 1,
  filesLinted: o.filesLinted,
  summary: { errors: findings.filter((f) => f.severity === 'error').length, total: findings.length, suppressed: suppressed.length },
});

/** The JSON report as one object (jsonReportChunks writes the same text piece by piece). */
export function toJsonReport(report: Report, o: JsonReportOptions): object {
  return {
    ...jsonReportHead(report, o),
    findings: report.findings.map((f) => jsonFinding(f, o)),
    suppressed: report.suppressed.map((s) => jsonSuppressed(s, o)),
  };
}

const level = (s: Finding['severity']) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');

export function toSarif({ findings, suppressed }: Report, version: string, docUrl: string, uriOf: (file: string) => string = (f) => f): object {
  const index = new Map(RULES.map((r, i) => [r.code, i]));
  const physical = (l: Location) => {
    const p = pos(l);
    const uri = uriOf(l.file);
    // Relative paths resolve against the checkout (%SRCROOT%); absolute ones are file: URIs.
    const artifactLocation = /^[a-z][a-z0-9+.-]*:/i.test(uri) ? { uri } : { uri, uriBaseId: '%SRCROOT%' };
    return { artifactLocation, region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn } };
  };
  const result = (f: Finding) => ({
    ruleId: f.code,
    ruleIndex: index.get(f.code) ?? 0,
    level: level(f.severity),
    message: { text: f.message },
    locations: [{ physicalLocation: physical(f) }],
    relatedLocations: f.related.map((r, i) => ({ id: i + 1, physicalLocation: physical(r), message: { text: r.message } })),
    ...(f.cluster ? { properties: { cluster: f.cluster } } : {}),
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'podnet',
          version,
          informationUri: docUrl,
          rules: RULES.map((r) => ({
            id: r.code,
            name: r.title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')),
            shortDescription: { text: r.title },
            fullDescription: { text: r.title },
            helpUri: ruleHelpUri(docUrl, r.code),
            help: { text: `See ${ruleHelpUri(docUrl, r.code)}` },
            defaultConfiguration: { level: level(r.severity) },
          })),
        },
      },
      results: [
        ...findings.map((f) => result(f)),
        // Suppressed in source: listed with the reason, so code scanning shows them as dismissed.
        ...suppressed.map((s) => ({ ...result(s.finding), suppressions: [{ kind: 'inSource', ...(s.reason ? { justification: s.reason } : {}) }] })),
      ],
    }],
  };
}
