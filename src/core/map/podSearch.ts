// Pod completion for the packet-path box: by namespace/name, name or IP; exact matches first, then
// prefixes, then substrings (so "shop/app" finds "shop/app-7c5ddbdf54-8xk2p", "8xk2p" too).
// The same ranking serves the host's search over a whole big cluster, whose map holds no pods.
import type { MapPod } from './mapModel';
import type { Steps } from '../steps';
import { itemsPerStep, runToEnd } from '../steps';

const rank = (text: string, q: string): number => (text === q ? 0 : text.startsWith(q) ? 1 : text.includes(q) ? 2 : 3);

/** 0 exact, 1 prefix, 2 substring, 3 no match; q is trimmed and lower case. */
function rankPod(namespace: string, name: string, ip: string, q: string): number {
  return Math.min(rank(`${namespace}/${name}`.toLowerCase(), q), rank(name.toLowerCase(), q), ip === '' ? 3 : rank(ip, q));
}

/** Indices of the best matches, best first (ties in pod order), at most `limit`. */
export function matchPods(pods: readonly MapPod[], query: string, limit = 20): number[] {
  // At most `limit` lookups back to indices: cheaper than wrapping every pod with its index.
  return runToEnd(searchPodsSteps(pods, (p) => p.ip, query, limit)).map((p) => pods.indexOf(p));
}

/** The best matches among any pods, best first (ties in iteration order), at most `limit`; a step every itemsPerStep pods. */
export function* searchPodsSteps<T extends { readonly namespace: string; readonly name: string }>(
  pods: Iterable<T>,
  ipOf: (p: T) => string,
  query: string,
  limit = 20,
): Steps<T[]> {
  const q = query.trim().toLowerCase();
  if (q === '') return [];
  const buckets: T[][] = [[], [], []];
  let seen = 0;
  for (const p of pods) {
    const r = rankPod(p.namespace, p.name, ipOf(p), q);
    if (r < 3) buckets[r]!.push(p);
    // Exact and prefix hits fill the list soonest; stop once they alone do.
    if (buckets[0]!.length + buckets[1]!.length >= limit) break;
    if (++seen % itemsPerStep === 0) yield;
  }
  return [...buckets[0]!, ...buckets[1]!, ...buckets[2]!].slice(0, limit);
}
