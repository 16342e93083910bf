// The network map's Connectivity tab reads the last check of the session's context from the
// CheckResults store, and its button runs the check command (which confirms, naming the context).
import * as vscode from 'vscode';
import type { CheckReport } from '../../core/check/checkReport';
import type { CheckResults } from '../check/checkResults';
import type { ClusterSession } from '../cluster/clusterSession';

export const CHECK_COMMAND = 'podnet.checkConnectivity';

export interface MapCheckSource {
  context(): string | undefined;
  report(): CheckReport | undefined;
  /** A report or the context changed. */
  readonly onDidChange: vscode.Event<unknown>;
  run(): Thenable<unknown>;
}

export function mapCheckSource(checks: CheckResults, session: ClusterSession): MapCheckSource {
  return {
    context: () => session.context,
    report: () => checks.get(session.context),
    onDidChange: (listener, thisArgs, disposables) => {
      const subs = [checks.onDidChange(() => listener.call(thisArgs, undefined)), session.onDidChangeState(() => listener.call(thisArgs, undefined))];
      const d = vscode.Disposable.from(...subs);
      disposables?.push(d);
      return d;
    },
    run: () => vscode.commands.executeCommand(CHECK_COMMAND),
  };
}
