// The node agent's control loop: list + watch nodes, keep this node's conflist and the peer routes in
// step, report state, and clean up when the settings ConfigMap says `state: remove`. When the API is
// unreachable it changes nothing on the node: the last good conflist and routes stay in place.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiClient } from './apiClient';
import { ApiError } from './apiClient';
import type { AgentConfig } from './agentConfig';
import type { AgentState } from './agentState';
import { summarizeState } from './agentState';
import type { NodeLike } from './peerRoutes';
import { peerRoutes, podCidrsOf } from './peerRoutes';
import type { RouteProgrammer, SyncResult } from './routeProgrammer';
import { missingPlugins, removeFile, writeFileAtomic } from './nodeFiles';
import type { JsonObject } from '../conflist';
import { buildConflistTemplate, conflistText, renderConflist } from '../conflist';
import { conflistFileName, eventReasons, requiredPlugins } from '../names';

interface NodeList {
  metadata?: { resourceVersion?: string };
  items: NodeLike[];
}

export type Log = (message: string) => void;

export class NodeAgent {
  private readonly nodes = new Map<string, NodeLike>();
  private state: AgentState;
  private lastReported = '';
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
  ) {
    this.state = { node: config.nodeName, mode: 'starting', podCIDRs: [], routes: 0, problems: [] };
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

  private async readMode(): Promise<'active' | 'remove' | 'absent'> {
    try {
      const cm = await this.api.get<{ data?: Record<string, string> }>(
        `/api/v1/namespaces/${this.config.settingsNamespace}/configmaps/${this.config.settingsName}`,
      );
      return cm.data?.state === 'remove' ? 'remove' : 'active';
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return 'absent';
      throw error;
    }
  }

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
    return new Promise((resolve) => {
      this.syncTimer = setTimeout(() => {
        this.syncTimer = undefined;
        this.syncChain = this.syncChain.then(() => this.syncOnce()).then(resolve, (error: unknown) => {
          this.log(`sync failed: ${message(error)}`);
          resolve();
        });
      }, delayMs);
    });
  }

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
    const problems: string[] = [];
    const self = this.nodes.get(this.config.nodeName);
    const podCIDRs = self ? podCidrsOf(self) : [];
    if (!self) problems.push(`node ${this.config.nodeName} is not in the API's node list`);
    else if (podCIDRs.length === 0) problems.push(`node ${this.config.nodeName} has no spec.podCIDR: enable node CIDR allocation (kube-controller-manager --allocate-node-cidrs)`);

    const missing = missingPlugins(this.config.cniBinDirs, requiredPlugins);
    if (missing.length) problems.push(`missing CNI plugin(s) ${missing.join(', ')} in ${this.config.cniBinDirs.join(':')} (install the CNI reference plugins, or point PODNET_CNI_BIN_DIRS at them, e.g. /usr/lib/cni on Debian)`);

    let conflistOk = false;
    if (podCIDRs.length && !missing.length) {
      try {
        const conflist = renderConflist(this.template(), podCIDRs, this.config.ipamDataDir);
        if (writeFileAtomic(join(this.config.cniNetDir, conflistFileName), conflistText(conflist))) this.log(`wrote ${conflistFileName} for ${podCIDRs.join(',')}`);
        conflistOk = true;
      } catch (error) {
        problems.push(`cannot write ${join(this.config.cniNetDir, conflistFileName)}: ${message(error)}`);
      }
    }

    const peers = peerRoutes(this.config.nodeName, this.nodes.values());
    problems.push(...peers.problems);
    let result: SyncResult;
    try {
      result = await this.routes.sync(peers.routes);
    } catch (error) {
      // e.g. no `ip` in the image: say so instead of failing silently
      result = { plan: { replace: [], remove: [], conflicts: [] }, changed: 0, errors: [`cannot program routes with ${this.config.ipCommand}: ${message(error)}`], installed: 0 };
    }
    this.stats.routeChanges += result.changed;
    if (result.changed) this.log(`routes: ${result.plan.replace.length} added/changed, ${result.plan.remove.length} removed`);
    for (const conflict of result.plan.conflicts) problems.push(`route to ${conflict.dst} exists with proto ${conflict.proto} (not Podnet's): left untouched`);
    problems.push(...result.errors.map((e) => `route error: ${e}`));

    const ready = conflistOk && result.errors.length === 0 && result.plan.conflicts.length === 0;
    await this.report({ node: this.config.nodeName, mode: ready ? 'ready' : 'degraded', podCIDRs, routes: result.installed, problems }, ready);
  }

  /** Uninstall: remove our routes and conflist, then report and stay idle. */
  async cleanUp(): Promise<void> {
    if (this.removed) return;
    this.stopWatch?.();
    await this.syncChain;
    const result = await this.routes.removeAll();
    const removedConf = removeFile(join(this.config.cniNetDir, conflistFileName));
    this.removed = true;
    this.log(`removed ${result.changed} route(s)${removedConf ? ` and ${conflistFileName}` : ''}`);
    await this.report({ node: this.config.nodeName, mode: 'removed', podCIDRs: [], routes: result.installed, problems: result.errors }, false);
  }

  private async report(state: AgentState, ready: boolean): Promise<void> {
    this.state = state;
    if (ready) writeFileAtomic(this.config.readyFile, `${summarizeState(state)}\n`);
    else removeFile(this.config.readyFile);
    const summary = summarizeState(state);
    if (summary === this.lastReported) return;
    this.lastReported = summary;
    this.log(summary);
    await this.postEvent(state, summary);
  }

  /** An Event on the agent's own pod: needs only `events: create` in Podnet's namespace. */
  private async postEvent(state: AgentState, summary: string): Promise<void> {
    const { podName, podNamespace } = this.config;
    if (!podName || !podNamespace) return;
    const reason = state.mode === 'ready' ? eventReasons.ready : state.mode === 'removed' ? eventReasons.removed : eventReasons.problem;
    const now = new Date().toISOString();
    try {
      await this.api.requestJson('POST', `/api/v1/namespaces/${podNamespace}/events`, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `${podName}.${Date.now().toString(16)}`, namespace: podNamespace },
        involvedObject: { apiVersion: 'v1', kind: 'Pod', name: podName, namespace: podNamespace },
        reason,
        message: summary.slice(0, 1000),
        type: state.mode === 'degraded' ? 'Warning' : 'Normal',
        source: { component: 'podnet-agent', host: state.node },
        reportingComponent: 'podnet-agent',
        reportingInstance: state.node,
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      });
    } catch (error) {
      this.log(`could not record an Event (${message(error)}); state stays in the log and the readiness probe`);
    }
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
