// Starts the lab cluster: a scenario in an in-memory store, the controllers, and the HTTPS API on
// loopback. The kubeconfig is written only once the API has answered a TLS-verified request.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import type { Server } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAddress, parseCidr, containsAddress } from '../core/net/cidr';
import { LabTokens } from './api/labAuth';
import { startControllers } from './controllers/labControllers';
import { adaptScenario, apiServiceNames, dataplanePlan } from './dataplane/dataplaneScenario';
import { LabDataplane } from './dataplane/labDataplane';
import { lanGateway } from './dataplane/labNetwork';
import { LabFaults } from './labFaults';
import type { FaultSettings } from './labFaults';
import { kubeconfigYaml, labContextNames, writeKubeconfig } from './labKubeconfig';
import { findScenario } from './scenarios/scenarioCatalog';
import { createLabApiServer } from './server/labApiServer';
import { ObjectStore } from './store/objectStore';
import { createLabCertificates } from './tls/labCertificates';

export interface LabOptions {
  scenario: string;
  nodes?: number;
  podsPerNode?: number;
  /** Default 127.0.0.1; only 127.0.0.0/8 or 198.18.0.0/15 are allowed. */
  host?: string;
  /** 0 = ephemeral. */
  port?: number;
  kubeconfigPath?: string;
  clusterCidr?: string;
  nodeMaskSize?: number;
  /** How often watches with allowWatchBookmarks get a BOOKMARK (default 5 s; a real apiserver: ~1 min). */
  bookmarkIntervalMs?: number;
  /** Faults active from the start. */
  faults?: Partial<FaultSettings>;
  /** Watch history kept (events); older resourceVersions get 410. */
  watchHistory?: number;
  /**
   * Real pods (docs/LAB.md "Data plane"): nodes as network namespaces on a LAN, the CNI DaemonSet's
   * agent and other pods' commands as processes, CNI plugins for pod IPs. Root only. The real
   * agents run and report, so the kubelet's agent stand-in is off.
   */
  dataplane?: boolean;
  /** false: no agent stand-in without a data plane either (tests that run the real agents themselves). */
  agentStandIn?: boolean;
  /** false: generated objects are built and encoded on every read, not filled from templates (the benchmark's "before", tests' reference). */
  generatedTemplates?: boolean;
}

export interface RunningLab {
  readonly server: string;
  readonly kubeconfigPath: string;
  readonly contextName: string;
  readonly restrictedContextName: string;
  readonly token: string;
  readonly restrictedToken: string;
  readonly caPem: string;
  /** Context whose user authenticates with a client certificate (CN=kubernetes-admin, O=system:masters). */
  readonly certContextName: string;
  /** Mints more client certificates signed by the lab CA (CN = user, O = groups; system:masters = admin). */
  issueClientCertificate(commonName: string, organizations: readonly string[]): { readonly certPem: string; readonly keyPem: string };
  /** Direct in-process access: get/list/create/update/delete bypassing HTTP (watch events still fire). */
  readonly store: ObjectStore;
  readonly faults: LabFaults;
  /** Requests served so far, counted as they arrive (tests check who talks to the cluster, and when). */
  requestCount(): number;
  /** The paths of the last 10,000 requests (without their query), oldest first. */
  requestPaths(): readonly string[];
  /** The data plane (namespaces, processes, test hooks) when started with `dataplane: true`. */
  readonly dataplane?: LabDataplane;
  stop(): Promise<void>;
}

const allowedHosts = ['127.0.0.0/8', '198.18.0.0/15'].map((c) => {
  const p = parseCidr(c);
  if (!p.ok) throw new Error(p.error);
  return p.cidr;
});

export function checkLabHost(host: string): void {
  const address = parseAddress(host);
  if (!address || !allowedHosts.some((c) => containsAddress(c, address.family, address.value))) {
    throw new Error(`the lab binds only loopback (127.0.0.0/8) or the benchmark range 198.18.0.0/15, not "${host}"`);
  }
}

export async function startLab(opts: LabOptions): Promise<RunningLab> {
  const host = opts.host ?? '127.0.0.1';
  checkLabHost(host);
  const scenario = findScenario(opts.scenario);
  const plan = opts.dataplane ? dataplanePlan(opts.scenario, opts.clusterCidr, opts.nodeMaskSize) : undefined;
  const built = scenario.build({
    nodes: opts.nodes,
    podsPerNode: opts.podsPerNode,
    clusterCidr: plan?.clusterCidr ?? opts.clusterCidr,
    nodeMaskSize: plan?.nodeMaskSize ?? opts.nodeMaskSize,
  });
  const data = plan ? adaptScenario(built, plan) : built;
  const store = new ObjectStore(opts.watchHistory);
  store.seed(data.objects);
  store.seedGenerated((data.generated ?? []).map((g) => (opts.generatedTemplates === false ? { ...g, templates: undefined } : g)));
  const faults = new LabFaults();
  if (opts.faults) faults.set(opts.faults);
  faults.onCompact = () => store.compact();
  const tokens = new LabTokens();
  // Nodes reach the API on the LAN, pods through the kubernetes Service: those names are in the serving certificate too.
  const certificates = createLabCertificates([host, 'localhost', ...(plan ? [lanGateway, ...apiServiceNames(data)] : [])]);
  const dataplane = plan ? LabDataplane.create({ store, token: tokens.admin, caPem: certificates.caPem }) : undefined;
  const controllers = startControllers(store, data, { runtime: dataplane, dataplane: Boolean(dataplane) || opts.agentStandIn === false });
  const server = createLabApiServer({ store, tokens, faults, certificates, bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 5000 });
  const sockets = trackSockets(server);
  let unixServer: NetServer | undefined;
  const listening = new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  try {
    await listening;
    if (dataplane) {
      // TLS over the unix socket the LAN forwarder pipes to (sockets cross network namespaces).
      const unix = createNetServer((socket) => server.emit('connection', socket));
      unixServer = unix;
      await new Promise<void>((resolve, reject) => {
        unix.once('error', reject);
        unix.listen(dataplane.apiSocketPath, () => resolve());
      });
      await dataplane.startForwarder();
    }
  } catch (error) {
    controllers.stop();
    unixServer?.close();
    await closeServer(server, sockets);
    await dataplane?.stop();
    throw error;
  }
  let requests = 0;
  const paths: string[] = [];
  server.on('request', (req: { url?: string }) => {
    requests++;
    paths.push((req.url ?? '').split('?')[0] ?? '');
    // Trimmed in batches, so a long-running lab pays O(1) per request.
    if (paths.length > 20_000) paths.splice(0, paths.length - 10_000);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `https://${host}:${port}`;
  let tempDir: string | undefined;
  // A caller that exits without stop() still leaves no temp kubeconfig behind.
  const removeTemp = (): void => {
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
  const stop = async (): Promise<void> => {
    controllers.stop();
    unixServer?.close();
    await closeServer(server, sockets);
    await dataplane?.stop();
    removeTemp();
    process.off('exit', removeTemp);
  };
  try {
    await waitForApi(url, certificates.caPem, tokens.admin);
    let kubeconfigPath = opts.kubeconfigPath;
    if (!kubeconfigPath) {
      tempDir = mkdtempSync(join(tmpdir(), 'podnet-lab-'));
      process.once('exit', removeTemp);
      kubeconfigPath = join(tempDir, 'kubeconfig');
    }
    const adminCert = certificates.issueClient('kubernetes-admin', ['system:masters']);
    const contexts = labContextNames(scenario.name);
    writeKubeconfig(kubeconfigPath, kubeconfigYaml(contexts, url, certificates.caPem, tokens.admin, tokens.restricted, adminCert));
    return {
      server: url,
      kubeconfigPath,
      contextName: contexts.admin,
      restrictedContextName: contexts.restricted,
      certContextName: contexts.cert,
      issueClientCertificate: certificates.issueClient,
      token: tokens.admin,
      restrictedToken: tokens.restricted,
      caPem: certificates.caPem,
      store,
      faults,
      stop,
      requestCount: () => requests,
      requestPaths: () => paths.slice(-10_000),
      dataplane,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Every socket, tracked from accept on: a client's keep-alive socket still in its TLS handshake at stop must not hold close() open. */
function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return sockets;
}

function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
    for (const socket of sockets) socket.destroy();
  });
}

/** One verified round trip (TLS with the lab CA, the admin token) before anyone is told the lab is up. */
async function waitForApi(url: string, ca: string, token: string): Promise<void> {
  for (let attempt = 0;; attempt++) {
    try {
      await new Promise<void>((resolve, reject) => {
        const req = request(`${url}/api/v1/namespaces/default`, { ca, headers: { Authorization: `Bearer ${token}` }, agent: false }, (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`lab API answered ${res.statusCode}`))));
        });
        req.on('error', reject);
        req.end();
      });
      return;
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
