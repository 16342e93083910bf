// The resource half of the API: get, list, watch, create, update, patch, delete, deletecollection
// on /api/v1/... and /apis/GROUP/VERSION/..., after authentication and authorisation.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LabUser } from '../api/labAuth';
import { authorize } from '../api/labAuth';
import type { RequestInfo } from '../api/requestInfo';
import type { ResourceType } from '../api/resourceTypes';
import { apiVersionOf } from '../api/resourceTypes';
import { exactField, fieldMatcher, labelMatcher } from '../api/selectors';
import { badRequest, notFound, StatusError } from '../api/statusError';
import type { TableInclude } from '../api/tableColumns';
import { table } from '../api/tableColumns';
import { managerName, recordUpdate } from '../admission/managedFields';
import { jsonPatch, mergePatch, strategicMergePatch } from '../admission/patches';
import { serverSideApply } from '../admission/serverSideApply';
import { prepareCreateDefaults } from '../admission/prepareCreate';
import type { StoredObject } from '../store/storedObject';
import type { ObjectStore } from '../store/objectStore';
import type { LabFaults } from '../labFaults';
import { parseBody, readBody, sendChunked, sendJson } from './httpIo';
import { listJsonParts, listPage, streamedListItems, streamJsonList } from './listing';
import { serveWatch } from './watching';
import { protobufWatchFrames, sendProtobufList, sendProtobufObject, wantsProtobuf } from './protobufResponses';

export interface ResourceContext {
  readonly store: ObjectStore;
  readonly faults: LabFaults;
  readonly bookmarkIntervalMs: number;
}

const tableInclude = (url: URL): TableInclude => {
  const v = url.searchParams.get('includeObject');
  return v === 'Object' || v === 'None' ? v : 'Metadata';
};
const wantsTable = (req: IncomingMessage): boolean => /as=Table/.test(req.headers.accept ?? '');
const truthy = (v: string | null): boolean => v === 'true' || v === '1';

function verbOf(method: string, info: RequestInfo, url: URL): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (!info.name) return truthy(url.searchParams.get('watch')) ? 'watch' : 'list';
      return 'get';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return info.name ? 'delete' : 'deletecollection';
    default:
      throw new StatusError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
  }
}

export async function handleResource(
  ctx: ResourceContext,
  user: LabUser,
  info: RequestInfo,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { store } = ctx;
  const t = store.typeByPath(info.group, info.version, info.plural);
  if (!t || (info.namespace !== undefined && !t.namespaced)) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
  if (info.subresource && !t.subresources.includes(info.subresource)) {
    throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
  }
  const verb = verbOf(req.method ?? 'GET', info, url);
  authorize(user, verb, t, info.namespace, info.name);
  const q = url.searchParams;
  const dryRun = q.getAll('dryRun').includes('All');
  const manager = managerName(q.get('fieldManager'), req.headers['user-agent']);
  const namespace = t.namespaced ? info.namespace : undefined;

  if (info.subresource === 'scale') return handleScale(ctx, t, verb, namespace ?? 'default', info.name as string, manager, req, res);
  switch (verb) {
    case 'get': {
      const e = store.entry(t, namespace ?? '', info.name as string);
      if (!e) throw notFound(t.group, t.plural, info.name as string);
      if (wantsTable(req)) {
        return sendJson(
          res,
          200,
          table(t.kind, Boolean(t.custom), [e.object], { resourceVersion: String(e.rv) }, tableInclude(url)),
          'application/json;as=Table;v=v1;g=meta.k8s.io',
        );
      }
      if (wantsProtobuf(t, req, ctx.faults)) return sendProtobufObject(res, t, e.object);
      return sendJson(res, 200, e.json);
    }
    case 'list': {
      const fieldSelector = q.get('fieldSelector');
      const page = listPage(store, t, {
        namespace,
        limit: Number(q.get('limit') ?? 0) || undefined,
        continueToken: q.get('continue') ?? undefined,
        label: labelMatcher(q.get('labelSelector')),
        field: fieldMatcher(fieldSelector, t.kind),
        exactName: namespace !== undefined || !t.namespaced ? exactField(fieldSelector, 'metadata.name') : undefined,
      });
      if (wantsTable(req)) {
        const meta = {
          resourceVersion: page.resourceVersion,
          ...(page.continueToken ? { continue: page.continueToken } : {}),
          ...(page.remainingItemCount !== undefined ? { remainingItemCount: page.remainingItemCount } : {}),
        };
        return sendJson(
          res,
          200,
          table(t.kind, Boolean(t.custom), page.entries.map((e) => e.object), meta, tableInclude(url)),
          'application/json;as=Table;v=v1;g=meta.k8s.io',
        );
      }
      if (wantsProtobuf(t, req, ctx.faults)) return sendProtobufList(res, t, page);
      if (page.entries.length > streamedListItems) return void streamJsonList(res, t, page);
      return sendChunked(res, listJsonParts(t, page));
    }
    case 'watch':
      if (ctx.faults.current.noWatchList && q.has('sendInitialEvents')) {
        throw new StatusError(
          422,
          'Invalid',
          'ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled',
        );
      }
      return serveWatch(
        store,
        ctx.faults,
        t,
        {
          namespace,
          resourceVersion: q.get('resourceVersion') ?? undefined,
          label: labelMatcher(q.get('labelSelector')),
          field: fieldMatcher(q.get('fieldSelector'), t.kind),
          bookmarks: truthy(q.get('allowWatchBookmarks')),
          timeoutSeconds: q.has('timeoutSeconds') ? Number(q.get('timeoutSeconds')) : undefined,
          table: wantsTable(req) ? tableInclude(url) : undefined,
          sendInitialEvents: q.has('sendInitialEvents') ? truthy(q.get('sendInitialEvents')) : undefined,
          protobuf: wantsProtobuf(t, req, ctx.faults) ? protobufWatchFrames(t) : undefined,
        },
        { bookmarkIntervalMs: ctx.bookmarkIntervalMs },
        req,
        res,
      );
    case 'create': {
      const o = checkBody(parseBody(await readBody(req), req.headers['content-type']), t, namespace);
      prepareCreateDefaults(store, t, o);
      recordUpdate(o, undefined, manager);
      return sendJson(res, 201, store.create(o, { dryRun }));
    }
    case 'update': {
      const o = checkBody(parseBody(await readBody(req), req.headers['content-type']), t, namespace);
      if (o.metadata.name !== info.name) throw badRequest(`the name of the object (${o.metadata.name}) does not match the name on the URL (${info.name})`);
      const current = store.entry(t, namespace ?? '', info.name);
      if (!current) throw notFound(t.group, t.plural, info.name);
      recordUpdate(o, current.object, manager, info.subresource);
      return sendJson(res, 200, store.update(o, { dryRun, subresource: info.subresource }));
    }
    case 'patch': {
      const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim();
      const body = parseBody(await readBody(req), contentType);
      const name = info.name as string;
      const current = store.entry(t, namespace ?? '', name);
      if (contentType === 'application/apply-patch+yaml' || contentType === 'application/apply-patch+cbor') {
        if (!q.get('fieldManager')) throw badRequest('PATCH, application/apply-patch+yaml requires fieldManager to be set');
        const applied = checkBody(body, t, namespace);
        if (applied.metadata.name !== name) throw badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`);
        const { object, created } = serverSideApply(
          store,
          t,
          current?.object,
          applied,
          q.get('fieldManager') as string,
          truthy(q.get('force')),
          info.subresource,
          dryRun,
        );
        return sendJson(res, created ? 201 : 200, object);
      }
      if (!current) throw notFound(t.group, t.plural, name);
      const base = structuredClone(current.object) as StoredObject;
      let next: unknown;
      if (contentType === 'application/merge-patch+json') next = mergePatch(base, body);
      else if (contentType === 'application/json-patch+json') next = jsonPatch(base, body);
      else if (contentType === 'application/strategic-merge-patch+json') {
        if (t.custom) {
          throw new StatusError(
            415,
            'UnsupportedMediaType',
            `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
          );
        }
        next = strategicMergePatch(base, body);
      } else {throw new StatusError(
          415,
          'UnsupportedMediaType',
          `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
        );}
      const o = next as StoredObject;
      o.metadata.name = name;
      recordUpdate(o, current.object, manager, info.subresource);
      return sendJson(res, 200, store.update(o, { dryRun, subresource: info.subresource }));
    }
    case 'delete': {
      const body = await readBody(req);
      const options = body.length
        ? (parseBody(body, req.headers['content-type']) as { preconditions?: { uid?: string; resourceVersion?: string }; dryRun?: string[] })
        : {};
      const deleted = store.delete({ apiVersion: apiVersionOf(t), kind: t.kind, namespace, name: info.name as string }, {
        dryRun: dryRun || Boolean(options.dryRun?.includes('All')),
        uid: options.preconditions?.uid,
        resourceVersion: options.preconditions?.resourceVersion,
      });
      return sendJson(res, 200, deleted);
    }
    case 'deletecollection': {
      const page = listPage(store, t, { namespace, label: labelMatcher(q.get('labelSelector')), field: fieldMatcher(q.get('fieldSelector'), t.kind) });
      const deleted = page.entries.map((e) =>
        store.delete({ apiVersion: apiVersionOf(t), kind: t.kind, namespace: e.object.metadata.namespace, name: e.object.metadata.name }, { dryRun })
      );
      return sendJson(res, 200, { kind: `${t.kind}List`, apiVersion: apiVersionOf(t), metadata: { resourceVersion: String(store.currentRv) }, items: deleted });
    }
  }
}

/** /scale of Deployments and ReplicaSets: an autoscaling/v1 Scale view of spec.replicas. */
async function handleScale(
  ctx: ResourceContext,
  t: ResourceType,
  verb: string,
  namespace: string,
  name: string,
  manager: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const current = ctx.store.entry(t, namespace, name);
  if (!current) throw notFound(t.group, t.plural, name);
  const o = current.object;
  const scaleOf = (x: Readonly<StoredObject>): object => ({
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: x.metadata.name,
      namespace: x.metadata.namespace,
      uid: x.metadata.uid,
      resourceVersion: x.metadata.resourceVersion,
      creationTimestamp: x.metadata.creationTimestamp,
    },
    spec: { replicas: (x.spec as { replicas?: number }).replicas ?? 1 },
    status: {
      replicas: (x.status as { replicas?: number } | undefined)?.replicas ?? 0,
      selector: Object.entries((x.spec as { selector?: { matchLabels?: Record<string, string> } }).selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`)
        .join(','),
    },
  });
  if (verb === 'get') return sendJson(res, 200, scaleOf(o));
  if (verb !== 'update' && verb !== 'patch') throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const body = parseBody(await readBody(req), req.headers['content-type']);
  const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim();
  const scale = (verb === 'update' ? body : contentType === 'application/json-patch+json' ? jsonPatch(scaleOf(o), body) : mergePatch(scaleOf(o), body)) as {
    spec?: { replicas?: number };
  };
  const next = structuredClone(o) as StoredObject;
  next.spec = { ...(next.spec as object), replicas: scale.spec?.replicas ?? 1 };
  recordUpdate(next, o, manager);
  return sendJson(res, 200, scaleOf(ctx.store.update(next)));
}

/** The body must be an object of this resource's kind, in the URL's namespace. */
function checkBody(body: unknown, t: ResourceType, namespace: string | undefined): StoredObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('the body of the request was in an unknown format');
  const o = body as StoredObject;
  o.apiVersion ??= apiVersionOf(t);
  o.kind ??= t.kind;
  if (o.kind !== t.kind || o.apiVersion !== apiVersionOf(t)) {
    throw badRequest(`the API version in the data (${o.apiVersion}) does not match the expected API version (${apiVersionOf(t)})`);
  }
  o.metadata ??= { name: '' };
  if (t.namespaced && namespace !== undefined) {
    if (o.metadata.namespace && o.metadata.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    o.metadata.namespace = namespace;
  }
  return o;
}
