// Pod completion for the packet-path box: by namespace/name, name or IP; exact matches first, then
// prefixes, then substrings (so "shop/app" finds "shop/app-7c5ddbdf54-8xk2p", "8xk2p" too).
import type { MapPod } from './mapModel';

const rank = (text: string, q: string): number => (text === q ? 0 : text.startsWith(q) ? 1 : text.includes(q) ? 2 : 3);

/** Indices of the best matches, best first (ties in pod order), at most `limit`. */
export function matchPods(pods: readonly MapPod[], query: string, limit = 20): number[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [];
  const buckets: number[][] = [[], [], []];
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i]!;
    const full = `${p.namespace}/${p.name}`.toLowerCase();
    const r = Math.min(rank(full, q), rank(p.name.toLowerCase(), q), p.ip === '' ? 3 : rank(p.ip, q));
    if (r < 3) buckets[r]!.push(i);
    // Exact and prefix hits fill the list soonest; stop once they alone do.
    if (buckets[0]!.length + buckets[1]!.length >= limit) break;
  }
  return [...buckets[0]!, ...buckets[1]!, ...buckets[2]!].slice(0, limit);
}
