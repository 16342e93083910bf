// PATCH bodies: JSON merge patch (RFC 7386), JSON patch (RFC 6902) and strategic merge patch for
// the cases kubectl produces (lists merged by their merge keys, $patch: delete/replace, $retainKeys ignored).
import { badRequest, StatusError } from '../api/statusError';
import { keysForList } from './fieldPaths';

type Json = unknown;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

const unescape = (s: string): string => s.replace(/~1/g, '/').replace(/~0/g, '~');

export function jsonPatch(target: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = structuredClone(target);
  for (const op of ops as { op: string; path: string; value?: unknown; from?: string }[]) {
    const locate = (path: string): { parent: Record<string, unknown> | unknown[]; key: string } => {
      const parts = path.split('/').slice(1).map(unescape);
      let parent: unknown = doc;
      for (const p of parts.slice(0, -1)) parent = Array.isArray(parent) ? parent[Number(p)] : (parent as Record<string, unknown>)?.[p];
      if (typeof parent !== 'object' || parent === null) {
        throw new StatusError(422, 'Invalid', `the server rejected our request due to an error in our request: doc is missing path: "${path}"`);
      }
      return { parent: parent as Record<string, unknown>, key: parts[parts.length - 1] };
    };
    const get = (path: string): unknown => {
      if (path === '') return doc;
      const { parent, key } = locate(path);
      return Array.isArray(parent) ? parent[Number(key)] : parent[key];
    };
    const remove = (path: string): unknown => {
      const { parent, key } = locate(path);
      if (Array.isArray(parent)) return parent.splice(Number(key), 1)[0];
      if (!(key in parent)) {
        throw new StatusError(422, 'Invalid', `the server rejected our request due to an error in our request: doc is missing key: ${path}`);
      }
      const v = parent[key];
      delete parent[key];
      return v;
    };
    const add = (path: string, value: unknown): void => {
      if (path === '') {
        doc = value;
        return;
      }
      const { parent, key } = locate(path);
      if (Array.isArray(parent)) parent.splice(key === '-' ? parent.length : Number(key), 0, value);
      else parent[key] = value;
    };
    switch (op.op) {
      case 'add':
        add(op.path, structuredClone(op.value));
        break;
      case 'remove':
        remove(op.path);
        break;
      case 'replace':
        remove(op.path);
        add(op.path, structuredClone(op.value));
        break;
      case 'move':
        add(op.path, remove(op.from ?? ''));
        break;
      case 'copy':
        add(op.path, structuredClone(get(op.from ?? '')));
        break;
      case 'test':
        if (JSON.stringify(get(op.path)) !== JSON.stringify(op.value)) {
          throw new StatusError(422, 'Invalid', `the server rejected our request due to an error in our request: testing value ${op.path} failed`);
        }
        break;
      default:
        throw badRequest(`Unexpected kind: ${op.op}`);
    }
  }
  return doc;
}

/** Strategic merge patch, enough for kubectl edit/label/annotate/set image/rollout restart and client-side apply. */
export function strategicMergePatch(target: Json, patch: Json, field = '', path: string[] = []): Json {
  if (!isObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const rest = { ...patch };
    delete rest.$patch;
    return rest;
  }
  if (patch.$patch === 'delete') return undefined;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$retainKeys' || k === '$patch') continue;
    if (k.startsWith('$setElementOrder/') || k.startsWith('$deleteFromPrimitiveList/')) {
      if (k.startsWith('$deleteFromPrimitiveList/')) {
        const name = k.slice('$deleteFromPrimitiveList/'.length);
        out[name] = ((out[name] as unknown[] | undefined) ?? []).filter((x) => !(v as unknown[]).includes(x));
      }
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    if (Array.isArray(v)) {
      const keys = keysForList(k, v, [...path, `f:${field}`].map((p) => (p.startsWith('f:') ? p : `f:${p}`)));
      const current = out[k];
      if (keys && Array.isArray(current)) {
        const merged = [...current] as Record<string, unknown>[];
        for (const item of v as Record<string, unknown>[]) {
          const at = merged.findIndex((m) =>
            keys.every((key) => (m[key] ?? null) === (item[key] ?? null) || (key === 'protocol' && (m[key] ?? 'TCP') === (item[key] ?? 'TCP')))
          );
          if (item.$patch === 'delete') {
            if (at >= 0) merged.splice(at, 1);
          } else if (at >= 0) merged[at] = strategicMergePatch(merged[at], item, k, [...path, `f:${k}`]) as Record<string, unknown>;
          else merged.push(strategicMergePatch({}, item, k, [...path, `f:${k}`]) as Record<string, unknown>);
        }
        out[k] = merged;
      } else out[k] = structuredClone(v);
      continue;
    }
    const next = strategicMergePatch(out[k], v, k, [...path, `f:${k}`]);
    if (next === undefined) delete out[k];
    else out[k] = next;
  }
  return out;
}
