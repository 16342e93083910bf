// managedFields bookkeeping for non-apply writes: the writer becomes an "Update" manager of the
// fields it set or changed, and those fields leave other managers (updates always win).
import type { StoredObject, ManagedFieldsEntry } from '../store/storedObject';
import type { FieldPath } from './fieldPaths';
import { fromFieldsV1, leafPaths, pathId, toFieldsV1, valueAt } from './fieldPaths';

export const nowSeconds = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** The field manager of a request: ?fieldManager, else the user agent's program name (as the apiserver does). */
export function managerName(fieldManager: string | null, userAgent: string | undefined): string {
  if (fieldManager) return fieldManager;
  const program = (userAgent ?? 'unknown').split('/')[0];
  return program.length > 128 ? program.slice(0, 128) : program || 'unknown';
}

export function recordUpdate(next: StoredObject, previous: Readonly<StoredObject> | undefined, manager: string, subresource?: string): void {
  const includeStatus = subresource === 'status';
  const changed: FieldPath[] = leafPaths(next as Record<string, unknown>, includeStatus).filter((p) =>
    !previous || JSON.stringify(valueAt(previous, p)) !== JSON.stringify(valueAt(next, p))
  );
  const entries: ManagedFieldsEntry[] = structuredClone(previous?.metadata.managedFields ?? next.metadata.managedFields ?? []);
  if (changed.length === 0 && previous) {
    next.metadata.managedFields = entries;
    return;
  }
  const changedIds = new Set(changed.map(pathId));
  const out: ManagedFieldsEntry[] = [];
  let mine: ManagedFieldsEntry | undefined;
  for (const e of entries) {
    if (e.manager === manager && e.operation === 'Update' && (e.subresource ?? '') === (subresource ?? '')) {
      mine = e;
      continue;
    }
    const kept = fromFieldsV1(e.fieldsV1).filter((p) => !changedIds.has(pathId(p)));
    if (kept.length > 0) out.push({ ...e, fieldsV1: toFieldsV1(kept) });
  }
  const mineIds = new Map(fromFieldsV1(mine?.fieldsV1).map((p) => [pathId(p), p]));
  for (const p of changed) mineIds.set(pathId(p), p);
  // Fields the writer removed are no longer anyone's.
  const stillThere = [...mineIds.values()].filter((p) => valueAt(next, p) !== undefined);
  out.push({
    manager,
    operation: 'Update',
    apiVersion: next.apiVersion,
    time: nowSeconds(),
    fieldsType: 'FieldsV1',
    fieldsV1: toFieldsV1(stillThere),
    ...(subresource ? { subresource } : {}),
  });
  next.metadata.managedFields = out;
}
