// Server-side apply: the applied configuration is merged into the live object, each manager owns
// the fields it applied, values that differ from another manager's are 409 conflicts (unless
// force), fields a manager stops applying are removed, and an apply that changes nothing leaves
// the object (and its resourceVersion) untouched.
import type { ResourceType } from '../api/resourceTypes';
import { StatusError } from '../api/statusError';
import type { StoredObject, ManagedFieldsEntry } from '../store/storedObject';
import type { ObjectStore } from '../store/objectStore';
import { canonicalJson } from '../store/storedObject';
import type { FieldPath } from './fieldPaths';
import { fromFieldsV1, itemKey, keysForList, leafPaths, pathId, removeAt, toFieldsV1, valueAt } from './fieldPaths';
import { nowSeconds } from './managedFields';
import { prepareCreateDefaults } from './prepareCreate';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep merge of an applied configuration into live: maps by key, associative lists by merge key, the rest replaced. */
export function mergeApplied(live: unknown, applied: unknown, field = '', path: string[] = []): unknown {
  if (isObject(applied)) {
    const out: Record<string, unknown> = isObject(live) ? { ...live } : {};
    for (const [k, v] of Object.entries(applied)) out[k] = mergeApplied(out[k], v, k, [...path, `f:${k}`]);
    return out;
  }
  if (Array.isArray(applied)) {
    const keys = keysForList(field, applied, path);
    if (keys && Array.isArray(live)) {
      const out = [...live] as Record<string, unknown>[];
      for (const item of applied as Record<string, unknown>[]) {
        const id = itemKey(item, keys, field);
        const at = out.findIndex((x) => isObject(x) && itemKey(x, keys, field) === id);
        if (at >= 0) out[at] = mergeApplied(out[at], item, field, path) as Record<string, unknown>;
        else out.push(structuredClone(item));
      }
      return out;
    }
    if (field === 'finalizers' && Array.isArray(live)) return [...new Set([...live, ...applied])];
  }
  return structuredClone(applied);
}

const groupVersion = (o: StoredObject): string => o.apiVersion;
const sameSubresource = (e: ManagedFieldsEntry, sub: string | undefined): boolean => (e.subresource ?? '') === (sub ?? '');

function describePath(p: FieldPath): string {
  return p.filter((el) => el !== '.').map((
    el,
  ) => (el.startsWith('f:')
    ? `.${el.slice(2)}`
    : el.startsWith('k:')
    ? `[${Object.entries(JSON.parse(el.slice(2)) as object).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`
    : `[${el.slice(2)}]`)
  ).join('');
}

/** The apiserver's getConflictMessage: one line for one conflict, grouped by manager otherwise. */
function conflictMessage(conflicts: { manager: string; path: string }[]): string {
  if (conflicts.length === 1) return `Apply failed with 1 conflict: conflict with ${conflicts[0].manager}: ${conflicts[0].path}`;
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), c.path]);
  const lines = [...byManager.keys()].sort().flatMap((m) => [`conflicts with ${m}:`, ...(byManager.get(m) ?? []).map((p) => `- ${p}`)]);
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

export function serverSideApply(
  store: ObjectStore,
  t: ResourceType,
  live: Readonly<StoredObject> | undefined,
  applied: StoredObject,
  manager: string,
  force: boolean,
  subresource: string | undefined,
  dryRun: boolean,
): { object: Readonly<StoredObject>; created: boolean } {
  const includeStatus = subresource === 'status';
  const appliedPaths = leafPaths(applied as Record<string, unknown>, includeStatus);
  const appliedIds = new Set(appliedPaths.map(pathId));
  const entry = (): ManagedFieldsEntry => ({
    manager,
    operation: 'Apply',
    apiVersion: groupVersion(applied),
    time: nowSeconds(),
    fieldsType: 'FieldsV1',
    fieldsV1: toFieldsV1(appliedPaths),
    ...(subresource ? { subresource } : {}),
  });

  if (!live) {
    if (subresource) throw new StatusError(404, 'NotFound', `${t.plural} "${applied.metadata.name}" not found`);
    const o = structuredClone(applied);
    prepareCreateDefaults(store, t, o);
    o.metadata.managedFields = [entry()];
    return { object: store.create(o, { dryRun }), created: true };
  }

  const entries = structuredClone(live.metadata.managedFields ?? []);
  const conflicts: { manager: string; path: FieldPath }[] = [];
  // How the apiserver names a manager in conflicts: Update managers with the API version they used.
  const managerText = (e: ManagedFieldsEntry): string =>
    `"${e.manager}"${e.subresource ? ` with subresource "${e.subresource}"` : ''}${e.operation === 'Update' ? ` using ${e.apiVersion}` : ''}`;
  const others: { e: ManagedFieldsEntry; paths: FieldPath[] }[] = [];
  let previousMine: FieldPath[] = [];
  for (const e of entries) {
    const paths = fromFieldsV1(e.fieldsV1);
    if (e.manager === manager && e.operation === 'Apply' && sameSubresource(e, subresource)) {
      previousMine = paths;
      continue;
    }
    if (sameSubresource(e, subresource)) {
      for (const p of paths) {
        if (appliedIds.has(pathId(p)) && p[p.length - 1] !== '.' && canonicalJson(valueAt(live, p)) !== canonicalJson(valueAt(applied, p))) {
          conflicts.push({ manager: managerText(e), path: p });
        }
      }
    }
    others.push({ e, paths });
  }
  if (conflicts.length > 0 && !force) {
    throw new StatusError(409, 'Conflict', conflictMessage(conflicts.map((c) => ({ manager: c.manager, path: describePath(c.path) }))), {
      causes: conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${c.manager}`, field: describePath(c.path) })),
    });
  }
  const conflictIds = new Set(conflicts.map((c) => pathId(c.path)));
  const owned = new Set<string>();
  const nextEntries: ManagedFieldsEntry[] = [];
  for (const { e, paths } of others) {
    const kept = force ? paths.filter((p) => !conflictIds.has(pathId(p))) : paths;
    for (const p of kept) owned.add(pathId(p));
    if (kept.length > 0) nextEntries.push(kept.length === paths.length ? e : { ...e, fieldsV1: toFieldsV1(kept) });
  }

  let next = structuredClone(live) as StoredObject;
  // Fields this manager applied before but not now, and nobody else owns: removed (leaves first, then items).
  const dropped = previousMine.filter((p) => !appliedIds.has(pathId(p)) && !owned.has(pathId(p)));
  for (const p of dropped.filter((x) => x[x.length - 1] !== '.')) removeAt(next as Record<string, unknown>, p);
  for (const p of dropped.filter((x) => x[x.length - 1] === '.')) removeAt(next as Record<string, unknown>, p);
  const { metadata: appliedMeta, ...appliedRest } = applied;
  const appliedMetaRest: Record<string, unknown> = { ...appliedMeta };
  for (const k of ['name', 'namespace', 'resourceVersion', 'uid', 'managedFields', 'creationTimestamp', 'generation']) delete appliedMetaRest[k];
  next = mergeApplied(next, { ...appliedRest, metadata: appliedMetaRest }) as StoredObject;

  const sameFields = canonicalJson(toFieldsV1(previousMine)) === canonicalJson(toFieldsV1(appliedPaths));
  const previousEntry = entries.find((e) => e.manager === manager && e.operation === 'Apply' && sameSubresource(e, subresource));
  nextEntries.push(sameFields && previousEntry ? previousEntry : entry());
  // Keep the live order of managers so an unchanged apply is byte-identical.
  next.metadata.managedFields = entries.map((e) =>
    nextEntries.find((n) => n.manager === e.manager && n.operation === e.operation && sameSubresource(n, e.subresource))
  ).filter((e): e is ManagedFieldsEntry => e !== undefined)
    .concat(nextEntries.filter((n) => !entries.some((e) => e.manager === n.manager && e.operation === n.operation && sameSubresource(n, e.subresource))));
  next.metadata.resourceVersion = live.metadata.resourceVersion;
  return { object: store.update(next, { dryRun, subresource }), created: false };
}
