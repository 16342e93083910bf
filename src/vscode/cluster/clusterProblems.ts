// The live cluster's findings in VS Code's Problems panel: diagnostics (source podnet, PN190–PN199
// linking to their docs) on a read-only virtual document `podnet-cluster:/<context>` that lists
// them one per line, so clicking a problem opens it where it is explained. Recomputed only when the
// model's findings change (it memoises them); cleared while not connected.
import * as vscode from 'vscode';
import { findingsDocument } from '../../core/cluster/findingsDocument';
import type { Finding } from '../../core/cluster/findings';
import { findingRule } from '../../core/cluster/findings';
import { ruleDocTarget } from '../lint/ruleDocs';
import type { ClusterSession } from './clusterSession';

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
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly session: ClusterSession) {
    this.disposables.push(
      this.diagnostics, this.changed,
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
    if (findings === this.shown && uri?.toString() === this.shownUri?.toString()) return;
    if (this.shownUri && this.shownUri.toString() !== uri?.toString()) this.diagnostics.delete(this.shownUri);
    this.shown = findings;
    this.shownUri = uri;
    if (!uri || !context) return;
    const doc = findingsDocument(context, this.session.server, findings);
    // Pod churn makes new finding lists with the same content: nothing to send then.
    if (this.texts.get(uri.toString()) === doc.text) return;
    this.texts.set(uri.toString(), doc.text);
    this.changed.fire(uri);
    this.diagnostics.set(uri, doc.lines.map(({ finding, line, length }) => {
      const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, length), finding.message, finding.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      d.source = 'podnet';
      d.code = { value: findingRule[finding.code], target: ruleDocTarget(findingRule[finding.code]) };
      return d;
    }));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
