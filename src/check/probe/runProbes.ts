// Runs one probe pod's share of the plan (core/check/checkPlan's tasksFor) with bounded
// concurrency and a time bound per probe, and turns the answers into the report's results.
import { networkInterfaces } from 'node:os';
import { readFileSync } from 'node:fs';
import type { CheckPlan, ProbeTask } from '../../core/check/checkPlan';
import { normaliseAddress, sourcePreservedFor, tasksFor } from '../../core/check/checkPlan';
import type { PodOutcome } from '../../core/check/checkOutcome';
import type { ProbeNotRun, ProbeResult } from '../../core/check/checkReport';
import type { ProbeAnswer } from './probes';
import { bulkProbe, cachedPathMtu, clusterResolver, connectProbe, dnsProbe, externalProbe, icmpProbe, tcpProbe, udpProbe } from './probes';

/** IPv4 + UDP headers: a datagram of MTU − 28 bytes fills an IPv4 packet of exactly the MTU (48 for IPv6). */
export const udpOverhead = (ip: string): number => (ip.includes(':') ? 48 : 28);

/** The MTU of the interface that holds `ip` (the pod's eth0), from sysfs. */
export function interfaceMtu(ip: string): number | undefined {
  for (const [name, addresses] of Object.entries(networkInterfaces())) {
    if (!addresses?.some((a) => normaliseAddress(a.address) === normaliseAddress(ip))) continue;
    try {
      return Number(readFileSync(`/sys/class/net/${name}/mtu`, 'utf8').trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export interface ProbeEnvironment {
  readonly resolvConf?: string;
  readonly concurrency?: number;
  readonly log?: (text: string) => void;
}

async function runTask(
  plan: CheckPlan,
  task: ProbeTask,
  podMtu: number | undefined,
  env: ProbeEnvironment,
): Promise<{ answer: ProbeAnswer; bytes?: number; to?: ProbeTask['to'] }> {
  const t = plan.probeTimeoutMs;
  const { host, port = 0 } = task.target;
  if (task.protocol === 'icmp') return { answer: await icmpProbe(host, t) };
  if (task.kind === 'dns') {
    const local = clusterResolver(env.resolvConf);
    const server = local.server ?? plan.dns.server;
    if (!server) return { answer: { notRun: 'no cluster DNS: /etc/resolv.conf names none (no search svc.<domain>) and the cluster has no kube-dns Service' } };
    const name = `kubernetes.default.svc.${local.domain ?? plan.dns.domain}`;
    return { answer: await dnsProbe(server, name, plan.service?.ip, t), to: { ...task.to, ip: server } };
  }
  if (task.kind === 'external') return { answer: await externalProbe(host, port, t) };
  if (task.kind === 'service') return { answer: await connectProbe(host, port, t) };
  if (task.kind === 'mtu') {
    if (task.protocol === 'tcp') return { answer: await bulkProbe(host, port, plan.bulkBytes, Math.max(10_000, 3 * t)), bytes: plan.bulkBytes };
    if (!podMtu) return { answer: { notRun: 'the pod MTU could not be read (no interface holds the pod IP)' } };
    const bytes = podMtu - udpOverhead(host);
    // A path MTU the kernel already learnt would make it fragment instead of sending DF.
    const cached = await cachedPathMtu(host);
    if (cached !== undefined && cached < podMtu) {
      return {
        answer: {
          ok: false,
          latencyMs: null,
          error: `the path MTU to ${host} is ${cached} (learnt from ICMP fragmentation needed), below the pod MTU ${podMtu}`,
        },
        bytes,
      };
    }
    const answer = await udpProbe(host, port, t, bytes, 2);
    if (!('ok' in answer) || answer.ok) return { answer, bytes };
    const learnt = await cachedPathMtu(host);
    const why = learnt !== undefined && learnt < podMtu ? `; the path MTU is ${learnt}, below the pod MTU ${podMtu}` : '';
    return { answer: { ...answer, error: `${bytes}-byte DF datagram (pod MTU ${podMtu}): ${answer.error}${why}` }, bytes };
  }
  // No retry on a refusal: the plan names only Ready probe pods, whose echo listens.
  return { answer: await (task.protocol === 'tcp' ? tcpProbe(host, port, t) : udpProbe(host, port, t)) };
}

/** Every probe of `source` in the plan; the answers as results (and the ones that could not run). */
export async function runProbes(plan: CheckPlan, source: string, env: ProbeEnvironment = {}): Promise<PodOutcome> {
  const tasks = tasksFor(plan, source);
  const self = [...plan.pods, ...plan.hosts].find((p) => p.name === source);
  const podMtu = self ? interfaceMtu(self.ip) : undefined;
  const results: ProbeResult[] = [];
  const notRun: ProbeNotRun[] = [];
  const runOne = async (task: ProbeTask): Promise<void> => {
    const { answer, bytes, to } = await runTask(plan, task, podMtu, env);
    const end = to ?? task.to;
    if ('notRun' in answer) {
      notRun.push({ from: task.from, to: end, kind: task.kind, protocol: task.protocol, reason: answer.notRun });
      return;
    }
    const seen = answer.ok ? answer.sourceSeen : undefined;
    const sourceSeen = seen === undefined ? undefined : normaliseAddress(seen);
    results.push({
      from: task.from,
      to: end,
      kind: task.kind,
      protocol: task.protocol,
      ok: answer.ok,
      sourcePreserved: sourcePreservedFor(task, sourceSeen),
      ...(sourceSeen ? { sourceSeen } : {}),
      latencyMs: answer.latencyMs,
      ...(answer.ok ? {} : { error: answer.error }),
      ...(bytes ? { bytes } : {}),
      ...(task.kind === 'external' ? { masqueraded: sourceSeen === undefined ? null : sourceSeen !== normaliseAddress(task.from.ip ?? '') } : {}),
    });
  };
  // The small probes in parallel, then the MTU probes one at a time: full-size transfers in
  // parallel would starve each other, and the DF datagrams go before the bulk transfers, whose
  // path-MTU discovery would otherwise teach the kernel to fragment them.
  await inParallel(tasks.filter((t) => t.kind !== 'mtu'), env.concurrency ?? 8, runOne);
  await inParallel(tasks.filter((t) => t.kind === 'mtu' && t.protocol === 'udp'), 1, runOne);
  await inParallel(tasks.filter((t) => t.kind === 'mtu' && t.protocol === 'tcp'), 1, runOne);
  env.log?.(`${source}: ${results.filter((r) => r.ok).length}/${results.length} probes answered, ${notRun.length} not run`);
  return { pod: source, results, notRun, ...(podMtu ? { podMtu } : {}) };
}

async function inParallel<T>(items: readonly T[], concurrency: number, each: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await each(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
