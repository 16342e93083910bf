// The runner's side of the results: polling the run's result ConfigMaps (a probe pod's outcome may
// come in several parts, src/check/resultObjects.ts) until every probe pod reported or the time is
// up, and removing the check's namespace at the end.
import type { KubeApi } from '../kube/kubeApi';
import { KubeApiError, objectPath } from '../kube/kubeApi';
import type { CheckPlan } from '../core/check/checkPlan';
import type { PodOutcome } from '../core/check/checkOutcome';
import { checkNamespace, resultOfLabel, runLabel } from './checkNames';
import type { ListedConfigMap } from './resultObjects';
import { readResultConfigMaps } from './resultObjects';
import { sleep } from './probePods';

export async function waitForOutcomes(
  api: KubeApi,
  plan: CheckPlan,
  deadline: number,
  pollMs: number,
  ui: { progress: (message: string) => void; signal?: AbortSignal },
): Promise<Map<string, PodOutcome>> {
  const sources = plan.pods.length + plan.hosts.length;
  const selector = encodeURIComponent(`${runLabel}=${plan.runId},${resultOfLabel}`);
  let last = '';
  const said = new Set<string>();
  for (;;) {
    const maps = await api.list<ListedConfigMap>(`/api/v1/namespaces/${checkNamespace}/configmaps?labelSelector=${selector}`, ui.signal);
    const read = readResultConfigMaps(maps, plan.runId);
    for (const line of read.unreadable.filter((l) => !said.has(l))) {
      said.add(line);
      ui.progress(`${line}; counted as missing`);
    }
    const partial = read.partial.size ? ` (${read.partial.size} more in part)` : '';
    const line = `Probe pods reported: ${read.outcomes.size}/${sources}${partial}`;
    if (line !== last) ui.progress(line);
    last = line;
    if (read.outcomes.size >= sources || Date.now() > deadline) return read.outcomes;
    await sleep(pollMs, ui.signal);
  }
}

/** Result ConfigMaps of earlier runs in a namespace whose probes are adopted: gone before the new plan (best effort). */
export async function removeOldResults(api: KubeApi, runId: string, signal?: AbortSignal): Promise<void> {
  const selector = encodeURIComponent(`${resultOfLabel},${runLabel}!=${runId}`);
  try {
    await api.request('DELETE', `/api/v1/namespaces/${checkNamespace}/configmaps?labelSelector=${selector}`, undefined, undefined, signal);
  } catch {
    // Left over, they are never read: the runner selects on its own run id.
  }
}

/** Deletes the namespace (and with it everything the check created) and waits until it is gone. */
export async function removeAll(api: KubeApi, timeoutMs: number, ui: { progress: (message: string) => void }): Promise<string[]> {
  ui.progress(`Removing namespace ${checkNamespace} and everything in it…`);
  const path = objectPath('Namespace', checkNamespace);
  try {
    await api.request('DELETE', `${path}?propagationPolicy=Foreground`);
  } catch (error) {
    if (!(error instanceof KubeApiError && error.status === 404)) {
      return [
        `Could not remove namespace ${checkNamespace}: ${
          error instanceof Error ? error.message : String(error)
        }; remove it with \`kubectl delete namespace ${checkNamespace}\`.`,
      ];
    }
  }
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if (!(await api.get(path))) return [`Removed namespace ${checkNamespace} and everything the check created.`];
    } catch (error) {
      ui.progress(`checking the namespace is gone: ${error instanceof Error ? error.message : String(error)}`);
    }
    await sleep(500);
  }
  return [
    `Namespace ${checkNamespace} is still being deleted after ${
      Math.round(timeoutMs / 1000)
    } s (the cluster finishes it; \`kubectl get namespace ${checkNamespace}\` shows when).`,
  ];
}
