// Install as a sequence: survey + preflight → plan (server-side dry-run, per-object create / update /
// unchanged) → apply (server-side apply, field manager "podnet") → rollout → per-node verification.
// Every step takes an AbortSignal so the CLI (Ctrl-C) and VS Code (progress Cancel) can stop it.
import type { KubeObject } from '../manifest/renderManifest';
import { renderManifest } from '../manifest/renderManifest';
import type { ManifestOptions } from '../manifest/manifestOptions';
import type { KubeApi } from '../../kube/kubeApi';
import { KubeApiError, objectPath } from '../../kube/kubeApi';
import type { ClusterSurvey } from './clusterSurvey';
import { surveyCluster } from './clusterSurvey';
import type { PreflightResult } from './preflight';
import { preflight } from './preflight';

export type ObjectAction = 'create' | 'update' | 'unchanged';

export interface PlannedObject {
  readonly object: KubeObject;
  readonly action: ObjectAction;
}

export interface InstallPlan {
  readonly survey: ClusterSurvey;
  readonly preflight: PreflightResult;
  readonly objects: PlannedObject[];
  readonly noChanges: boolean;
}

export interface InstallInput {
  readonly agentScript: string;
  readonly clusterCidr?: string;
  readonly image?: string;
  readonly hostCniBinDir?: string;
  /** Egress masquerade, MTU and the firewall image: passed to the manifest as given. */
  readonly network?: Pick<ManifestOptions, 'firewallImage' | 'masquerade' | 'nonMasqueradeCidrs' | 'mtu'>;
}

export type Progress = (message: string) => void;

const label = (o: KubeObject): string => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
export const objectLabel = label;

/** What can be compared between a live object and what applying would make of it. */
function comparable(o: unknown): string {
  const copy = JSON.parse(JSON.stringify(o ?? {})) as { metadata?: Record<string, unknown>; status?: unknown };
  delete copy.status;
  if (copy.metadata) { for (const k of ['resourceVersion', 'managedFields', 'generation', 'creationTimestamp', 'uid', 'selfLink']) delete copy.metadata[k]; }
  return stableStringify(copy);
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${
      Object.keys(value as object)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`)
        .join(',')
    }}`;
  }
  return JSON.stringify(value);
}

export async function planInstall(api: KubeApi, input: InstallInput, progress: Progress, signal?: AbortSignal): Promise<InstallPlan> {
  progress('Surveying the cluster (nodes, DaemonSets, service network)…');
  const survey = await surveyCluster(api, signal);
  const pre = preflight(survey, input.clusterCidr);
  if (pre.problems.length || !pre.clusterCidr || !pre.nodeMaskSize) return { survey, preflight: pre, objects: [], noChanges: false };
  const objects = renderManifest({
    clusterCidr: pre.clusterCidr,
    nodeMaskSize: pre.nodeMaskSize,
    agentScript: input.agentScript,
    image: input.image,
    hostCniBinDir: input.hostCniBinDir,
    ...input.network,
  });
  progress('Server-side dry-run of every object…');
  const planned: PlannedObject[] = [];
  for (const object of objects) {
    signal?.throwIfAborted();
    const live = await api.get<KubeObject>(objectPath(object.kind, object.metadata.name, object.metadata.namespace), signal);
    const dry = await api.apply(object, true, signal);
    planned.push({ object, action: !live ? 'create' : comparable(dry) === comparable(live) ? 'unchanged' : 'update' });
  }
  return { survey, preflight: pre, objects: planned, noChanges: planned.every((p) => p.action === 'unchanged') };
}

export interface ApplyResult {
  readonly changed: string[];
  readonly unchanged: string[];
}

export async function applyPlan(api: KubeApi, plan: InstallPlan, progress: Progress, signal?: AbortSignal): Promise<ApplyResult> {
  const changed: string[] = [];
  const unchanged: string[] = [];
  for (const { object } of plan.objects) {
    signal?.throwIfAborted();
    const path = objectPath(object.kind, object.metadata.name, object.metadata.namespace);
    const before = await api.get<KubeObject>(path, signal);
    const after = await api.apply(object, false, signal);
    const rv = (o: KubeObject | undefined): unknown => (o?.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
    if (before && rv(before) === rv(after)) unchanged.push(label(object));
    else {
      changed.push(label(object));
      progress(`${before ? 'Updated' : 'Created'} ${label(object)}`);
    }
  }
  return { changed, unchanged };
}

export function isNotFound(error: unknown): boolean {
  return error instanceof KubeApiError && error.status === 404;
}
