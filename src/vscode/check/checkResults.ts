// The last connectivity check's report per context: written by "Podnet: Check Connectivity",
// read by the network map's Connectivity tab, the tree's node badges and the Problems panel.
import * as vscode from 'vscode';
import type { CheckReport } from '../../core/check/checkReport';

export class CheckResults implements vscode.Disposable {
  private readonly reports = new Map<string, CheckReport>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the context whose report changed. */
  readonly onDidChange = this.changed.event;

  set(report: CheckReport): void {
    this.reports.set(report.context, report);
    this.changed.fire(report.context);
  }

  get(context: string | undefined): CheckReport | undefined {
    return context === undefined ? undefined : this.reports.get(context);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
