// What the panel shows, decoupled from where it comes from (the cluster session, the linter's
// diagnostics): the panel asks for a snapshot when something changed and it is visible.
import type * as vscode from 'vscode';
import type { FocusRequest, PodMatch } from '../../core/map/mapMessages';
import type { NetworkMapModel } from '../../core/map/mapModel';
import type { MapGroupRef, MapOverview, MapScope } from '../../core/map/mapOverview';

/** A whole map (scope: the group of a big cluster it is), or a big cluster's aggregated overview. */
export type MapView =
  | { readonly kind: 'model'; readonly model: NetworkMapModel; readonly scope?: MapScope }
  | { readonly kind: 'overview'; readonly overview: MapOverview };

export interface MapSnapshot {
  readonly view: MapView;
  /** One line for the header ("live · podnet-lab · 3 nodes"). */
  readonly status: string;
}

export interface MapSource {
  readonly onDidChange: vscode.Event<void>;
  /** May yield to the event loop between its steps (150,000 pods take a while). `group`: the scope asked for (big clusters). */
  snapshot(group?: MapGroupRef): Promise<MapSnapshot>;
  /** The group holding a node or pod when the map is aggregated; undefined when it is not (or it is unknown). */
  groupOf?(focus: FocusRequest): MapGroupRef | undefined;
  /** Pods anywhere in the cluster (the aggregated map holds none). */
  searchPods?(query: string): Promise<PodMatch[]>;
}
