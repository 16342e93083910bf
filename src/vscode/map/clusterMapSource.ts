// The map's source in the extension: the live cluster session (the same watch the tree uses) plus
// the lint service's findings (structured, with the CIDRs of their ranges). Built on demand: the
// panel asks only when visible.
import * as vscode from 'vscode';
import type { ClusterModel } from '../../core/cluster/clusterModel';
import type { ClusterSession } from '../cluster/clusterSession';
import { buildMapModelSteps } from '../../core/map/buildMapModel';
import type { ManifestFinding } from '../../core/map/manifestFindings';
import { cidrTargets, mapFindingsOf } from '../../core/map/manifestFindings';
import { inputFromClusterModelSteps } from '../../core/map/fromClusterModel';
import { runSliced } from '../perf/runSliced';
import type { MapInput } from '../../core/map/mapInput';
import type { NetworkMapModel } from '../../core/map/mapModel';
import type { FocusRequest, PodMatch } from '../../core/map/mapMessages';
import type { MapGroupRef } from '../../core/map/mapOverview';
import type { MapSnapshot, MapSource } from './mapSource';
import { AggregatedMap, isBigCluster } from './aggregatedMap';

/** The linter as the map reads it (src/vscode/lint/lintService.ts). */
export interface ManifestFindingSource {
  mapFindings(): ManifestFinding[];
  readonly onDidLint: vscode.Event<void>;
}

function statusOf(session: ClusterSession): string {
  const s = session.state;
  switch (s.kind) {
    case 'connected':
      return `live · ${s.context} · ${s.server}${s.limited.length > 0 ? ` · limited: ${s.limited.join(', ')}` : ''}`;
    case 'connecting':
      return `connecting to ${s.context}…`;
    case 'idle':
      return s.message ?? 'not connected';
    case 'no-kubeconfig':
    case 'no-context':
    case 'invalid-kubeconfig':
      return s.message;
    default:
      return `${s.kind}: ${s.context} (${s.error})`;
  }
}

export class ClusterMapSource implements MapSource, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[];
  private cache: { model: ClusterModel; version: number; context: string; input: MapInput } | undefined;
  /** The last model built, and from what: the same input and manifest findings give the same model. */
  private lastBuilt: { input: MapInput; manifest: string; model: NetworkMapModel } | undefined;
  private readonly big = new AggregatedMap();

  constructor(
    private readonly session: ClusterSession,
    private readonly lint: ManifestFindingSource,
  ) {
    const fire = () => this.emitter.fire();
    this.disposables = [this.emitter, session.onDidChangeModel(fire), session.onDidChangeState(fire), lint.onDidLint(fire)];
  }

  async snapshot(group?: MapGroupRef): Promise<MapSnapshot> {
    const model = this.session.model;
    const context = this.session.context ?? '';
    if (model && isBigCluster(model)) {
      const view = await this.big.view(context, model, this.lint.mapFindings(), group);
      return { view, status: statusOf(this.session) };
    }
    let live: MapInput = { context, networks: [], nodes: [], pods: [], findings: [] };
    if (model) {
      // Lint-only and container-only changes reuse the cluster part (150,000 pods are not
      // re-read for a typo in a YAML file or a container turning ready).
      const c = this.cache;
      if (c && c.model === model && c.version === model.clock.network && c.context === context) live = c.input;
      else {
        const version = model.clock.network;
        live = await runSliced(inputFromClusterModelSteps(context, model));
        this.cache = { model, version, context, input: live };
      }
    }
    const manifest = mapFindingsOf(this.lint.mapFindings(), cidrTargets(live));
    const status = statusOf(this.session);
    const key = JSON.stringify(manifest);
    const last = this.lastBuilt;
    if (last && last.input === live && last.manifest === key) return { view: { kind: 'model', model: last.model }, status };
    const built = await runSliced(buildMapModelSteps({ ...live, findings: [...live.findings, ...manifest] }));
    this.lastBuilt = { input: live, manifest: key, model: built };
    return { view: { kind: 'model', model: built }, status };
  }

  groupOf(focus: FocusRequest): MapGroupRef | undefined {
    const model = this.session.model;
    return model && isBigCluster(model) ? this.big.groupOf(model, focus) : undefined;
  }

  async searchPods(query: string): Promise<PodMatch[]> {
    const model = this.session.model;
    return model ? this.big.searchPods(model, query) : [];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
