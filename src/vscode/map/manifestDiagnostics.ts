// The linter publishes its findings as diagnostics with source "podnet": reading them
// back from VS Code covers every open manifest without coupling to the linter's internals.
import * as vscode from 'vscode';
import type { PlainDiagnostic } from '../../core/map/diagnosticFindings';
import type { Severity } from '../../core/map/mapModel';

const severityOf = (s: vscode.DiagnosticSeverity): Severity =>
  s === vscode.DiagnosticSeverity.Error ? 'error' : s === vscode.DiagnosticSeverity.Warning ? 'warning' : 'info';

const codeOf = (code: vscode.Diagnostic['code']): string =>
  code === undefined ? '' : typeof code === 'object' ? String(code.value) : String(code);

export function podnetDiagnostics(): PlainDiagnostic[] {
  const out: PlainDiagnostic[] = [];
  for (const [uri, list] of vscode.languages.getDiagnostics()) {
    for (const d of list) {
      if (d.source !== 'podnet') continue;
      out.push({
        uri: uri.toString(),
        label: vscode.workspace.asRelativePath(uri, false),
        line: d.range.start.line,
        character: d.range.start.character,
        code: codeOf(d.code),
        severity: severityOf(d.severity),
        message: d.message,
      });
    }
  }
  return out;
}

/** Fires when podnet diagnostics change anywhere. */
export function onDidChangePodnetDiagnostics(listener: () => void): vscode.Disposable {
  return vscode.languages.onDidChangeDiagnostics(() => listener());
}
