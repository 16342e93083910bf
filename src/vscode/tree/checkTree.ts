// The last connectivity check in the Cluster Network tree: a badge and a description suffix on the
// nodes its findings are about (their tooltip lists them, with a legend), and its findings in the
// Problems group (their items: treeItems.ts). The provider calls these hooks; the report comes
// from the CheckResults store.
import * as vscode from 'vscode';
import type { CheckFinding } from '../../core/check/checkFindings';
import { checkFindingsAbout, findingsOfReport } from '../../core/check/checkFindings';
import type { CheckResults } from '../check/checkResults';
import { escapeMarkdown } from '../markdownEscape';
import type { ElementOf, TreeElement } from './treeElements';
import { checkBadgeLegend, checkNodeText } from './checkText';

export const checkBadgeScheme = 'podnet-check';

export class CheckTree {
  constructor(
    private readonly checks: CheckResults | undefined,
    private readonly context: () => string | undefined,
  ) {}

  findings(): readonly CheckFinding[] {
    const report = this.checks?.get(this.context());
    return report ? findingsOfReport(report) : [];
  }

  /** Badge (via a file decoration), description and colour for a node the check found something about. */
  decorateNode(item: vscode.TreeItem, name: string): void {
    const text = checkNodeText(checkFindingsAbout(this.findings(), name));
    if (!text) return;
    item.description = `${typeof item.description === 'string' ? `${item.description} · ` : ''}${text.description}`;
    item.resourceUri = vscode.Uri.from({
      scheme: checkBadgeScheme,
      path: `/${name}`,
      query: new URLSearchParams({ b: text.badge, s: text.severity }).toString(),
    });
  }

  /** Appends the node's check findings and the badge legend to its tooltip. */
  nodeTooltip(md: vscode.MarkdownString, name: string): vscode.MarkdownString {
    const text = checkNodeText(checkFindingsAbout(this.findings(), name));
    if (!text) return md;
    md.appendMarkdown('\n**Connectivity check**\n\n');
    for (const note of text.notes) md.appendMarkdown(`$(${text.severity}) ${escapeMarkdown(note)}\n\n`);
    md.appendMarkdown(`${escapeMarkdown(checkBadgeLegend)}\n`);
    return md;
  }

  elements(get: <E extends TreeElement>(e: E) => E): ElementOf<'checkFinding'>[] {
    return this.findings().map((f, i) =>
      get({ type: 'checkFinding', id: `check/${f.code}/${f.subjects.map((s) => (s.kind === 'node' ? s.name : '')).join(',')}/${i}`, finding: f })
    );
  }
}

export function registerCheckBadges(): vscode.Disposable {
  return vscode.window.registerFileDecorationProvider({
    provideFileDecoration(uri) {
      if (uri.scheme !== checkBadgeScheme) return undefined;
      const q = new URLSearchParams(uri.query);
      const error = q.get('s') === 'error';
      return new vscode.FileDecoration(
        q.get('b') ?? '✗',
        `connectivity check: ${error ? 'failures' : 'warnings'} on this node`,
        new vscode.ThemeColor(error ? 'problemsErrorIcon.foreground' : 'problemsWarningIcon.foreground'),
      );
    },
  });
}
