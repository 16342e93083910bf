// What the panel shows, decoupled from where it comes from (the cluster session, the linter's
// diagnostics): the panel asks for a snapshot when something changed and it is visible.
import type * as vscode from 'vscode';
import type { NetworkMapModel } from '../../core/map/mapModel';

export interface MapSnapshot {
  readonly model: NetworkMapModel;
  /** One line for the header ("live · podnet-lab · 3 nodes"). */
  readonly status: string;
}

export interface MapSource {
  readonly onDidChange: vscode.Event<void>;
  /** May yield to the event loop between its steps (150,000 pods take a while). */
  snapshot(): Promise<MapSnapshot>;
}
