// Helpers for the cluster-view lab tests (not a test file): the server's state read straight
// from the lab store, and the model's state, in one comparable shape.
/* eslint-disable @typescript-eslint/no-explicit-any -- lab store objects are loose JSON */
import type { ClusterModel } from '../../src/core/cluster/clusterModel';

export interface ComparableState {
  nodes: { name: string; internalIPs: string[]; podCIDRs: string[]; ready: boolean }[];
  pods: { key: string; node: string | null; ips: string[]; hostNetwork: boolean; phase: string; containers: string[] }[];
}

const byKey = <T extends { key?: string; name?: string }>(a: T, b: T) => String(a.key ?? a.name).localeCompare(String(b.key ?? b.name));

/** What the API server holds, read independently of Podnet's stripping code. */
export function storeState(store: { list(apiVersion: string, kind: string): readonly any[] }): ComparableState {
  const nodes = store.list('v1', 'Node').map((n) => ({
    name: n.metadata.name as string,
    internalIPs: (n.status?.addresses ?? []).filter((a: any) => a.type === 'InternalIP').map((a: any) => a.address as string),
    podCIDRs: (n.spec?.podCIDRs ?? (n.spec?.podCIDR ? [n.spec.podCIDR] : [])) as string[],
    ready: (n.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True'),
  }));
  const pods = store.list('v1', 'Pod').map((p) => ({
    key: `${p.metadata.namespace}/${p.metadata.name}`,
    node: (p.spec?.nodeName as string | undefined) ?? null,
    ips: (p.status?.podIPs ?? []).map((x: any) => x.ip as string),
    hostNetwork: p.spec?.hostNetwork === true,
    phase: (p.status?.phase as string | undefined) ?? 'Unknown',
    containers: [...(p.spec?.initContainers ?? []), ...(p.spec?.containers ?? [])].map((c: any) => c.name as string),
  }));
  return { nodes: nodes.sort(byKey), pods: pods.sort(byKey) };
}

export function modelState(model: ClusterModel): ComparableState {
  const nodes = model
    .nodes()
    .filter((n) => n.info)
    .map((n) => ({ name: n.name, internalIPs: [...n.info!.internalIPs], podCIDRs: [...n.info!.podCIDRs], ready: n.info!.ready }));
  const pods = [...model.pods()].map((p) => ({
    key: `${p.namespace}/${p.name}`,
    node: p.nodeName ?? null,
    ips: [...p.podIPs],
    hostNetwork: p.hostNetwork,
    phase: p.phase,
    containers: p.containers.map((c) => c.name),
  }));
  return { nodes: nodes.sort(byKey), pods: pods.sort(byKey) };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until the model equals the store; returns the milliseconds it took, or throws after limitMs. */
export async function converge(model: ClusterModel, store: Parameters<typeof storeState>[0], limitMs: number): Promise<number> {
  const start = Date.now();
  let last = '';
  while (Date.now() - start < limitMs) {
    const want = JSON.stringify(storeState(store));
    last = JSON.stringify(modelState(model));
    if (want === last) return Date.now() - start;
    await sleep(50);
  }
  const want = storeState(store);
  const got = modelState(model);
  const missing = want.pods.filter((p) => !got.pods.some((g) => JSON.stringify(g) === JSON.stringify(p))).map((p) => p.key);
  const extra = got.pods.filter((p) => !want.pods.some((g) => JSON.stringify(g) === JSON.stringify(p))).map((p) => p.key);
  throw new Error(`model did not converge within ${limitMs} ms: missing/different ${missing.slice(0, 5).join(', ')}; extra ${extra.slice(0, 5).join(', ')}`);
}

/** A copy of an existing pod under a new name and IP (server-side fields dropped). */
export function clonePod(template: any, name: string, ip: string): any {
  const copy = structuredClone(template);
  copy.metadata = { ...copy.metadata, name, uid: undefined, resourceVersion: undefined, generateName: undefined, ownerReferences: undefined };
  delete copy.metadata.uid;
  delete copy.metadata.resourceVersion;
  if (copy.status) {
    copy.status.podIP = ip;
    copy.status.podIPs = [{ ip }];
  }
  return copy;
}
