// The live cluster's findings in VS Code's Problems panel: diagnostics (source podnet, PN190–PN199
// linking to their docs) on a read-only virtual document `podnet-cluster:/<context>` that lists
// them one per line, so clicking a problem opens it where it is explained. Recomputed only when the
// model's findings change (it memoises them); cleared while not connected. The last connectivity
// check's findings (PN200–PN208) follow on the same document, kept while disconnected: they are
// what the probes saw then.
import * as vscode from 'vscode';
import type { CheckReport } from '../../core/check/checkReport';
import { findingsOfReport } from '../../core/check/checkFindings';
import { withCheckFindings } from '../../core/check/checkFindingsDocument';
import { findingsDocument } from '../../core/cluster/findingsDocument';
import type { Finding } from '../../core/cluster/findings';
import { findingRule } from '../../core/cluster/findings';
import { ruleDocTarget } from '../lint/ruleDocs';
import type { ClusterSession } from './clusterSession';
import type { CheckResults } from '../check/checkResults';

export const CLUSTER_PROBLEMS_SCHEME = 'podnet-cluster';

/** The document of a context: named after it (the Problems panel shows the name). */
export const clusterProblemsUri = (context: string): vscode.Uri =>
  vscode.Uri.from({ scheme: CLUSTER_PROBLEMS_SCHEME, path: `/${context.replace(/[\\/]/g, '_')}` });

export class ClusterProblems implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('podnet-cluster');
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly texts = new Map<string, string>();
  private shown: readonly Finding[] | undefined;
  private shownUri: vscode.Uri | undefined;
  private shownReport: CheckReport | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly session: ClusterSession,
    private readonly checks?: CheckResults,
  ) {
    this.disposables.push(
      ...(checks ? [checks.onDidChange(() => this.update())] : []),
      this.diagnostics,
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(CLUSTER_PROBLEMS_SCHEME, this),
      session.onDidChangeModel(() => this.update()),
      session.onDidChangeState(() => this.update()),
    );
    this.update();
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? findingsDocument(uri.path.slice(1), undefined, undefined).text;
  }

  private update(): void {
    const context = this.session.context;
    const connected = this.session.state.kind === 'connected';
    const findings = connected ? this.session.model?.findings() : undefined;
    const uri = context ? clusterProblemsUri(context) : undefined;
    const report = this.checks?.get(context);
    if (findings === this.shown && report === this.shownReport && uri?.toString() === this.shownUri?.toString()) return;
    if (this.shownUri && this.shownUri.toString() !== uri?.toString()) this.diagnostics.delete(this.shownUri);
    this.shown = findings;
    this.shownReport = report;
    this.shownUri = uri;
    if (!uri || !context) return;
    const doc = withCheckFindings(findingsDocument(context, this.session.server, findings), report, report ? findingsOfReport(report) : []);
    // Pod churn makes new finding lists with the same content: nothing to send then.
    if (this.texts.get(uri.toString()) === doc.text) return;
    this.texts.set(uri.toString(), doc.text);
    this.changed.fire(uri);
    const diagnostic = (line: number, length: number, message: string, severity: 'error' | 'warning', code: string) => {
      const d = new vscode.Diagnostic(
        new vscode.Range(line, 0, line, length),
        message,
        severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
      );
      d.source = 'podnet';
      d.code = { value: code, target: ruleDocTarget(code) };
      return d;
    };
    this.diagnostics.set(uri, [
      ...doc.clusterLines.map(({ finding, line, length }) => diagnostic(line, length, finding.message, finding.severity, findingRule[finding.code])),
      ...doc.checkLines.map(({ finding, line, length }) => diagnostic(line, length, finding.message, finding.severity, finding.code)),
    ]);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
