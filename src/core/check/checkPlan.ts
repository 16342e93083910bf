// The plan of a connectivity check: which probe pods exist (with the IPs the API gave them) and
// what each one must probe. The runner writes it into the plan ConfigMap once every probe pod is
// Running; each probe reads it and derives its own tasks with `tasksFor`, and the report builder
// derives the same list to know what is missing. One function decides the probe matrix.
import type { ProbeEndpoint, ProbeKind, ProbeProtocol } from './checkReport';

export interface PlanPod {
  /** Pod name (unique in the check's namespace). */
  readonly name: string;
  readonly node: string;
  /** Pod IP (for a hostNetwork probe: the node's IP). */
  readonly ip: string;
  /** Dual-stack: the address of the other family (status.podIPs[1]; a node's second InternalIP). */
  readonly ip2?: string;
}

export interface CheckPlan {
  readonly runId: string;
  /**
   * The run that created the probe pods, when it is not this one: a check that adopted the probe
   * pods a `--keep` run left. The pods answer the plans of every run naming their own.
   */
  readonly probeRun?: string;
  /** Probe pods on the pod network, two per node. */
  readonly pods: readonly PlanPod[];
  /** hostNetwork probes, one per node; `ip` is the node's IP. */
  readonly hosts: readonly PlanPod[];
  /** TCP and UDP echo port of the pod probes. */
  readonly port: number;
  /** TCP and UDP echo port of the hostNetwork probes. */
  readonly hostPort: number;
  /** The `kubernetes` Service (default namespace): ClusterIP and port. */
  readonly service?: { readonly ip: string; readonly port: number };
  /** Cluster DNS: the kube-dns Service's IP when there is one (a pod's resolv.conf comes first). */
  readonly dns: { readonly server?: string; readonly domain: string };
  readonly external?: { readonly host: string; readonly port: number };
  /** Bytes of the TCP transfer of the MTU probe (≥ 2 MB: enough full-size segments to meet a black hole). */
  readonly bulkBytes: number;
  /** Per-probe time bound. */
  readonly probeTimeoutMs: number;
}

/** One probe a probe pod runs. */
export interface ProbeTask {
  readonly kind: ProbeKind;
  readonly protocol: ProbeProtocol;
  readonly from: ProbeEndpoint;
  readonly to: ProbeEndpoint;
  /** Where to send: address and port (no port for ICMP and DNS). */
  readonly target: { readonly host: string; readonly port?: number };
}

export const kubernetesServiceName = 'kubernetes.default';

const endpoint = (p: PlanPod, ip = p.ip): ProbeEndpoint => ({ node: p.node, pod: p.name, ip });
const nodeEndpoint = (h: PlanPod, ip = h.ip): ProbeEndpoint => ({ node: h.node, ip });

const isV6 = (ip: string): boolean => ip.includes(':');
/**
 * The address pairs between two probe ends, one per family both have: a dual-stack cluster
 * promises the model for IPv4 and IPv6 alike, so each family is probed on its own.
 */
export function familyPairs(a: PlanPod, b: PlanPod): [string, string][] {
  const of = (p: PlanPod) => [p.ip, ...(p.ip2 ? [p.ip2] : [])];
  return of(a).flatMap((x) => of(b).filter((y) => isV6(x) === isV6(y)).map((y): [string, string] => [x, y]));
}

/** The probes the probe pod `source` runs; [] for a name the plan does not hold. */
export function tasksFor(plan: CheckPlan, source: string): ProbeTask[] {
  const pod = plan.pods.find((p) => p.name === source);
  if (pod) return podTasks(plan, pod);
  const host = plan.hosts.find((h) => h.name === source);
  if (host) {
    // node → pod: from the node's own network stack to every pod probe.
    return plan.pods.flatMap((q) =>
      familyPairs(host, q).flatMap(([fromIp, toIp]) =>
        (['tcp', 'udp'] as const).map((protocol) => ({
          kind: 'node-pod' as const,
          protocol,
          from: nodeEndpoint(host, fromIp),
          to: endpoint(q, toIp),
          target: { host: toIp, port: plan.port },
        }))
      )
    );
  }
  return [];
}

function podTasks(plan: CheckPlan, pod: PlanPod): ProbeTask[] {
  const from = endpoint(pod);
  const tasks: ProbeTask[] = [];
  for (const q of plan.pods) {
    if (q.name === pod.name) continue;
    const kind = q.node === pod.node ? 'same-node' : 'cross-node';
    for (const [fromIp, toIp] of familyPairs(pod, q)) {
      const [a, b] = [endpoint(pod, fromIp), endpoint(q, toIp)];
      for (const protocol of ['tcp', 'udp', 'icmp'] as const) {
        tasks.push({ kind, protocol, from: a, to: b, target: { host: toIp, ...(protocol === 'icmp' ? {} : { port: plan.port }) } });
      }
      // Full-size DF datagrams and a bulk TCP transfer: what small probes cannot see.
      for (const protocol of ['udp', 'tcp'] as const) tasks.push({ kind: 'mtu', protocol, from: a, to: b, target: { host: toIp, port: plan.port } });
    }
  }
  for (const h of plan.hosts) {
    for (const [fromIp, toIp] of familyPairs(pod, h)) {
      for (const protocol of ['tcp', 'udp'] as const) {
        tasks.push({ kind: 'pod-node', protocol, from: endpoint(pod, fromIp), to: nodeEndpoint(h, toIp), target: { host: toIp, port: plan.hostPort } });
      }
    }
  }
  if (plan.service) {
    tasks.push({
      kind: 'service',
      protocol: 'tcp',
      from,
      to: { name: kubernetesServiceName, ip: plan.service.ip },
      target: { host: plan.service.ip, port: plan.service.port },
    });
  }
  // The name asked is kubernetes.default.svc.<domain>, the domain from the pod's resolv.conf where it names one.
  tasks.push({
    kind: 'dns',
    protocol: 'dns',
    from,
    to: { name: kubernetesServiceName, ...(plan.dns.server ? { ip: plan.dns.server } : {}) },
    target: { host: plan.dns.server ?? '' },
  });
  if (plan.external) {
    const name = `${plan.external.host.includes(':') ? `[${plan.external.host}]` : plan.external.host}:${plan.external.port}`;
    tasks.push({ kind: 'external', protocol: 'tcp', from, to: { name }, target: { host: plan.external.host, port: plan.external.port } });
  }
  return tasks;
}

/** Every probe of the check, over all probe pods. */
export function expectedTasks(plan: CheckPlan): ProbeTask[] {
  return [...plan.pods, ...plan.hosts].flatMap((p) => tasksFor(plan, p.name));
}

/** Identifies a probe across the plan and the results (from, kind, protocol, to). */
export function taskKey(t: { readonly kind: ProbeKind; readonly protocol: ProbeProtocol; readonly from: ProbeEndpoint; readonly to: ProbeEndpoint }): string {
  // A pod end carries its address: on a dual-stack cluster one pair of pods is probed once per family.
  const end = (e: ProbeEndpoint): string => (e.pod ? `${e.pod}@${e.ip ?? ''}` : e.name ?? `${e.node ?? ''}@${e.ip ?? ''}`);
  return `${end(t.from)}|${t.kind}|${t.protocol}|${end(t.to)}`;
}

/**
 * Whether the receiver saw the sender's own IP, for the probes where that is a promise of the
 * model (pod → pod without NAT). Elsewhere a rewritten source is no violation (pod → node may be
 * masqueraded, a node speaks from whichever of its addresses the route picks): null.
 */
export function sourcePreservedFor(task: Pick<ProbeTask, 'kind' | 'protocol' | 'from'>, seen: string | undefined): boolean | null {
  const podToPod = task.kind === 'same-node' || task.kind === 'cross-node' || task.kind === 'mtu';
  if (!podToPod || task.protocol === 'icmp' || seen === undefined) return null;
  return normaliseAddress(seen) === normaliseAddress(task.from.ip ?? '');
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is 10.0.0.1. */
export const normaliseAddress = (address: string): string => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '').toLowerCase();
