// The lab's kube-proxy, iptables mode in short: in every node namespace a nat chain PNLAB-SERVICES,
// jumped to from PREROUTING (the node's pods) and OUTPUT (hostNetwork processes; the service
// range is routed to the LAN gateway so a connect() gets that far), DNATs each Service ClusterIP:port to
// its endpoints (Ready pods its selector picks, the port resolved by number or container port
// name; one picked at random per connection), and default/kubernetes to the API on the LAN.
import type { StoredObject } from '../store/storedObject';
import type { ObjectStore, StoreEvent } from '../store/objectStore';
import { run } from './labNetns';

export const servicesChain = 'PNLAB-SERVICES';

interface ServicePort {
  name?: string;
  protocol?: string;
  port: number;
  targetPort?: number | string;
}
interface ServiceView {
  spec?: { clusterIP?: string; clusterIPs?: string[]; selector?: Record<string, string>; ports?: ServicePort[]; type?: string };
}
interface PodView {
  spec?: { containers?: { ports?: { name?: string; containerPort: number; protocol?: string }[] }[] };
  status?: { podIP?: string; conditions?: { type: string; status: string }[] };
}

export interface Endpoint {
  readonly ip: string;
  readonly port: number;
}

const ipv4 = /^\d+\.\d+\.\d+\.\d+$/;

/** The endpoints of one Service port: Ready pods the selector picks, as the EndpointSlice controller sees them. */
export function serviceEndpoints(store: ObjectStore, svc: Readonly<StoredObject>, port: ServicePort): Endpoint[] {
  const selector = (svc as unknown as ServiceView).spec?.selector;
  if (!selector || Object.keys(selector).length === 0) return [];
  const out: Endpoint[] = [];
  for (const p of store.list('v1', 'Pod', svc.metadata.namespace)) {
    const v = p as unknown as PodView;
    if (p.metadata.deletionTimestamp || !v.status?.podIP || !ipv4.test(v.status.podIP)) continue;
    if (!Object.entries(selector).every(([k, val]) => p.metadata.labels?.[k] === val)) continue;
    if (!(v.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')) continue;
    let target: number | undefined;
    if (typeof port.targetPort === 'string' && !/^\d+$/.test(port.targetPort)) {
      target = (v.spec?.containers ?? []).flatMap((c) => c.ports ?? []).find((cp) =>
        cp.name === port.targetPort && (cp.protocol ?? 'TCP') === (port.protocol ?? 'TCP')
      )?.containerPort;
    } else target = Number(port.targetPort ?? port.port);
    if (target) out.push({ ip: v.status.podIP, port: target });
  }
  return out.sort((a, b) => a.ip.localeCompare(b.ip));
}

/** The chain's rules (iptables-restore --noflush input: the chain is declared, so flushed, then refilled). */
export function servicesRules(store: ObjectStore, api: Endpoint): string {
  const lines = ['*nat', `:${servicesChain} - [0:0]`];
  for (const svc of store.list('v1', 'Service')) {
    const spec = (svc as unknown as ServiceView).spec;
    const clusterIP = spec?.clusterIP;
    if (!clusterIP || clusterIP === 'None' || !ipv4.test(clusterIP)) continue;
    const isApi = svc.metadata.namespace === 'default' && svc.metadata.name === 'kubernetes';
    for (const port of spec?.ports ?? []) {
      const protocol = (port.protocol ?? 'TCP').toLowerCase();
      if (protocol !== 'tcp' && protocol !== 'udp') continue;
      const endpoints = isApi ? [api] : serviceEndpoints(store, svc, port);
      const match =
        `-d ${clusterIP}/32 -p ${protocol} -m ${protocol} --dport ${port.port} -m comment --comment "${svc.metadata.namespace}/${svc.metadata.name}:${
          port.name ?? port.port
        }"`;
      endpoints.forEach((e, i) => {
        const left = endpoints.length - i;
        const pick = left > 1 ? ` -m statistic --mode random --probability ${(1 / left).toFixed(10)}` : '';
        lines.push(`-A ${servicesChain} ${match}${pick} -j DNAT --to-destination ${e.ip}:${e.port}`);
      });
    }
  }
  lines.push('COMMIT', '');
  return lines.join('\n');
}

/** Keeps PNLAB-SERVICES current in every node namespace. */
export class ServiceProxy {
  private readonly applied = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly unsubscribe: () => void;
  /** The last error per node (a failed restore is retried on the next change). */
  readonly errors = new Map<string, string>();

  constructor(private readonly store: ObjectStore, private readonly nodeNamespaces: () => string[], private readonly api: Endpoint) {
    this.unsubscribe = store.subscribe((e: StoreEvent) => {
      const kind = e.entry.object.kind;
      if (kind === 'Service' || kind === 'Pod') this.schedule();
    });
  }

  schedule(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.running.then(() => this.sync());
    }, 100);
  }

  /** Applies the rules where they changed; resolves when done. */
  async sync(): Promise<void> {
    if (this.stopped) return;
    const rules = servicesRules(this.store, this.api);
    for (const ns of this.nodeNamespaces()) {
      if (this.applied.get(ns) === rules) continue;
      try {
        if (!this.applied.has(ns)) {
          const jump = (chain: string): string => `-I ${chain} 1 -m comment --comment "lab kube-proxy" -j ${servicesChain}`;
          await run('ip', ['netns', 'exec', ns, 'iptables-restore', '--noflush'], {
            input: `*nat\n:${servicesChain} - [0:0]\n${jump('PREROUTING')}\n${jump('OUTPUT')}\nCOMMIT\n`,
          });
          // Unmatched service addresses end at the LAN gateway (the lan namespace forwards nothing).
          for (const cidr of this.serviceCidrs()) await run('ip', ['-n', ns, 'route', 'replace', cidr, 'via', this.api.ip]);
        }
        await run('ip', ['netns', 'exec', ns, 'iptables-restore', '--noflush'], { input: rules });
        this.applied.set(ns, rules);
        this.errors.delete(ns);
      } catch (error) {
        this.errors.set(ns, (error as Error).message);
      }
    }
  }

  private serviceCidrs(): string[] {
    return this.store.list('networking.k8s.io/v1', 'ServiceCIDR').flatMap((o) =>
      ((o.spec as { cidrs?: string[] } | undefined)?.cidrs ?? []).filter((c) => !c.includes(':'))
    );
  }

  /** Waits for pending changes to be applied (tests). */
  async settled(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.running = this.running.then(() => this.sync());
    }
    await this.running;
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
  }
}
