// ObjectMeta's fields in the order the apiserver serialises them (the Go struct's order), and the
// ones of them the server sets itself: those belong to no field manager in server-side apply.
import type { StoredObject } from './storedObject';

export const metaOrder = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
] as const;

/** The metadata a client owns (managedFields track them); everything else in metaOrder is the server's. */
const clientOwned = new Set<string>(['labels', 'annotations', 'ownerReferences', 'finalizers']);

/** The server's own metadata fields: identity, versions, timestamps and managedFields itself. */
export const serverSetMeta: ReadonlySet<string> = new Set(metaOrder.filter((k) => !clientOwned.has(k)));

/** The metadata in the apiserver's key order, undefined values dropped. */
export function reorderMeta<T extends Record<string, unknown>>(meta: T): T {
  const out: Record<string, unknown> = {};
  for (const k of metaOrder) if (meta[k] !== undefined) out[k] = meta[k];
  for (const [k, v] of Object.entries(meta)) if (v !== undefined && !(k in out)) out[k] = v;
  return out as T;
}

/** apiVersion, kind and metadata first, as the apiserver serialises them. */
export const typeFirst = (o: StoredObject): StoredObject => Object.assign({ apiVersion: o.apiVersion, kind: o.kind, metadata: o.metadata }, o);

/** A freshly built object with its resourceVersion, in the apiserver's key order. */
export function withResourceVersion(o: StoredObject, resourceVersion: string): StoredObject {
  // Generators build objects in the apiserver's key order with a resourceVersion slot: no copies then.
  if ('resourceVersion' in o.metadata && Object.keys(o)[2] === 'metadata') {
    o.metadata.resourceVersion = resourceVersion;
    return o;
  }
  o.metadata = reorderMeta({ ...o.metadata, resourceVersion });
  return typeFirst(o);
}
