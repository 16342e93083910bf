// The live cluster's findings as a plain-text document, one line per finding, so VS Code's
// Problems panel can list them against it (a diagnostic per line) and opening one shows it in
// context. Capped: a cluster with thousands of findings shows the first ones and says how many more.
import type { Finding } from './findings';
import { findingRule, findingTitles, subjectKey } from './findings';

export const MAX_DOCUMENT_FINDINGS = 1000;

export interface FindingsDocument {
  readonly text: string;
  /** The findings shown, each with its 0-based line. */
  readonly lines: readonly { readonly finding: Finding; readonly line: number; readonly length: number }[];
}

export function findingsDocument(context: string, server: string | undefined, findings: readonly Finding[] | undefined): FindingsDocument {
  const head = [`Podnet: findings of the live cluster "${context}"${server ? ` (${server})` : ''}`];
  if (!findings) return { text: `${head[0]}\n\nNot connected: no findings read.\n`, lines: [] };
  const errors = findings.filter((f) => f.severity === 'error').length;
  head.push(
    `${errors} error${errors === 1 ? '' : 's'}, ${findings.length - errors} warning${
      findings.length - errors === 1 ? '' : 's'
    }; each line is one finding (docs/rules.md explains its code).`,
    '',
  );
  const lines: { finding: Finding; line: number; length: number }[] = [];
  const body: string[] = [];
  for (const f of findings.slice(0, MAX_DOCUMENT_FINDINGS)) {
    const about = f.subjects.length
      ? `  [${f.subjects.slice(0, 5).map(subjectKey).join(', ')}${f.subjects.length > 5 ? ` and ${f.subjects.length - 5} more` : ''}]`
      : '';
    const text = `${f.severity.padEnd(7)} ${findingRule[f.code]} ${findingTitles[f.code]}: ${f.message}${about}`;
    lines.push({ finding: f, line: head.length + body.length, length: text.length });
    body.push(text);
  }
  if (findings.length > MAX_DOCUMENT_FINDINGS) {
    body.push(`… and ${findings.length - MAX_DOCUMENT_FINDINGS} more (the Cluster Network view's Problems group and \`podnet inspect\` list all).`);
  }
  if (!findings.length) body.push('No findings.');
  return { text: `${[...head, ...body].join('\n')}\n`, lines };
}
