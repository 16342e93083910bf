// The node agent's control loop: list + watch nodes, keep this node's conflist and the peer routes in
// step, report state, and clean up when the settings ConfigMap says `state: remove`. When the API is
// unreachable it changes nothing on the node: the last good conflist and routes stay in place.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IpFamily } from '../../core/net/cidr';
import { containsAddress } from '../../core/net/cidr';
import type { ApiClient } from '../../kube/inClusterApiClient';
import { ApiError } from '../../kube/inClusterApiClient';
import type { AgentConfig } from './agentConfig';
import type { AgentSettings } from './agentSettings';
import { parseSettings } from './agentSettings';
import type { AgentState } from './agentState';
import { removeRules } from './firewallRules';
import { firewallGraceMs, FirewallSync } from './firewallSync';
import type { ReporterTiming } from './agentReporter';
import { AgentReporter } from './agentReporter';
import type { LinkInfo } from './linkState';
import { uplinkOf } from './linkState';
import { cniConfigFiles, conflistOwner, missingPlugins, removeFile, writeFileAtomic } from './nodeFiles';
import type { NodeSystem } from './nodeSystem';
import type { NodeLike } from './peerRoutes';
import { internalIpsOf, nodeView, podCidrsOf } from './peerRoutes';
import type { RouteProgrammer, SyncResult } from './routeProgrammer';
import type { JsonObject } from '../conflist';
import { buildConflistTemplate, conflistText, renderConflist } from '../conflist';
import { bridgeName, conflistFileName, conflistOwnerKey, eventReasons, requiredPlugins, settingsKeys } from '../names';

interface NodeList {
  metadata?: { resourceVersion?: string };
  items: NodeLike[];
}

export type Log = (message: string) => void;

export class NodeAgent {
  private readonly nodes = new Map<string, NodeLike>();
  private state: AgentState;
  private readonly firewall: FirewallSync;
  private readonly reporter: AgentReporter;
  private removed = false;
  private syncChain: Promise<void> = Promise.resolve();
  private syncTimer: NodeJS.Timeout | undefined;
  /** Counters for tests and the benchmark. */
  readonly stats = { syncs: 0, routeChanges: 0 };

  constructor(
    private readonly config: AgentConfig,
    private readonly api: ApiClient,
    private readonly routes: RouteProgrammer,
    private readonly log: Log,
    private readonly system: NodeSystem,
    timing: ReporterTiming = { problemHoldMs: firewallGraceMs },
  ) {
    this.firewall = new FirewallSync(system, log);
    this.reporter = new AgentReporter(config, api, log, timing, () => void this.requestSync(0));
    this.state = { node: config.nodeName, mode: 'starting', podCIDRs: [], routes: 0, problems: [], warnings: [] };
  }

  get current(): AgentState {
    return this.state;
  }

  /** Runs until `signal` aborts. Never throws for API trouble: it backs off and retries. */
  async run(signal: AbortSignal): Promise<void> {
    let backoff = 1000;
    const control = setInterval(() => void this.checkMode(), Math.min(5000, this.config.resyncMs));
    try {
      while (!signal.aborted) {
        try {
          const mode = await this.readMode();
          // Once cleaned up, only an explicit `state: active` (a re-install) brings the agent back:
          // the uninstall deletes the settings next, and a 404 must not re-create routes.
          if (mode === 'remove' || (this.removed && mode === 'absent')) {
            await this.cleanUp();
            await sleep(Math.min(5000, this.config.resyncMs), signal);
            continue;
          }
          this.removed = false;
          const resourceVersion = await this.relist();
          await this.requestSync(0);
          backoff = 1000;
          const watchAbort = new AbortController();
          const stop = (): void => watchAbort.abort();
          signal.addEventListener('abort', stop, { once: true });
          this.stopWatch = stop;
          const timeoutSeconds = Math.max(1, Math.round(this.config.resyncMs / 1000));
          await this.api
            .watch<NodeLike>(
              `/api/v1/nodes?watch=1&allowWatchBookmarks=true&timeoutSeconds=${timeoutSeconds}&resourceVersion=${encodeURIComponent(resourceVersion)}`,
              (event) => this.onNodeEvent(event.type, event.object),
              watchAbort.signal,
            )
            .finally(() => signal.removeEventListener('abort', stop));
        } catch (error) {
          if (signal.aborted) break;
          const gone = error instanceof ApiError && error.status === 410;
          this.log(`${gone ? 'watch expired, relisting' : `API trouble, keeping the last good state: ${message(error)}`}`);
          if (!gone) {
            await sleep(backoff, signal);
            backoff = Math.min(backoff * 2, 30_000);
          }
        }
      }
    } finally {
      clearInterval(control);
      this.reporter.dispose();
      if (this.syncTimer) clearTimeout(this.syncTimer);
      await this.syncChain;
    }
  }

  private stopWatch: (() => void) | undefined;

  /** Polled between watch events so an uninstall is noticed within seconds. */
  private async checkMode(): Promise<void> {
    try {
      if (!this.removed && (await this.readMode()) === 'remove') this.stopWatch?.();
      if (this.failedPolls > 0) this.log('API reachable again');
      this.failedPolls = 0;
    } catch (error) {
      if (this.failedPolls++ === 0) this.log(`API trouble, keeping the last good state: ${message(error)}`);
      // A watch over a dead path can hang silently: restart it so the main loop relists (and backs off).
      if (this.failedPolls >= 2) this.stopWatch?.();
    }
  }

  private failedPolls = 0;

  /** Reads the settings ConfigMap: its `state` (the uninstall signal) and the cluster-wide settings. */
  private async readMode(): Promise<'active' | 'remove' | 'absent'> {
    try {
      const cm = await this.api.get<{ data?: Record<string, string> }>(
        `/api/v1/namespaces/${this.config.settingsNamespace}/configmaps/${this.config.settingsName}`,
      );
      const mode = cm.data?.[settingsKeys.state] === 'remove' ? 'remove' : 'active';
      this.settings = parseSettings(mode, cm.data ?? {});
      return mode;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return 'absent';
      throw error;
    }
  }

  private settings: AgentSettings = parseSettings('absent');

  private async relist(): Promise<string> {
    const list = await this.api.get<NodeList>('/api/v1/nodes');
    this.nodes.clear();
    for (const node of list.items) if (node.metadata?.name) this.nodes.set(node.metadata.name, node);
    return list.metadata?.resourceVersion ?? '';
  }

  private onNodeEvent(type: string, node: NodeLike): void {
    const name = node.metadata?.name;
    if (type === 'ERROR') throw new ApiError(`watch error: ${JSON.stringify(node)}`, (node as { code?: number }).code ?? 500);
    if (!name || type === 'BOOKMARK') return;
    if (type === 'DELETED') this.nodes.delete(name);
    else this.nodes.set(name, node);
    void this.requestSync(50);
  }

  /** Coalesces bursts of node events into one sync; syncs never overlap. */
  requestSync(delayMs: number): Promise<void> {
    if (this.syncTimer) clearTimeout(this.syncTimer);
    // Every caller waits for the one coalesced sync: a later request must not strand an earlier one.
    return new Promise((resolve) => {
      this.syncWaiters.push(resolve);
      this.syncTimer = setTimeout(() => {
        this.syncTimer = undefined;
        const waiters = this.syncWaiters.splice(0);
        const done = (): void => waiters.forEach((w) => w());
        this.syncChain = this.syncChain.then(() => this.syncOnce()).then(done, (error: unknown) => {
          this.log(`sync failed: ${message(error)}`);
          done();
        });
      }, delayMs);
    });
  }

  private readonly syncWaiters: (() => void)[] = [];

  private template(): JsonObject {
    if (this.config.conflistTemplateFile) {
      try {
        return JSON.parse(readFileSync(this.config.conflistTemplateFile, 'utf8')) as JsonObject;
      } catch (error) {
        this.log(`cannot read the conflist template ${this.config.conflistTemplateFile} (${message(error)}); using the built-in one`);
      }
    }
    return buildConflistTemplate();
  }

  async syncOnce(): Promise<void> {
    if (this.removed) return;
    this.stats.syncs++;
    const name = this.config.nodeName;
    // problems: this node's own (it turns unready); warnings: its peers' and notes (Events only).
    const problems: string[] = [...this.settings.errors];
    const warnings: string[] = [];
    const self = this.nodes.get(name);
    const view = nodeView(name, this.nodes.values());
    if (!self) problems.push(`node ${name} is not in the API's node list`);
    else if (podCidrsOf(self).length === 0) {
      problems.push(`node ${name} has no spec.podCIDR: enable node CIDR allocation (kube-controller-manager --allocate-node-cidrs)`);
    }
    problems.push(...view.problems);
    warnings.push(...view.peerProblems);
    const contested = view.ownBlocks.length > 0 && view.servedBlocks.length === 0;
    const served = view.servedBlocks.map((b) => b.text);

    // One agent per node: a conflist written for another node that still exists means a second agent
    // runs here. This one then stands down (removes only its own routes) instead of fighting.
    const confPath = join(this.config.cniNetDir, conflistFileName);
    const owner = conflistOwner(confPath, conflistOwnerKey);
    if (owner && owner !== name && this.nodes.has(owner)) {
      const standDown = await this.routes.removeAll().catch((error: unknown) => ({ installed: 0, errors: [{ message: message(error) }] }));
      problems.push(
        `${confPath} belongs to the Podnet agent of node ${owner}, which is in the cluster: two agents run on one node (check NODE_NAME and the node names); this agent changes nothing here`,
      );
      problems.push(...standDown.errors.map((e) => `route error: ${e.message}`));
      await this.report({ node: name, mode: 'degraded', podCIDRs: served, routes: standDown.installed, problems, warnings }, false);
      return;
    }

    const files = cniConfigFiles(this.config.cniNetDir) ?? [];
    const earlier = files.filter((f) => f < conflistFileName);
    if (earlier.length) {
      problems.push(
        `${
          earlier.join(', ')
        } in ${this.config.cniNetDir} sort(s) before ${conflistFileName}: the container runtime uses the first config file by name, so pods would not get Podnet's network (remove it; containerd's default is 10-containerd-net.conflist)`,
      );
    }

    const missing = missingPlugins(this.config.cniBinDirs, requiredPlugins);
    if (missing.length) {
      problems.push(
        `missing CNI plugin(s) ${missing.join(', ')} in ${
          this.config.cniBinDirs.join(':')
        } (install the CNI reference plugins, or point PODNET_CNI_BIN_DIRS at them, e.g. /usr/lib/cni on Debian)`,
      );
    }

    const families = new Set<IpFamily>(view.ownBlocks.map((b) => b.cidr.family));
    const kernel = this.system.kernel(families);
    if (kernel.set.length) this.log(`set ${kernel.set.map((k) => `${k}=1`).join(', ')}`);
    problems.push(...kernel.problems);

    // The pod MTU: the override, else the uplink's (the interface holding the InternalIP).
    let links: LinkInfo[] = [];
    try {
      links = await this.system.links();
    } catch (error) {
      warnings.push(`cannot read interfaces: ${message(error)}`);
    }
    const uplink = self ? uplinkOf(links, internalIpsOf(self)) : undefined;
    const mtu = this.settings.mtu ?? uplink?.mtu;
    if (this.settings.mtu === undefined && !uplink && self) {
      warnings.push(`no interface holds this node's InternalIP (${internalIpsOf(self).join(', ') || 'none'}): pods get the bridge plugin's default MTU`);
    }

    // A block that changed (node re-registered): the bridge still has the old gateway address, and the
    // bridge plugin refuses every new pod until it goes (kubenet clears it the same way).
    if (served.length) {
      const bridge = links.find((l) => l.name === bridgeName);
      for (const a of bridge?.addresses ?? []) {
        if (view.servedBlocks.some((b) => b.cidr.family === a.cidr.family && containsAddress(b.cidr, a.cidr.family, a.cidr.address))) continue;
        const error = await this.system.deleteAddress(bridgeName, a.text);
        if (error) problems.push(`cannot remove the stale address ${a.text} from ${bridgeName}: ${error}`);
        else this.log(`removed the stale address ${a.text} from ${bridgeName} (this node's block is now ${served.join(',')})`);
      }
    }

    let conflistOk = false;
    if (served.length && !missing.length) {
      try {
        const conflist = renderConflist(this.template(), served, { ipamDataDir: this.config.ipamDataDir, mtu, node: name });
        if (writeFileAtomic(confPath, conflistText(conflist))) this.log(`wrote ${conflistFileName} for ${served.join(',')}${mtu ? `, MTU ${mtu}` : ''}`);
        conflistOk = true;
      } catch (error) {
        problems.push(`cannot write ${confPath}: ${message(error)}`);
      }
    } else if (contested && removeFile(confPath)) this.log(`removed ${conflistFileName}: this node's block is contested, it must not hand out addresses`);

    let result: SyncResult;
    try {
      result = await this.routes.sync(view.routes);
    } catch (error) {
      // e.g. no `ip` in the image: say so instead of failing silently
      result = {
        plan: { replace: [], remove: [], conflicts: [] },
        changed: 0,
        errors: [{ message: `cannot program routes with ${this.config.ipCommand}: ${message(error)}` }],
        installed: 0,
        offLink: [],
      };
    }
    this.stats.routeChanges += result.changed;
    if (result.changed) this.log(`routes: ${result.plan.replace.length} added/changed, ${result.plan.remove.length} removed`);
    for (const conflict of result.plan.conflicts) problems.push(`route to ${conflict.dst} is held by ${conflict.owner}: left untouched`);
    for (const e of result.errors) (e.dst ? warnings : problems).push(`route error: ${e.message}`);
    for (const r of result.offLink) {
      warnings.push(`gateway ${r.via} for ${r.dst} is on no directly connected network of this node: not routed (host-gw needs the nodes on one L2 segment)`);
    }

    const firewall = this.firewall.sync(this.settings, view.allBlocks, warnings);
    problems.push(...firewall.problems);
    if (firewall.pending) setTimeout(() => void this.requestSync(0), 1000).unref();
    const ready = conflistOk && problems.length === 0;
    const reason = contested ? eventReasons.conflict : undefined;
    await this.report(
      {
        node: name,
        mode: ready ? 'ready' : 'degraded',
        podCIDRs: served.length ? served : view.ownBlocks.map((b) => b.text),
        routes: result.installed,
        problems,
        warnings,
      },
      ready,
      reason,
    );
  }

  /** Uninstall: remove our firewall rules, routes and conflist, then report and stay idle. */
  async cleanUp(): Promise<void> {
    if (this.removed) return;
    this.stopWatch?.();
    await this.syncChain;
    const problems: string[] = [];
    for (const family of [4, 6] as const) this.system.writeFirewall(family, removeRules);
    const deadline = Date.now() + 15_000;
    while (![4, 6].every((f) => this.system.firewallStatus(f as IpFamily).state === 'removed') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    for (const family of [4, 6] as const) {
      if (this.system.firewallStatus(family).state !== 'removed') {
        problems.push(`firewall: the container did not confirm the removal of the IPv${family} rules (check iptables-save | grep PODNET)`);
      }
    }
    const result = await this.routes.removeAll();
    const confPath = join(this.config.cniNetDir, conflistFileName);
    const owner = conflistOwner(confPath, conflistOwnerKey);
    const removedConf = owner !== undefined && (!owner || owner === this.config.nodeName) && removeFile(confPath);
    this.removed = true;
    this.log(`removed ${result.changed} route(s)${removedConf ? ` and ${conflistFileName}` : ''}`);
    await this.report({
      node: this.config.nodeName,
      mode: 'removed',
      podCIDRs: [],
      routes: result.installed,
      problems: [...problems, ...result.errors.map((e) => e.message)],
      warnings: [],
    }, false);
  }

  private async report(state: AgentState, ready: boolean, reason?: string): Promise<void> {
    this.state = state;
    await this.reporter.report(state, ready, reason);
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
