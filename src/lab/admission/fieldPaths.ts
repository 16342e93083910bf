// Field sets as server-side apply sees them (FieldsV1): "f:" for fields, "k:{...}" for items of
// associative lists (by their merge keys), "v:" for set members, "." for an item itself. The list
// keys approximate the x-kubernetes-list-map-keys of the built-in types; other lists are atomic.
import { serverSetMeta } from '../store/objectMeta';

/** Merge keys of associative lists, by the list's field name. */
export const listMapKeys: Record<string, string[]> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  env: ['name'],
  volumes: ['name'],
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
  imagePullSecrets: ['name'],
  hostAliases: ['ip'],
  conditions: ['type'],
  addresses: ['type'],
  ownerReferences: ['uid'],
  topologySpreadConstraints: ['topologyKey', 'whenUnsatisfiable'],
  resourceClaims: ['name'],
  readinessGates: ['conditionType'],
};
/** Lists of scalars that merge as sets. */
const setLists = new Set(['finalizers']);

export type PathElement = string;
export type FieldPath = readonly PathElement[];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Merge keys for a list at `field`, with ports special-cased (container vs service ports). */
export function keysForList(field: string, items: readonly unknown[], parentPath: FieldPath): string[] | undefined {
  if (field === 'ports') {
    return parentPath.includes('f:containers') || parentPath.includes('f:initContainers')
      ? ['containerPort', 'protocol']
      : ['port', 'protocol'];
  }
  const keys = listMapKeys[field];
  if (keys && items.every(isObject)) return keys;
  return undefined;
}

export function itemKey(item: Record<string, unknown>, keys: readonly string[], field: string): string {
  const k: Record<string, unknown> = {};
  for (const key of keys) {
    // protocol defaults to TCP in the apiserver before the key is computed
    k[key] = item[key] ?? (key === 'protocol' && field === 'ports' ? 'TCP' : undefined);
  }
  return `k:${JSON.stringify(Object.fromEntries(Object.entries(k).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1))))}`;
}

/** Leaf paths of an object (plus "." markers for list items), skipping identity fields. */
export function leafPaths(o: Record<string, unknown>, includeStatus: boolean): FieldPath[] {
  const out: FieldPath[] = [];
  const walk = (value: unknown, path: PathElement[], field: string): void => {
    if (isObject(value)) {
      const entries = Object.entries(value);
      if (entries.length === 0 && path.length > 0) out.push(path);
      for (const [k, v] of entries) {
        if (path.length === 0 && (k === 'apiVersion' || k === 'kind' || (k === 'status' && !includeStatus))) continue;
        if (path.length === 1 && path[0] === 'f:metadata' && serverSetMeta.has(k)) continue;
        walk(v, [...path, `f:${k}`], k);
      }
      return;
    }
    if (Array.isArray(value)) {
      const keys = keysForList(field, value, path);
      if (keys) {
        for (const item of value as Record<string, unknown>[]) {
          const itemPath = [...path, itemKey(item, keys, field)];
          out.push([...itemPath, '.']);
          for (const [k, v] of Object.entries(item)) walk(v, [...itemPath, `f:${k}`], k);
        }
        return;
      }
      if (setLists.has(field) && value.every((v) => typeof v !== 'object')) {
        for (const v of value) out.push([...path, `v:${JSON.stringify(v)}`]);
        return;
      }
    }
    out.push(path);
  };
  walk(o, [], '');
  return out.filter((p) => p.length > 0);
}

export const pathId = (p: FieldPath): string => JSON.stringify(p);

/** FieldsV1 (nested object) from paths. */
export function toFieldsV1(paths: Iterable<FieldPath>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const p of paths) {
    let node = root;
    for (const el of p) node = (node[el] ??= {}) as Record<string, unknown>;
  }
  return root;
}

/** Paths from FieldsV1: every leaf, and "." markers kept as their own paths. */
export function fromFieldsV1(fields: Record<string, unknown> | undefined): FieldPath[] {
  const out: FieldPath[] = [];
  const walk = (node: Record<string, unknown>, path: string[]): void => {
    const keys = Object.keys(node);
    if (keys.length === 0 && path.length > 0) out.push(path);
    for (const k of keys) walk(node[k] as Record<string, unknown>, [...path, k]);
  };
  walk(fields ?? {}, []);
  return out;
}

/** The value a path addresses (undefined when absent). "." addresses the list item itself. */
export function valueAt(o: unknown, path: FieldPath): unknown {
  let cur: unknown = o;
  for (const el of path) {
    if (cur === undefined) return undefined;
    if (el === '.') return cur;
    if (el.startsWith('f:')) cur = isObject(cur) ? cur[el.slice(2)] : undefined;
    else if (el.startsWith('k:')) {
      const want = JSON.parse(el.slice(2)) as Record<string, unknown>;
      cur = Array.isArray(cur)
        ? cur.find((item) => isObject(item) && Object.entries(want).every(([k, v]) => (item[k] ?? (k === 'protocol' ? 'TCP' : undefined)) === v))
        : undefined;
    } else if (el.startsWith('v:')) {
      const want = JSON.parse(el.slice(2)) as unknown;
      return Array.isArray(cur) && cur.includes(want) ? want : undefined;
    }
  }
  return cur;
}

/** Removes what a path addresses from `o` (in place). */
export function removeAt(o: Record<string, unknown>, path: FieldPath): void {
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  if (last === '.') {
    const itemEl = parentPath[parentPath.length - 1];
    const list = valueAt(o, parentPath.slice(0, -1));
    const item = valueAt(o, parentPath);
    if (Array.isArray(list) && itemEl.startsWith('k:')) {
      list.splice(list.indexOf(item), 1);
      if (list.length === 0) removeAt(o, parentPath.slice(0, -1));
    }
    return;
  }
  const parent = valueAt(o, parentPath);
  if (last.startsWith('f:') && isObject(parent)) {
    delete parent[last.slice(2)];
    // Go's omitempty: a map or struct left empty is not serialised at all.
    if (Object.keys(parent).length === 0 && parentPath.length > 0 && parentPath[parentPath.length - 1].startsWith('f:')) removeAt(o, parentPath);
  } else if (last.startsWith('v:') && Array.isArray(parent)) {
    const i = parent.indexOf(JSON.parse(last.slice(2)));
    if (i >= 0) parent.splice(i, 1);
  }
}
