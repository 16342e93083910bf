// The data plane of a lab started with `--dataplane`: the LAN and node namespaces (labNetwork.ts),
// the API forwarded onto the LAN (apiForwarder.ts), each node's filesystem root (its CNI config and
// plugin directories, host-local's state), and the pod runtime (podRuntime.ts) the lab kubelet
// hands pods to. Needs root; leftovers of a killed lab are swept on the next start.
import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containsAddress, parseAddress, parseCidr } from '../../core/net/cidr';
import type { StoredObject } from '../store/storedObject';
import type { ObjectStore, StoreEvent } from '../store/objectStore';
import { startApiForwarder } from './apiForwarder';
import { firstNetworkConfig, readNetworkConfig } from './cniRuntime';
import { labDataplaneAnnotation, lanApiPort } from './dataplaneScenario';
import type { KubeletRuntime } from './kubeletRuntime';
import { labNsPrefix, namespacePids, run, sweepStale } from './labNetns';
import { LabNetwork, lanGateway } from './labNetwork';
import type { DataplaneNode } from './podRuntime';
import { PodRuntime } from './podRuntime';
import { ServiceProxy } from './serviceProxy';
import type { RawNode } from '../../core/cluster/rawNode';
import { nodeInternalIps } from '../../core/cluster/rawNode';

/** Where the machine keeps the CNI reference plugins (Debian's package, then the upstream default). */
export const machinePluginDirs = ['/usr/lib/cni', '/opt/cni/bin'];
const requiredTools: [string, string][] = [['ip', 'iproute2'], ['unshare', 'util-linux'], ['nsenter', 'util-linux'], ['chroot', 'coreutils'], [
  'iptables-restore',
  'iptables',
]];

const lan4 = parseCidr('198.18.0.0/24');
const lan6 = parseCidr('2001:2::/64');
let instances = 0;

/** Why this machine cannot run a data-plane lab, or undefined when it can. */
export function dataplaneUnavailable(): string | undefined {
  if (process.platform !== 'linux') return "the lab's data plane needs Linux network namespaces";
  if (process.getuid?.() !== 0) {
    return "the lab's data plane needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN, for network and mount namespaces): run it with sudo, or start the lab without --dataplane";
  }
  const missing = requiredTools.filter(([tool]) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
  if (missing.length) {
    return `the lab's data plane needs ${missing.map(([t]) => t).join(', ')} (apt-get install -y ${[...new Set(missing.map(([, p]) => p))].join(' ')})`;
  }
  if (!machinePluginDirs.some((d) => existsSync(join(d, 'bridge')))) {
    return `the lab's data plane needs the CNI reference plugins in ${machinePluginDirs.join(' or ')} (apt-get install -y containernetworking-plugins)`;
  }
  return undefined;
}

export interface DataplaneOptions {
  readonly store: ObjectStore;
  /** The service-account token pods get (the lab enforces no RBAC objects) and the CA they verify the API with. */
  readonly token: string;
  readonly caPem: string;
}

export class LabDataplane implements KubeletRuntime {
  readonly runId = `${process.pid}-${++instances}`;
  readonly runDir = join(tmpdir(), `${labNsPrefix}${this.runId}`);
  readonly network = new LabNetwork(this.runId);
  /** The lab serves TLS on this socket too; the LAN forwarder connects to it. */
  readonly apiSocketPath = join(this.runDir, 'api.sock');
  readonly apiHost = lanGateway;
  readonly apiPort = lanApiPort;
  readonly runtime: PodRuntime;
  /** The lab's kube-proxy (Service ClusterIPs in every node namespace). */
  readonly services: ServiceProxy;
  private readonly nodes = new Map<string, DataplaneNode>();
  private readonly ready = new Map<string, boolean>();
  private readonly listeners: ((node: string) => void)[] = [];
  private forwarder?: ChildProcess;
  private poll?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private readonly onExit = (): void => this.disposeSync();
  /** What the last sweep removed (namespaces and run directories of labs that died). */
  swept: string[] = [];

  private constructor(private readonly options: DataplaneOptions) {
    this.runtime = new PodRuntime({
      store: options.store,
      network: this.network,
      node: (name) => this.nodes.get(name),
      runDir: this.runDir,
      api: { host: this.apiHost, port: this.apiPort, token: options.token, caPem: options.caPem },
    });
    this.services = new ServiceProxy(options.store, () => [...this.nodes.values()].map((n) => n.netns), { ip: this.apiHost, port: this.apiPort });
  }

  /** Sweeps leftovers of dead labs and builds the LAN; nodes follow the Node objects. */
  static create(options: DataplaneOptions): LabDataplane {
    const why = dataplaneUnavailable();
    if (why) throw new Error(why);
    const swept = sweepStale();
    const dp = new LabDataplane(options);
    dp.swept = swept;
    mkdirSync(dp.runDir, { recursive: true, mode: 0o700 });
    process.once('exit', dp.onExit);
    try {
      dp.network.createLan();
      for (const n of options.store.list('v1', 'Node')) dp.addNode(n);
    } catch (error) {
      dp.disposeSync();
      throw error;
    }
    dp.unsubscribe = options.store.subscribe((e) => dp.onStoreEvent(e));
    dp.services.schedule();
    dp.poll = setInterval(() => dp.checkNetworks(), 500);
    dp.poll.unref();
    return dp;
  }

  /** Starts the LAN end of the API (after the lab listens on apiSocketPath). */
  async startForwarder(): Promise<void> {
    this.forwarder = await startApiForwarder(this.network.lan, this.apiHost, this.apiPort, this.apiSocketPath);
  }

  private onStoreEvent(e: StoreEvent): void {
    const o = e.entry.object;
    if (o.kind === 'Node' && e.type === 'ADDED') this.addNode(o);
    if (o.kind === 'Pod' && e.type === 'DELETED') void this.runtime.podDeleted(o);
  }

  /** A node namespace for a Node whose InternalIP is on the LAN (others get no data plane: said in their pods' events). */
  private addNode(n: Readonly<StoredObject>): void {
    const name = n.metadata.name;
    if (this.nodes.has(name)) return;
    const addresses = nodeInternalIps(n as RawNode);
    const onLan = (text: string, net: typeof lan4): boolean => {
      const a = parseAddress(text);
      return Boolean(a && net.ok && containsAddress(net.cidr, a.family, a.value)) && text !== lanGateway;
    };
    const v4 = addresses.find((a) => onLan(a, lan4));
    if (!v4) return;
    if ([...this.nodes.values()].some((x) => x.addresses.includes(v4))) return;
    const v6 = addresses.find((a) => onLan(a, lan6));
    const root = join(this.runDir, 'nodes', name, 'root');
    const cniDir = join(root, 'etc/cni/net.d');
    const binDir = join(root, 'opt/cni/bin');
    for (const d of [cniDir, binDir, join(root, 'var/lib/cni'), join(root, 'run')]) mkdirSync(d, { recursive: true });
    // The node's own /etc/hosts and resolv.conf (hostNetwork pods get these): no upstream DNS, nothing leaves the lab.
    writeFileSync(join(root, 'etc/hosts'), `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n${v4}\t${name}\n`);
    writeFileSync(join(root, 'etc/resolv.conf'), '# a lab node: no upstream nameserver\n');
    // The node's /opt/cni/bin holds the machine's plugins, as if installed on the node.
    for (const dir of machinePluginDirs) {
      for (const f of existsSync(dir) ? readdirSync(dir) : []) {
        const target = join(binDir, f);
        if (!existsSync(target) && statSync(join(dir, f)).isFile()) symlinkSync(join(dir, f), target);
      }
    }
    const netns = this.network.createNode(`n-${name}`, `n${v4.split('.')[3]}`, v4, v6);
    this.nodes.set(name, { name, netns, addresses: v6 ? [v4, v6] : [v4], root, cniDir, binDirs: [binDir] });
    // A node that joined later is marked like the scenario's (the annotation says its pods are real).
    if (n.metadata.annotations?.[labDataplaneAnnotation] !== 'true') {
      const next = structuredClone(n) as StoredObject;
      next.metadata.annotations = { ...next.metadata.annotations, [labDataplaneAnnotation]: 'true' };
      delete next.metadata.resourceVersion;
      setImmediate(() => {
        try {
          this.options.store.update(next);
        } catch {
          // deleted or changed meanwhile: the next ADDED marks it
        }
      });
    }
    this.services.schedule();
  }

  node(name: string): DataplaneNode | undefined {
    return this.nodes.get(name);
  }

  nodeNames(): string[] {
    return [...this.nodes.keys()];
  }

  private computeReady(name: string): boolean {
    const node = this.nodes.get(name);
    const path = node && firstNetworkConfig(node.cniDir);
    if (!path) return false;
    try {
      readNetworkConfig(path);
      return true;
    } catch {
      return false;
    }
  }

  networkReady(nodeName: string): boolean {
    let r = this.ready.get(nodeName);
    if (r === undefined) this.ready.set(nodeName, r = this.computeReady(nodeName));
    return r;
  }

  private checkNetworks(): void {
    for (const name of this.nodes.keys()) {
      const now = this.computeReady(name);
      if (this.ready.get(name) === now) continue;
      this.ready.set(name, now);
      for (const l of this.listeners) l(name);
    }
  }

  onNetworkChange(listener: (nodeName: string) => void): void {
    this.listeners.push(listener);
  }

  syncPod(pod: Readonly<StoredObject>): void {
    this.runtime.syncPod(pod);
  }

  private nodeNs(name: string): string {
    const node = this.nodes.get(name);
    if (!node) throw new Error(`no data-plane node "${name}" (nodes: ${this.nodeNames().join(', ') || 'none'})`);
    return node.netns;
  }

  /** Runs a command in a node's network namespace (the machine's filesystem), e.g. `ip route`, `iptables -A …`. */
  exec(nodeName: string, argv: readonly string[]): Promise<string> {
    return run('ip', ['netns', 'exec', this.nodeNs(nodeName), ...argv]);
  }

  /** Runs a command in a pod's network namespace. */
  execInPod(namespace: string, pod: string, argv: readonly string[]): Promise<string> {
    const ns = this.runtime.netnsOf(namespace, pod);
    if (!ns) throw new Error(`pod ${namespace}/${pod} has no sandbox in the data plane`);
    return run('ip', ['netns', 'exec', ns, ...argv]);
  }

  /** Runs a command inside a pod's running container, as `kubectl exec` does. */
  execInContainer(namespace: string, pod: string, container: string, argv: readonly string[]): Promise<string> {
    return this.runtime.execIn(namespace, pod, container, argv);
  }

  podNamespace(namespace: string, pod: string): string | undefined {
    return this.runtime.netnsOf(namespace, pod);
  }

  nodeNamespace(name: string): string | undefined {
    return this.nodes.get(name)?.netns;
  }

  /**
   * Sets the LAN's MTU: the bridge, its ports and every node's eth0; with `{ nodes: false }` the LAN
   * side only, a black hole the nodes cannot see (a switch with a smaller MTU), so no agent adapts to it.
   */
  setLanMtu(mtu: number, options: { nodes?: boolean } = {}): Promise<void> {
    const nodes = [...this.nodes.values()].map((n) => ({ ns: n.netns, key: `n${(n.addresses[0] ?? '').split('.')[3]}` }));
    return this.network.setLanMtu(mtu, nodes, options.nodes ?? true);
  }

  /** Every namespace this lab made that still exists. */
  namespaces(): string[] {
    return [...this.network.namespaces];
  }

  /** Pids running in any of this lab's namespaces. */
  processes(): number[] {
    return this.network.namespaces.flatMap(namespacePids);
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.services.stop();
    if (this.poll) clearInterval(this.poll);
    await this.runtime.stop();
    this.disposeSync();
  }

  /** Synchronous teardown (also on process exit): processes, namespaces (links go with them), files. */
  private disposeSync(): void {
    process.off('exit', this.onExit);
    if (this.forwarder?.pid) {
      try {
        process.kill(-this.forwarder.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    this.network.dispose();
    rmSync(this.runDir, { recursive: true, force: true, maxRetries: 3 });
  }
}
