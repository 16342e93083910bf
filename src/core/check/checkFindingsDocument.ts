// The connectivity check's findings appended to the live cluster's findings document
// (core/cluster/findingsDocument), one line each, so the Problems panel lists both against the
// same `podnet-cluster:/<context>` document and opening a problem shows it in context.
import type { FindingsDocument } from '../cluster/findingsDocument';
import { MAX_DOCUMENT_FINDINGS } from '../cluster/findingsDocument';
import type { CheckReport } from './checkReport';
import type { CheckFinding } from './checkFindings';
import { checkFindingTitles } from './checkFindings';

export interface CheckFindingsDocument {
  readonly text: string;
  readonly clusterLines: FindingsDocument['lines'];
  readonly checkLines: readonly { readonly finding: CheckFinding; readonly line: number; readonly length: number }[];
}

export function withCheckFindings(doc: FindingsDocument, report: CheckReport | undefined, findings: readonly CheckFinding[]): CheckFindingsDocument {
  if (!report) return { text: doc.text, clusterLines: doc.lines, checkLines: [] };
  const { passed, failed } = report.summary;
  const head = [
    '',
    `Connectivity check of ${report.startedAt} (${(report.durationMs / 1000).toFixed(1)} s): ${passed} passed, ${failed} failed${
      report.missing?.length ? `, ${report.missing.length} never reported` : ''
    }.`,
  ];
  const start = doc.text.split('\n').length - 1 + head.length;
  const body: string[] = [];
  const checkLines: { finding: CheckFinding; line: number; length: number }[] = [];
  for (const f of findings.slice(0, MAX_DOCUMENT_FINDINGS)) {
    const text = `${f.severity.padEnd(7)} ${f.code} ${checkFindingTitles[f.code]}: ${f.message}`;
    checkLines.push({ finding: f, line: start + body.length, length: text.length });
    body.push(text);
  }
  if (findings.length > MAX_DOCUMENT_FINDINGS) {
    body.push(`… and ${findings.length - MAX_DOCUMENT_FINDINGS} more (the network map's Connectivity tab lists all).`);
  }
  if (findings.length === 0) body.push('Every probe passed.');
  return { text: `${doc.text}${[...head, ...body].join('\n')}\n`, clusterLines: doc.lines, checkLines };
}
