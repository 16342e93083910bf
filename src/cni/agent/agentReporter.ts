// How the agent tells the cluster about its node: the readiness file (the DaemonSet's readiness
// probe reads it, always the truth) and, when the summary changed, a log line and an Event on the
// agent's own pod (what `podnet cni install` prints). Problems found while the agent is warming up
// — its first seconds, while the firewall container picks up the first rules — are held: reported
// only if the sync after the hold still finds them, so a passing wait is no PodnetAgentProblem. A
// block conflict is reported at once: no wait makes it go away.
import type { ApiClient } from '../../kube/inClusterApiClient';
import type { AgentConfig } from './agentConfig';
import type { AgentState } from './agentState';
import { summarizeState } from './agentState';
import { removeFile, writeFileAtomic } from './nodeFiles';
import { agentComponent, eventReasons } from '../names';

export interface ReporterTiming {
  /** How long after start problems are held (default: the firewall grace). */
  readonly problemHoldMs: number;
  readonly now?: () => number;
}

export class AgentReporter {
  private lastReported = '';
  private lastHeld = '';
  private readonly startedAt: number;
  private recheck: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: AgentConfig,
    private readonly api: ApiClient,
    private readonly log: (message: string) => void,
    private readonly timing: ReporterTiming,
    /** Asked for a fresh sync when the hold ends with problems held, so they are reported if still true. */
    private readonly resync: () => void,
  ) {
    this.startedAt = (timing.now ?? Date.now)();
  }

  async report(state: AgentState, ready: boolean, reason?: string): Promise<void> {
    if (ready) writeFileAtomic(this.config.readyFile, `${summarizeState(state)}\n`);
    else removeFile(this.config.readyFile);
    const summary = summarizeState(state);
    const left = this.startedAt + this.timing.problemHoldMs - (this.timing.now ?? Date.now)();
    // A reason of its own (a contested block) is the cluster's state, not warm-up: never held.
    if (state.mode === 'degraded' && reason === undefined && left > 0) {
      if (summary !== this.lastHeld) this.log(`${summary} (held: reported if still true after the first ${Math.round(this.timing.problemHoldMs / 1000)} s)`);
      this.lastHeld = summary;
      if (!this.recheck) {
        this.recheck = setTimeout(() => this.resync(), left + 50);
        this.recheck.unref();
      }
      return;
    }
    if (summary === this.lastReported) return;
    this.lastReported = summary;
    this.log(summary);
    await this.postEvent(state, summary, reason);
  }

  dispose(): void {
    if (this.recheck) clearTimeout(this.recheck);
  }

  /** An Event on the agent's own pod: needs only `events: create` in Podnet's namespace. */
  private async postEvent(state: AgentState, summary: string, reasonOverride?: string): Promise<void> {
    const { podName, podNamespace } = this.config;
    if (!podName || !podNamespace) return;
    const reason = reasonOverride ??
      (state.mode === 'ready'
        ? (state.warnings.length ? eventReasons.warning : eventReasons.ready)
        : state.mode === 'removed'
        ? eventReasons.removed
        : eventReasons.problem);
    const now = new Date().toISOString();
    try {
      await this.api.requestJson('POST', `/api/v1/namespaces/${podNamespace}/events`, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `${podName}.${Date.now().toString(16)}`, namespace: podNamespace },
        involvedObject: { apiVersion: 'v1', kind: 'Pod', name: podName, namespace: podNamespace },
        reason,
        message: summary.slice(0, 1000),
        type: state.mode === 'degraded' || state.warnings.length ? 'Warning' : 'Normal',
        source: { component: agentComponent, host: state.node },
        reportingComponent: agentComponent,
        reportingInstance: state.node,
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      });
    } catch (error) {
      this.log(`could not record an Event (${error instanceof Error ? error.message : String(error)}); state stays in the log and the readiness probe`);
    }
  }
}
