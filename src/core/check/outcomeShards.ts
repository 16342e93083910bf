// A probe pod's outcome in parts small enough for ConfigMaps. The API server refuses a ConfigMap
// whose data exceeds 1 MiB, and one pod's outcome grows with the cluster (about 10 results per
// node, ~300 bytes each: past ~300 nodes one pod's outcome alone is larger). Each part is an
// outcome of its own holding a slice of the results, numbered `part` of `parts`; the runner merges
// a pod's parts once all of them arrived.
import type { PodOutcome } from './checkOutcome';

/** The API server's limit on a ConfigMap's data (and etcd's on a request is not far above). */
export const configMapDataLimit = 1024 * 1024;

/**
 * The bytes one part's JSON may take. Measured as the JSON string value it becomes inside the
 * ConfigMap's own JSON (every quote escaped), so the whole object, metadata included, stays well
 * below the limit however it is encoded.
 */
export const shardBudget = 768 * 1024;

export interface OutcomeShard extends PodOutcome {
  /** 1-based. */
  readonly part: number;
  readonly parts: number;
}

const utf8 = new TextEncoder();
/** Bytes of `value` as a JSON string value inside another JSON document. */
const escapedBytes = (value: unknown): number => utf8.encode(JSON.stringify(JSON.stringify(value))).length;

/** Splits an outcome into parts whose JSON each stays within `budget` bytes (escaped). */
export function shardOutcome(outcome: PodOutcome, budget = shardBudget): OutcomeShard[] {
  const items = [
    ...outcome.results.map((r) => ({ list: 'results' as const, item: r })),
    ...outcome.notRun.map((n) => ({ list: 'notRun' as const, item: n })),
  ];
  // The envelope of a part: name, MTU, part numbers and two empty lists (numbers up to 6 digits).
  const envelope = escapedBytes({ ...outcome, results: [], notRun: [], part: 999_999, parts: 999_999 });
  const groups: (typeof items)[] = [];
  let current: typeof items = [];
  let size = envelope;
  for (const entry of items) {
    // An item's escaped JSON plus its comma; the two quotes of the outer string counted once in the envelope.
    const bytes = escapedBytes(entry.item) - 2 + 1;
    if (envelope + bytes > budget) throw new Error(`one probe result of ${outcome.pod} alone is larger than ${budget} bytes`);
    if (current.length && size + bytes > budget) {
      groups.push(current);
      current = [];
      size = envelope;
    }
    current.push(entry);
    size += bytes;
  }
  groups.push(current);
  return groups.map((group, i) => ({
    pod: outcome.pod,
    results: group.filter((e) => e.list === 'results').map((e) => e.item as PodOutcome['results'][number]),
    notRun: group.filter((e) => e.list === 'notRun').map((e) => e.item as PodOutcome['notRun'][number]),
    ...(outcome.podMtu !== undefined ? { podMtu: outcome.podMtu } : {}),
    part: i + 1,
    parts: groups.length,
  }));
}

export interface ShardsRead {
  /** Pods whose every part arrived, merged. */
  readonly outcomes: Map<string, PodOutcome>;
  /** Pods with some parts still to come: how many of how many arrived. */
  readonly partial: Map<string, { readonly have: number; readonly parts: number }>;
}

/**
 * Merges parts by pod. A part without numbers is a whole outcome (1 of 1). Parts that disagree on
 * their count, or repeat, keep the first seen: a restarted probe's second write never mixes in.
 */
export function mergeShards(parts: readonly (PodOutcome & { readonly part?: number; readonly parts?: number })[]): ShardsRead {
  const byPod = new Map<string, { parts: number; got: Map<number, PodOutcome> }>();
  for (const p of parts) {
    const count = p.parts ?? 1;
    const index = p.part ?? 1;
    if (!Number.isInteger(count) || !Number.isInteger(index) || index < 1 || index > count) continue;
    let entry = byPod.get(p.pod);
    if (!entry) byPod.set(p.pod, entry = { parts: count, got: new Map() });
    if (entry.parts !== count || entry.got.has(index)) continue;
    entry.got.set(index, p);
  }
  const outcomes = new Map<string, PodOutcome>();
  const partial = new Map<string, { have: number; parts: number }>();
  for (const [pod, { parts: count, got }] of byPod) {
    if (got.size < count) {
      partial.set(pod, { have: got.size, parts: count });
      continue;
    }
    const ordered = [...got.entries()].sort((a, b) => a[0] - b[0]).map(([, o]) => o);
    const mtu = ordered.find((o) => o.podMtu !== undefined)?.podMtu;
    outcomes.set(pod, {
      pod,
      results: ordered.flatMap((o) => o.results),
      notRun: ordered.flatMap((o) => o.notRun),
      ...(mtu !== undefined ? { podMtu: mtu } : {}),
    });
  }
  return { outcomes, partial };
}
