// The result ConfigMaps of one probe pod in one run: its outcome in parts under the ConfigMap
// size limit (core/check/outcomeShards.ts), and the runner's way back from those objects to the
// outcomes. Bundled into the probe script too: no imports beyond the check's own names and core.
import type { PodOutcome } from '../core/check/checkOutcome';
import type { ShardsRead } from '../core/check/outcomeShards';
import { mergeShards, shardOutcome } from '../core/check/outcomeShards';
import { checkLabels, checkNamespace, outcomeKey, resultConfigMapName, resultOfLabel, runLabel } from './checkNames';

export interface ResultConfigMap {
  readonly apiVersion: 'v1';
  readonly kind: 'ConfigMap';
  readonly metadata: { readonly name: string; readonly namespace: string; readonly labels: Record<string, string> };
  readonly data: Record<string, string>;
}

export function resultConfigMaps(runId: string, outcome: PodOutcome, budget?: number): ResultConfigMap[] {
  return shardOutcome(outcome, budget).map((part) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: resultConfigMapName(runId, outcome.pod, part.part),
      namespace: checkNamespace,
      labels: { ...checkLabels, [runLabel]: runId, [resultOfLabel]: outcome.pod },
    },
    data: { [outcomeKey]: JSON.stringify(part) },
  }));
}

export interface ListedConfigMap {
  readonly metadata: { readonly name?: string; readonly labels?: Record<string, string> };
  readonly data?: Record<string, string>;
}

/** The outcomes of one run from its result ConfigMaps; parts that are not JSON, or name another pod than their label, are named in `unreadable`. */
export function readResultConfigMaps(maps: readonly ListedConfigMap[], runId: string): ShardsRead & { unreadable: string[] } {
  const parts: (PodOutcome & { part?: number; parts?: number })[] = [];
  const unreadable: string[] = [];
  for (const m of maps) {
    const pod = m.metadata.labels?.[resultOfLabel];
    if (!pod || m.metadata.labels?.[runLabel] !== runId) continue;
    try {
      const part = JSON.parse(m.data?.[outcomeKey] ?? '') as PodOutcome & { part?: number; parts?: number };
      if (part.pod !== pod || !Array.isArray(part.results) || !Array.isArray(part.notRun)) throw new Error('not an outcome');
      parts.push(part);
    } catch {
      unreadable.push(`${m.metadata.name ?? pod} (the result of ${pod}) is not an outcome`);
    }
  }
  return { ...mergeShards(parts), unreadable };
}
