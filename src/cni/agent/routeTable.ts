// Pure route bookkeeping: parse `ip route show` text, compare with what the node should have, and
// produce the smallest set of changes. A route is this agent's only when it carries Podnet's
// protocol AND this agent's marker metric (see routeOwner.ts): two agents on one node never delete
// each other's routes, and a route someone else holds on a wanted destination is reported, not taken.
import { containsAddress, parseAddress, parseCidr } from '../../core/net/cidr';
import type { RouteOwner } from './routeOwner';
import { isMarkerMetric } from './routeOwner';

export interface RouteEntry {
  readonly dst: string;
  readonly via?: string;
  readonly proto?: string;
  /** 0 when `ip` prints none (IPv4's default). */
  readonly metric: number;
  /** unreachable, blackhole, local, ...; absent for unicast. */
  readonly type?: string;
  readonly dev?: string;
}

export interface RoutePlan {
  readonly replace: { dst: string; via: string }[];
  /** Routes of this agent to delete, with the metric they carry (a legacy route has its own). */
  readonly remove: { dst: string; metric: number }[];
  /** Desired destinations already held by a route this agent did not create: left alone, reported. */
  readonly conflicts: { dst: string; proto: string; owner: string }[];
}

const routeTypes = new Set(['unicast', 'local', 'broadcast', 'multicast', 'throw', 'unreachable', 'prohibit', 'blackhole', 'nat', 'anycast']);

/** Host routes print without a prefix length; make every destination a CIDR so keys compare. */
export function normalizeDst(dst: string): string {
  if (dst === 'default') return dst;
  return dst.includes('/') ? dst : `${dst}/${dst.includes(':') ? 128 : 32}`;
}

/** Parses `ip route show` output (iproute2 or busybox) into entries. */
export function parseRoutes(text: string): RouteEntry[] {
  const entries: RouteEntry[] = [];
  for (const line of text.split('\n')) {
    const words = line.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    let type: string | undefined;
    if (routeTypes.has(words[0]) && words.length > 1) type = words.shift();
    const entry: { dst: string; via?: string; proto?: string; metric: number; type?: string; dev?: string } = { dst: normalizeDst(words[0]), metric: 0 };
    if (type && type !== 'unicast') entry.type = type;
    for (let i = 1; i < words.length - 1; i++) {
      if (words[i] === 'via') entry.via = words[i + 1] === 'inet' || words[i + 1] === 'inet6' ? words[i + 2] : words[i + 1];
      else if (words[i] === 'proto') entry.proto = words[i + 1];
      else if (words[i] === 'dev') entry.dev = words[i + 1];
      // busybox prints the 32-bit metric signed ("metric -1704967296"): read it back unsigned.
      else if (words[i] === 'metric') entry.metric = Number.isInteger(Number(words[i + 1])) ? Number(words[i + 1]) >>> 0 : 0;
    }
    entries.push(entry);
  }
  return entries;
}

/** Who holds a route, in words (for conflicts). */
function ownerOf(r: RouteEntry, owner: RouteOwner): string {
  if (!owner.isPodnetProto(r.proto)) return `proto ${r.proto ?? 'boot'} (not Podnet)`;
  return `another Podnet agent (route metric ${r.metric})`;
}

/**
 * desired: dst → gateway. all: every route of the main table. Routes with Podnet's protocol but a
 * metric outside the marker range predate markers: this agent adopts them (and re-creates them with
 * its marker), so an upgrade leaves nothing behind.
 */
export function planRoutes(desired: ReadonlyMap<string, string>, all: readonly RouteEntry[], owner: RouteOwner): RoutePlan {
  const mine = new Map<string, RouteEntry>();
  const legacy: RouteEntry[] = [];
  const others = new Map<string, RouteEntry>();
  for (const r of all) {
    if (owner.isPodnetProto(r.proto) && r.metric === owner.metric) mine.set(r.dst, r);
    else if (owner.isPodnetProto(r.proto) && !isMarkerMetric(r.metric)) legacy.push(r);
    else if (!others.has(r.dst)) others.set(r.dst, r);
  }
  const plan: RoutePlan = { replace: [], remove: [], conflicts: [] };
  const wanted = new Set<string>();
  for (const [dst, via] of desired) {
    const key = normalizeDst(dst);
    wanted.add(key);
    const current = mine.get(key);
    if (current) {
      if (current.via !== via) plan.replace.push({ dst: key, via });
      continue;
    }
    const other = others.get(key);
    if (other) {
      plan.conflicts.push({ dst: key, proto: other.proto ?? 'boot', owner: ownerOf(other, owner) });
      continue;
    }
    plan.replace.push({ dst: key, via });
  }
  for (const r of mine.values()) if (!wanted.has(r.dst)) plan.remove.push({ dst: r.dst, metric: r.metric });
  for (const r of legacy) plan.remove.push({ dst: r.dst, metric: r.metric });
  return plan;
}

/**
 * Lines for `ip -batch -`: additions first (a legacy route is deleted only once its successor is in),
 * and every command carries protocol and metric, so a delete can only hit this agent's route.
 */
export function batchLines(plan: RoutePlan, owner: RouteOwner): string[] {
  return [
    ...plan.replace.map((r) => `route replace ${r.dst} via ${r.via} proto ${owner.protocol} metric ${owner.metric}`),
    ...plan.remove.map((r) => `route del ${r.dst} proto ${owner.protocol} metric ${r.metric}`),
  ];
}

/**
 * Gateways that no directly connected network of this node holds: the kernel refuses such a route
 * ("Nexthop has invalid gateway"), so it is not attempted and the peer is reported instead.
 */
export function offLinkGateways(desired: ReadonlyMap<string, string>, all: readonly RouteEntry[]): Set<string> {
  const connected = all
    .filter((r) => !r.via && !r.type && r.dev && r.dst !== 'default')
    .map((r) => parseCidr(r.dst))
    .flatMap((p) => (p.ok ? [p.cidr] : []));
  const off = new Set<string>();
  for (const via of new Set(desired.values())) {
    const address = parseAddress(via);
    if (!address || !connected.some((c) => containsAddress(c, address.family, address.value))) off.add(via);
  }
  return off;
}
