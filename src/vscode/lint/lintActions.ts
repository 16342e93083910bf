// Quick fixes keyed on the diagnostic's code (host bits, nearest free range, agree with others, the
// live cluster's networks), only those that converge (core/lint/fixVerification),
// and hovers on a range: size, first/last address, what it overlaps.
import * as vscode from 'vscode';
import type { Finding } from '../../core/lint/finding';
import { suppressionEdit } from '../../core/lint/suppressionEdit';
import { roleLabel } from '../../core/manifests/addressRange';
import { formatAddress, overlaps } from '../../core/net/cidr';
import type { LintService } from './lintService';
import { toRange } from './lintService';
import { FIX_APPLIED_COMMAND } from '../walkthrough/registerWalkthrough';
import { escapeMarkdown } from '../markdownEscape';

export class LintCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  constructor(private readonly service: LintService) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    // VS Code hands back the diagnostics this service published (the same objects): each knows its finding.
    const matched: { diag: vscode.Diagnostic; code: string; finding: Finding }[] = [];
    for (const diag of context.diagnostics) {
      const finding = this.service.findingFor(diag);
      if (finding) matched.push({ diag, code: finding.code, finding });
    }
    const actions: vscode.CodeAction[] = [];
    // Two findings on one range (PN110 and PN161) may share a fix: it is listed once.
    for (const { finding, fix } of this.service.convergingFixes(matched.map((m) => m.finding))) {
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      const edit = new vscode.WorkspaceEdit();
      for (const e of fix.edits) edit.replace(vscode.Uri.parse(e.file), toRange(e), e.newText);
      action.edit = edit;
      action.diagnostics = matched.filter((m) => m.finding === finding).map((m) => m.diag);
      action.isPreferred = fix.preferred === true;
      action.command = { command: FIX_APPLIED_COMMAND, title: 'Podnet quick fix applied' };
      actions.push(action);
    }
    const suppressions = new Set<string>();
    for (const { diag, code } of matched) {
      const key = `${code}|${diag.range.start.line}`;
      if (suppressions.has(key)) continue;
      suppressions.add(key);
      const suppress = suppressionEdit(document.getText(), diag.range.start.line, code, document.languageId === 'yaml' || /\.ya?ml$/i.test(document.uri.path));
      if (suppress) {
        const action = new vscode.CodeAction(`Suppress ${code} for this line`, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, new vscode.Range(suppress.line, suppress.start, suppress.line, suppress.end), suppress.newText);
        action.diagnostics = [diag];
        actions.push(action);
      }
    }
    return actions;
  }
}

const PLACED = {
  identity: 'named in the file',
  config: 'by .podnet.yaml clusters',
  folder: 'by its folder',
  default: "the repository's default cluster",
} as const;

export class LintHover implements vscode.HoverProvider {
  constructor(private readonly service: LintService) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const result = this.service.last;
    if (!result) return undefined;
    const file = document.uri.toString();
    const li = result.lineIndex(file);
    const offset = li.offset({ line: position.line, character: position.character });
    const r = result.ranges.find((x) => x.file === file && x.span.start <= offset && offset <= x.span.end && !x.defaultNote);
    if (!r || !r.value.ok) return undefined;
    const v = r.value;
    const size = v.end - v.start + 1n;
    const clusters = result.clustersOf(r);
    const how = result.placement(file)?.how;
    const lines = [
      `**${escapeMarkdown(r.text)}** — ${escapeMarkdown(roleLabel[r.role])} of ${escapeMarkdown(r.component)} (${escapeMarkdown(r.field)})`,
      '',
      `IPv${v.family}, ${size.toLocaleString('en-US')} address${size === 1n ? '' : 'es'}: ${escapeMarkdown(formatAddress(v.family, v.start))} – ${
        escapeMarkdown(formatAddress(v.family, v.end))
      }`,
      '',
      `Cluster: ${clusters.map((c) => `**${escapeMarkdown(c.name)}**`).join(', ')}${how ? ` (${PLACED[how]})` : ''}`,
    ];
    // Only ranges of the same cluster can conflict with it.
    const keys = new Set(clusters.map((c) => c.key));
    const sameCluster = (o: typeof r) => result.clustersOf(o).some((c) => keys.has(c.key));
    const overlapping = result.ranges.filter((o) =>
      o !== r && o.value.ok && overlaps(o.value, v) && o.role !== 'route' && o.role !== 'address' &&
      r.role !== 'route' && sameCluster(o)
    );
    if (overlapping.length) {
      lines.push('', 'Overlaps:');
      for (const o of overlapping.slice(0, 8)) {
        lines.push(`- ${escapeMarkdown(roleLabel[o.role])} ${escapeMarkdown(o.text)} (${escapeMarkdown(o.component)})${o.defaultNote ? ' — default' : ''}`);
      }
      if (overlapping.length > 8) lines.push(`- … and ${overlapping.length - 8} more`);
    }
    const m = new vscode.MarkdownString(lines.join('\n'));
    m.isTrusted = false;
    m.supportHtml = false;
    const start = li.position(r.span.start);
    const end = li.position(r.span.end);
    return new vscode.Hover(m, new vscode.Range(start.line, start.character, end.line, end.character));
  }
}
