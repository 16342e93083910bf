// Identity of generated objects: deterministic uids and creation times, so a generated cluster
// reads the same on every build (the scale scenario's objects are built again on each read).
import { hash } from 'node:crypto';

const createdCache = new Map<number, string>();
/** An RFC 3339 time `minutesAgo` before the process started using it (cached: the same text every call). */
export const created = (minutesAgo: number): string => {
  let text = createdCache.get(minutesAgo);
  if (!text) createdCache.set(minutesAgo, text = new Date(Date.now() - minutesAgo * 60_000).toISOString().replace(/\.\d+Z$/, 'Z'));
  return text;
};
/** A digest in hex, in one call (a fraction of createHash's cost for the short seeds here, hashed on every read of a generated object). */
export const hexDigest = (algorithm: 'sha1' | 'sha256', data: string): string => hash(algorithm, data, 'hex');
const ownerUids = new Map<string, string>();
/** Deterministic uid-shaped ids so generated clusters are reproducible. */
export const stableUid = (seed: string): string => {
  const h = hexDigest('sha1', seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
export const hash5 = (seed: string): string => hexDigest('sha1', seed).replace(/[aeiou01]/g, '').slice(0, 5).padEnd(5, 'x');

/** The uid of an owner by its key (cached: thousands of pods name the same owner). */
export const ownerUid = (key: string): string => {
  let uid = ownerUids.get(key);
  if (!uid) ownerUids.set(key, uid = stableUid(key));
  return uid;
};
