// Pure route bookkeeping: parse `ip route show` text, compare with what the node should have, and
// produce the smallest set of changes. Only routes carrying Podnet's protocol are ever changed.

export interface RouteEntry {
  readonly dst: string;
  readonly via?: string;
  readonly proto?: string;
}

export interface RoutePlan {
  readonly replace: { dst: string; via: string }[];
  readonly remove: string[];
  /** Desired destinations already held by a route Podnet did not create: left alone, reported. */
  readonly conflicts: { dst: string; proto: string }[];
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
    if (routeTypes.has(words[0]) && words.length > 1) words.shift();
    const entry: { dst: string; via?: string; proto?: string } = { dst: normalizeDst(words[0]) };
    for (let i = 1; i < words.length - 1; i++) {
      if (words[i] === 'via') entry.via = words[i + 1] === 'inet' || words[i + 1] === 'inet6' ? words[i + 2] : words[i + 1];
      else if (words[i] === 'proto') entry.proto = words[i + 1];
    }
    entries.push(entry);
  }
  return entries;
}

/**
 * desired: dst → gateway. ours: routes listed with Podnet's protocol. all: every route in the table
 * (used only to spot foreign routes on a destination we want).
 */
export function planRoutes(desired: ReadonlyMap<string, string>, ours: readonly RouteEntry[], all: readonly RouteEntry[], protocol: number): RoutePlan {
  const ourByDst = new Map(ours.map((r) => [r.dst, r]));
  const foreign = new Map<string, string>();
  for (const r of all) {
    if (r.proto === String(protocol) || ourByDst.has(r.dst)) continue;
    if (!foreign.has(r.dst)) foreign.set(r.dst, r.proto ?? 'boot');
  }
  const plan: RoutePlan = { replace: [], remove: [], conflicts: [] };
  for (const [dst, via] of desired) {
    const key = normalizeDst(dst);
    const mine = ourByDst.get(key);
    if (mine) {
      if (mine.via !== via) plan.replace.push({ dst: key, via });
      continue;
    }
    const other = foreign.get(key);
    if (other !== undefined) {
      plan.conflicts.push({ dst: key, proto: other });
      continue;
    }
    plan.replace.push({ dst: key, via });
  }
  const wanted = new Set([...desired.keys()].map(normalizeDst));
  for (const r of ours) if (!wanted.has(r.dst)) plan.remove.push(r.dst);
  return plan;
}

/** Lines for `ip -batch -`: every command carries the protocol, so a delete can only hit our route. */
export function batchLines(plan: RoutePlan, protocol: number): string[] {
  return [
    ...plan.remove.map((dst) => `route del ${dst} proto ${protocol}`),
    ...plan.replace.map((r) => `route replace ${r.dst} via ${r.via} proto ${protocol}`),
  ];
}
