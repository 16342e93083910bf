// Keeps the extract of every linted file, re-lints the whole set (overlaps cross files) and
// publishes diagnostics. Open documents are read from the editor, the rest from disk.
import * as vscode from 'vscode';
import type { ClusterFacts } from '../../core/cluster/clusterFacts';
import type { Finding, Location } from '../../core/lint/finding';
import type { LintResult, SeverityOverrides } from '../../core/lint/lintEngine';
import { chartRootOf, helmTemplateExtract, holdsTemplate } from '../../core/lint/helmTemplate';
import { lintFiles } from '../../core/lint/lintEngine';
import type { Fix } from '../../core/lint/finding';
import { FixVerifier } from '../../core/lint/fixVerification';
import type { FileExtract } from '../../core/manifests/manifestFile';
import { ExtractCache, extractFile } from '../../core/manifests/manifestFile';
import type { ManifestFinding } from '../../core/map/manifestFindings';
import { manifestFindings } from '../../core/map/manifestFindings';
import { LintConfigs, canonicalPath } from './lintConfigs';
import { ruleDocTarget } from './ruleDocs';

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export const toRange = (l: Location): vscode.Range => new vscode.Range(l.start.line, l.start.character, l.end.line, l.end.character);

export class LintService implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('podnet');
  private readonly extracts = new Map<string, FileExtract>();
  private readonly cache = new ExtractCache();
  private published = new Set<string>();
  last: LintResult | undefined;
  /** Tries quick fixes against the last lint (lazily: only the fixes a code action request asks for). */
  private verifier: FixVerifier | undefined;
  /** The workspace's .podnet.yaml files. */
  readonly configs = new LintConfigs();
  /** The finding each published diagnostic shows: a code action reads its fixes from there. */
  private findingOf = new WeakMap<vscode.Diagnostic, Finding>();
  private readonly linted = new vscode.EventEmitter<void>();
  /** After every lint (the network map shows the findings). */
  readonly onDidLint = this.linted.event;

  constructor(private readonly facts: () => ClusterFacts | undefined) {}

  /** Folders (URI paths) holding a Chart.yaml: their templates/ hold Go templates, not YAML. */
  readonly charts = new Set<string>();

  update(uri: vscode.Uri, text: string): void {
    const chart = chartRootOf(uri.path);
    const file = uri.toString();
    this.extracts.set(
      file,
      chart !== undefined && this.charts.has(chart) && holdsTemplate(text) ? helmTemplateExtract(file) : extractFile(file, text, this.cache),
    );
  }

  remove(uri: vscode.Uri): void {
    this.extracts.delete(uri.toString());
  }

  has(uri: vscode.Uri): boolean {
    return this.extracts.has(uri.toString());
  }

  relint(): void {
    const severity = vscode.workspace.getConfiguration('podnet.lint').get<SeverityOverrides>('severity') ?? {};
    // The user's podnet.lint.severity is above the repository's .podnet.yaml rules.
    const files = [...this.extracts.values()];
    const options = {
      severity,
      cluster: this.facts(),
      configOf: this.configs.configOf,
      configErrors: this.configs.errors,
      configs: this.configs.all,
      canonical: canonicalPath,
    };
    this.last = lintFiles(files, options);
    this.verifier = new FixVerifier({ files, options, extract: (file, text) => extractFile(file, text, this.cache) }, this.last);
    const byFile = new Map<string, Finding[]>();
    for (const f of this.last.findings) {
      const list = byFile.get(f.file);
      if (list) list.push(f);
      else byFile.set(f.file, [f]);
    }
    for (const file of this.published) if (!byFile.has(file)) this.diagnostics.delete(vscode.Uri.parse(file));
    for (const [file, list] of byFile) this.diagnostics.set(vscode.Uri.parse(file), list.map((f) => this.toDiagnostic(f)));
    this.published = new Set(byFile.keys());
    this.linted.fire();
  }

  /** The finding a diagnostic published by this service shows (undefined for any other diagnostic). */
  findingFor(diagnostic: vscode.Diagnostic): Finding | undefined {
    return this.findingOf.get(diagnostic);
  }

  /** The last lint's findings for the network map, with the CIDRs of the ranges they concern. */
  mapFindings(): ManifestFinding[] {
    return this.last ? manifestFindings(this.last, (file) => vscode.workspace.asRelativePath(vscode.Uri.parse(file), false)) : [];
  }

  /** The findings' fixes that, applied, remove their finding and add none (the live cluster included), each edit once. */
  convergingFixes(findings: readonly Finding[]): { finding: Finding; fix: Fix }[] {
    const last = this.last;
    return this.verifier && last ? this.verifier.fixesFor(findings.filter((f) => last.findings.includes(f))) : [];
  }

  private toDiagnostic(f: Finding): vscode.Diagnostic {
    const d = new vscode.Diagnostic(toRange(f), f.message, SEVERITY[f.severity]);
    d.source = 'podnet';
    d.code = { value: f.code, target: ruleDocTarget(f.code) };
    d.relatedInformation = f.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.parse(r.file), toRange(r)), r.message));
    this.findingOf.set(d, f);
    return d;
  }

  dispose(): void {
    this.linted.dispose();
    this.diagnostics.dispose();
  }
}
