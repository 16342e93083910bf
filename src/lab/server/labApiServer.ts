// The HTTPS front of the lab: faults first (as a flaky network or apiserver would add them), then
// authentication, then discovery/OpenAPI/health documents or the resource handlers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { LabTokens, LabUser } from '../api/labAuth';
import { certificateUser } from '../api/labAuth';
import { parseResourcePath } from '../api/requestInfo';
import {
  aggregatedContentType,
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  labServerVersion,
  openApiV3GroupVersion,
  openApiV3Root,
} from '../api/discovery';
import { StatusError } from '../api/statusError';
import type { LabCertificates } from '../tls/labCertificates';
import type { FaultSettings, LabFaults } from '../labFaults';
import type { ObjectStore } from '../store/objectStore';
import { parseBody, readBody, sendJson, sendStatus } from './httpIo';
import { handleResource } from './resourceRequests';

export interface LabApiServerOptions {
  readonly store: ObjectStore;
  readonly tokens: LabTokens;
  readonly faults: LabFaults;
  readonly certificates: LabCertificates;
  readonly bookmarkIntervalMs: number;
}

const publicPaths = new Set(['/version', '/healthz', '/livez', '/readyz']);
const notFoundError = (): StatusError => new StatusError(404, 'NotFound', 'the server could not find the requested resource');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function createLabApiServer(opts: LabApiServerOptions): Server {
  // Client certificates are asked for, never required: token users connect without one, and an
  // untrusted one is simply not a credential (the token, if any, decides), as on the API server.
  const tlsOptions = {
    key: opts.certificates.keyPem,
    cert: opts.certificates.certPem,
    ca: opts.certificates.caPem,
    requestCert: true,
    rejectUnauthorized: false,
  };
  const server = createServer(tlsOptions, (req, res) => {
    handle(opts, server, req, res).catch((error: unknown) => {
      if (error instanceof StatusError) sendStatus(res, error);
      else sendStatus(res, new StatusError(500, 'InternalError', `Internal error occurred: ${error instanceof Error ? error.message : String(error)}`));
    });
  });
  server.keepAliveTimeout = 60_000;
  return server;
}

async function handle(opts: LabApiServerOptions, server: Server, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://lab.invalid');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const info = parseResourcePath(path);
  if (info) await injectFaults(opts.faults, req, res);
  if (res.writableEnded || req.socket.destroyed) return;

  let user: LabUser | undefined = certificateUser(req.socket);
  if (!user && (req.headers.authorization || !publicPaths.has(path))) {
    // tokenExpired refuses tokens on everything but the faults endpoint, so it can be cleared.
    opts.tokens.expired = opts.faults.current.tokenExpired && path !== '/podnet-lab/faults';
    user = opts.tokens.authenticate(req.headers.authorization);
  }
  if (info && opts.faults.current.forbidden.includes(info.plural)) {
    const resource = info.group ? `${info.plural}.${info.group}` : info.plural;
    throw new StatusError(
      403,
      'Forbidden',
      `${resource} is forbidden: User "${
        user?.name ?? 'system:anonymous'
      }" cannot list resource "${info.plural}" in API group "${info.group}" (podnet lab fault forbid)`,
    );
  }
  if (info) {
    return handleResource({ store: opts.store, faults: opts.faults, bookmarkIntervalMs: opts.bookmarkIntervalMs }, user as LabUser, info, url, req, res);
  }

  const types = opts.store.types();
  const accept = req.headers.accept ?? '';
  const aggregated = /g=apidiscovery\.k8s\.io;\s*v=v2(;|,|$)/.test(accept) && /as=APIGroupDiscoveryList/.test(accept);
  const address = server.address() as AddressInfo;
  let m: RegExpExecArray | null;
  if (path === '/version') return sendJson(res, 200, labServerVersion);
  if (path === '/healthz' || path === '/livez' || path === '/readyz') return sendText(res, 'ok');
  if (path === '/api') {
    if (aggregated) return sendJson(res, 200, aggregatedDiscovery(types, true), aggregatedContentType);
    return sendJson(res, 200, apiVersions(`${address.address}:${address.port}`));
  }
  if (path === '/apis') {
    if (aggregated) return sendJson(res, 200, aggregatedDiscovery(types, false), aggregatedContentType);
    return sendJson(res, 200, apiGroupList(types));
  }
  if (path === '/api/v1') return sendJson(res, 200, apiResourceList(types, '', 'v1') ?? {});
  if ((m = /^\/apis\/([^/]+)$/.exec(path))) return sendJson(res, 200, orNotFound(apiGroup(types, m[1])));
  if ((m = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path))) return sendJson(res, 200, orNotFound(apiResourceList(types, m[1], m[2])));
  if (path === '/openapi/v3') return sendJson(res, 200, openApiV3Root(types));
  if ((m = /^\/openapi\/v3\/api\/([^/]+)$/.exec(path))) return sendJson(res, 200, orNotFound(openApiV3GroupVersion(types, '', m[1])));
  if ((m = /^\/openapi\/v3\/apis\/([^/]+)\/([^/]+)$/.exec(path))) return sendJson(res, 200, orNotFound(openApiV3GroupVersion(types, m[1], m[2])));
  if (path === '/podnet-lab/faults') return handleFaults(opts.faults, user as LabUser, req, res);
  throw notFoundError();
}

const orNotFound = <T>(v: T | undefined): T => {
  if (v === undefined) throw notFoundError();
  return v;
};

function sendText(res: ServerResponse, text: string): void {
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(text.length) });
  res.end(text);
}

async function injectFaults(faults: LabFaults, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const f = faults.current;
  if (f.latencyMs > 0) await sleep(f.latencyMs);
  if (f.resetRate > 0 && Math.random() < f.resetRate) {
    // A TCP RST where the socket allows it; a TLS socket's handle does not, so cut it abruptly.
    try {
      req.socket.resetAndDestroy();
    } catch {
      req.socket.destroy();
    }
    return;
  }
  if (f.errorRate > 0 && f.errorCodes.length > 0 && Math.random() < f.errorRate) {
    const code = f.errorCodes[Math.floor(Math.random() * f.errorCodes.length)];
    const retry = code === 429 || code === 503;
    const reason = code === 429 ? 'TooManyRequests' : code === 503 ? 'ServiceUnavailable' : code === 504 ? 'Timeout' : 'InternalError';
    const message = code === 429 ?
      'the server has received too many requests and has asked us to try again later'
      : code === 503
      ? 'the server is currently unable to handle the request'
      : 'an error on the server ("podnet lab: injected fault") has prevented the request from succeeding';
    sendStatus(
      res,
      new StatusError(code, reason, message, retry ? { retryAfterSeconds: f.retryAfterSeconds } : undefined),
      retry ? { 'Retry-After': String(f.retryAfterSeconds) } : {},
    );
  }
}

async function handleFaults(faults: LabFaults, user: LabUser, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!user.admin) throw new StatusError(403, 'Forbidden', `forbidden: User "${user.name}" cannot change the lab's faults`);
  if (req.method === 'PUT' || req.method === 'POST' || req.method === 'PATCH') {
    const body = parseBody(await readBody(req), req.headers['content-type']) as Partial<FaultSettings> & { compact?: boolean; clear?: boolean };
    if (body.clear) faults.clear();
    const settings: Partial<FaultSettings> & { compact?: boolean; clear?: boolean } = { ...body };
    delete settings.compact;
    delete settings.clear;
    faults.set(settings);
    if (body.compact) faults.compact();
  } else if (req.method === 'DELETE') faults.clear();
  sendJson(res, 200, faults.current);
}
