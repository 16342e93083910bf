// Raw API objects → the model's small shapes, as each page or watch event arrives, so the
// big JSON is garbage right away. Repeated strings (namespaces, node names, images) are
// interned: 150,000 pods share a few hundred of them.
import type {
  AgentEventInfo,
  ApiServiceInfo,
  CalicoBlockInfo,
  CiliumNodeInfo,
  ConfigMapInfo,
  ContainerInfo,
  ControlPlanePodInfo,
  DaemonSetInfo,
  NodeInfo,
  PodInfo,
  ServiceCidrInfo,
} from '../core/cluster/clusterTypes';
import { agentComponent, isAgentReason } from '../core/cluster/agentReports';
import { networkConfigMapNames } from '../core/cluster/cniDetection';
import { nodeInternalIps, nodePodCidrs, nodeReadyCondition } from '../core/cluster/rawNode';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw JSON from the API server, read defensively */
type Raw = any;

const interned = new Map<string, string>();
export function intern(s: string): string {
  const hit = interned.get(s);
  if (hit !== undefined) return hit;
  if (interned.size > 200_000) interned.clear();
  interned.set(s, s);
  return s;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const arr = (v: unknown): Raw[] => (Array.isArray(v) ? v : []);

const noStrings: readonly string[] = Object.freeze([]);
/**
 * A list the model keeps, at its exact length: an array grown by push (or filter, flatMap)
 * reserves room for 16 more, ~130 bytes per pod that a million pods pay as 130 MB.
 */
const kept = (list: readonly string[]): readonly string[] => (list.length === 0 ? noStrings : list.slice());

export function stripNode(raw: Raw): NodeInfo | undefined {
  const name = str(raw?.metadata?.name);
  if (!name) return undefined;
  const ready = nodeReadyCondition(raw);
  const maxPods = Number.parseInt(String(raw.status?.allocatable?.pods ?? raw.status?.capacity?.pods ?? ''), 10);
  const info: NodeInfo = { name: intern(name), internalIPs: kept(nodeInternalIps(raw)), ready: ready.ready, podCIDRs: kept(nodePodCidrs(raw)) };
  const extra: { readyReason?: string; maxPods?: number } = {};
  if (ready.reason !== undefined) extra.readyReason = ready.reason;
  if (Number.isFinite(maxPods)) extra.maxPods = maxPods;
  return { ...info, ...extra };
}

/** Container lists shared between pods with identical containers (every replica of a workload). */
const containerLists = new Map<string, readonly ContainerInfo[]>();

interface RawContainer {
  readonly c: Raw;
  readonly kind: ContainerInfo['kind'];
  readonly s: Raw;
}

/** Appends the named containers with their statuses; `init`: native sidecars are init containers with restartPolicy Always (KEP-753). */
function collectContainers(into: RawContainer[], list: unknown, statuses: unknown, init: boolean): void {
  if (!Array.isArray(list)) return;
  const st = arr(statuses);
  for (const c of list) {
    if (typeof c?.name !== 'string') continue;
    let s: Raw;
    for (const x of st) {
      if (x?.name === c.name) {
        s = x;
        break;
      }
    }
    into.push({ c, kind: !init ? 'app' : c.restartPolicy === 'Always' ? 'sidecar' : 'init', s });
  }
}

/**
 * The pod's containers as a shared list. The key is built from the raw fields first, so a
 * replica whose containers were seen before costs one Map lookup and no objects.
 */
function podContainers(spec: Raw, status: Raw): readonly ContainerInfo[] {
  const raws: RawContainer[] = [];
  collectContainers(raws, spec.initContainers, status.initContainerStatuses, true);
  collectContainers(raws, spec.containers, status.containerStatuses, false);
  let key = '';
  for (const { c, kind, s } of raws) {
    key += c.name + '\0' + kind + '\0' + c.image + '\0' + (s ? (s.ready === true) + '\0' + (s.restartCount ?? 0) : '\0') + '\n';
  }
  const hit = containerLists.get(key);
  if (hit) return hit;
  // One object shape for every container (ready/restarts undefined when there is no status yet).
  const list = Object.freeze(
    raws.map(({ c, kind, s }) => ({
      name: intern(c.name),
      kind,
      image: intern(typeof c.image === 'string' ? c.image : ''),
      ready: s ? s.ready === true : undefined,
      restarts: s ? Number(s.restartCount ?? 0) : undefined,
    })),
  );
  if (containerLists.size > 50_000) containerLists.clear();
  containerLists.set(key, list);
  return list;
}

export function stripPod(raw: Raw): PodInfo | undefined {
  const md = raw?.metadata;
  const name = str(md?.name);
  const namespace = str(md?.namespace);
  if (!name || !namespace) return undefined;
  const spec = raw.spec ?? {};
  const status = raw.status ?? {};
  let podIPs: readonly string[] = noStrings;
  const ipList = arr(status.podIPs);
  if (ipList.length > 0) {
    const ips: string[] = [];
    for (const p of ipList) if (typeof p?.ip === 'string' && p.ip.length > 0) ips.push(p.ip);
    podIPs = kept(ips);
  } else if (typeof status.podIP === 'string' && status.podIP) podIPs = [status.podIP];
  return {
    namespace: intern(namespace),
    name,
    nodeName: typeof spec.nodeName === 'string' && spec.nodeName ? intern(spec.nodeName) : undefined,
    podIPs,
    hostNetwork: spec.hostNetwork === true,
    phase: intern(str(status.phase) ?? 'Unknown'),
    containers: podContainers(spec, status),
  };
}

export function stripCalicoBlock(raw: Raw): CalicoBlockInfo | undefined {
  const name = str(raw?.metadata?.name);
  const cidr = str(raw?.spec?.cidr);
  if (!name || !cidr) return undefined;
  const affinity = str(raw.spec.affinity);
  // Only host affinities name a node ("host:NODE"); others (e.g. virtual:) have no node.
  return affinity?.startsWith('host:') ? { name, cidr, node: intern(affinity.slice(5)) } : { name, cidr };
}

export function stripCiliumNode(raw: Raw): CiliumNodeInfo | undefined {
  const name = str(raw?.metadata?.name);
  if (!name) return undefined;
  return { name: intern(name), podCIDRs: arr(raw.spec?.ipam?.podCIDRs).filter((c): c is string => typeof c === 'string') };
}

export function stripDaemonSet(raw: Raw): DaemonSetInfo | undefined {
  const name = str(raw?.metadata?.name);
  const namespace = str(raw?.metadata?.namespace);
  if (!name || !namespace) return undefined;
  const pod = raw.spec?.template?.spec ?? {};
  const all = [...arr(pod.initContainers), ...arr(pod.containers)];
  const env: Record<string, string> = {};
  const args: string[] = [];
  for (const c of all) {
    for (const e of arr(c?.env)) if (typeof e?.name === 'string' && typeof e.value === 'string' && !(e.name in env)) env[e.name] = e.value;
    for (const a of [...arr(c?.command), ...arr(c?.args)]) if (typeof a === 'string') args.push(a);
  }
  const mountsCniConfig = arr(pod.volumes).some((v) => typeof v?.hostPath?.path === 'string' && v.hostPath.path.replace(/\/+$/, '') === '/etc/cni/net.d');
  return { namespace, name, images: all.map((c) => String(c?.image ?? '')), env, args, mountsCniConfig };
}

export function stripConfigMap(raw: Raw): ConfigMapInfo | undefined {
  const name = str(raw?.metadata?.name);
  const namespace = str(raw?.metadata?.namespace);
  if (!name || !namespace) return undefined;
  const data: Record<string, string> = {};
  if (networkConfigMapNames.has(name)) {
    for (const [k, v] of Object.entries(raw.data ?? {})) if (typeof v === 'string') data[k] = v;
  }
  return { namespace, name, data };
}

export function stripServiceCidr(raw: Raw): ServiceCidrInfo | undefined {
  const name = str(raw?.metadata?.name);
  if (!name) return undefined;
  return { name, cidrs: arr(raw.spec?.cidrs).filter((c): c is string => typeof c === 'string') };
}

export function stripApiService(raw: Raw): ApiServiceInfo | undefined {
  if (raw?.metadata?.name !== 'kubernetes' || raw?.metadata?.namespace !== 'default') return undefined;
  const ips = arr(raw.spec?.clusterIPs).filter((c): c is string => typeof c === 'string');
  if (ips.length === 0 && typeof raw.spec?.clusterIP === 'string') ips.push(raw.spec.clusterIP);
  return { clusterIPs: ips };
}

/** The control-plane components whose flags state the cluster's networks. */
const networkComponents: ReadonlySet<string> = new Set(['kube-apiserver', 'kube-controller-manager']);

/** A kube-system static pod of the API server or controller manager, reduced to its command line. */
export function stripControlPlanePod(raw: Raw): ControlPlanePodInfo | undefined {
  const name = str(raw?.metadata?.name);
  if (!name || raw?.metadata?.namespace !== 'kube-system') return undefined;
  const label = str(raw.metadata.labels?.component);
  const component = label ?? [...networkComponents].find((c) => name === c || name.startsWith(`${c}-`));
  if (!component || !networkComponents.has(component)) return undefined;
  const args: string[] = [];
  for (const c of arr(raw.spec?.containers)) for (const a of [...arr(c?.command), ...arr(c?.args)]) if (typeof a === 'string') args.push(a);
  return { name, component, args };
}

/** An Event of Podnet's node agent on its pod; any other Event is not kept. */
export function stripAgentEvent(raw: Raw): AgentEventInfo | undefined {
  const name = str(raw?.metadata?.name);
  const namespace = str(raw?.metadata?.namespace);
  const reason = str(raw?.reason);
  const pod = str(raw?.involvedObject?.name);
  if (!name || !namespace || !reason || !pod || raw?.involvedObject?.kind !== 'Pod' || !isAgentReason(reason)) return undefined;
  if ((str(raw.reportingComponent) || str(raw.source?.component)) !== agentComponent) return undefined;
  const node = str(raw.reportingInstance) || str(raw.source?.host);
  if (!node) return undefined;
  const time = str(raw.lastTimestamp) ?? str(raw.eventTime) ?? str(raw.metadata.creationTimestamp) ?? '';
  return { key: `${namespace}/${name}`, name, pod, node: intern(node), reason, message: str(raw.message) ?? '', time };
}
