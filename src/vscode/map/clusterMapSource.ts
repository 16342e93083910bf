// The map's source in the extension: the live cluster session (the same watch the tree uses) plus
// the linter's diagnostics for open manifests. Built on demand: the panel asks only when visible.
import * as vscode from 'vscode';
import type { ClusterSession } from '../cluster/clusterSession';
import { buildMapModel } from '../../core/map/buildMapModel';
import { cidrTargets, findingsFromDiagnostics } from '../../core/map/diagnosticFindings';
import { inputFromClusterModel } from '../../core/map/fromClusterModel';
import type { MapInput } from '../../core/map/mapInput';
import { onDidChangePodnetDiagnostics, podnetDiagnostics } from './manifestDiagnostics';
import type { MapSnapshot, MapSource } from './mapSource';

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

  constructor(private readonly session: ClusterSession) {
    const fire = () => this.emitter.fire();
    this.disposables = [this.emitter, session.onDidChangeModel(fire), session.onDidChangeState(fire), onDidChangePodnetDiagnostics(fire)];
  }

  snapshot(): MapSnapshot {
    const model = this.session.model;
    const context = this.session.context ?? '';
    const live: MapInput = model ? inputFromClusterModel(context, model) : { context, networks: [], nodes: [], pods: [], findings: [] };
    const manifest = findingsFromDiagnostics(podnetDiagnostics(), cidrTargets(live));
    return { model: buildMapModel({ ...live, findings: [...live.findings, ...manifest] }), status: statusOf(this.session) };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
