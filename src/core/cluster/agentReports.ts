// What Podnet's node agents report about their nodes: the Events each records on its own pod in
// kube-system (reportingComponent podnet-agent, src/cni/agent/nodeAgent.ts). The latest one per
// node is the agent's word on that node; an unready reason is a finding on it (PN199).
import type { AgentEventInfo } from './clusterTypes';
import type { Finding } from './findings';

/** The agent's Event reasons (src/cni/names.ts eventReasons; core may not import cni: a unit test holds them equal). */
export const agentReasons = {
  ready: 'PodnetAgentReady',
  warning: 'PodnetAgentWarning',
  problem: 'PodnetAgentProblem',
  conflict: 'PodnetBlockConflict',
  removed: 'PodnetAgentRemoved',
} as const;

export const agentComponent = 'podnet-agent';

/** Reasons that mean the agent does not serve its node (its pod is unready). */
export const unreadyAgentReasons: ReadonlySet<string> = new Set([agentReasons.problem, agentReasons.conflict]);
const knownReasons: ReadonlySet<string> = new Set(Object.values(agentReasons));

export const isAgentReason = (reason: string): boolean => knownReasons.has(reason);

/** The latest report per node (by time, then by name: agent Event names grow with time). */
export function latestReports(events: Iterable<AgentEventInfo>): Map<string, AgentEventInfo> {
  const latest = new Map<string, AgentEventInfo>();
  for (const e of events) {
    const prev = latest.get(e.node);
    if (!prev || prev.time < e.time || (prev.time === e.time && prev.name < e.name)) latest.set(e.node, e);
  }
  return latest;
}

/** A finding on each node whose agent's latest word is that it does not serve the node. */
export function agentFindings(latest: ReadonlyMap<string, AgentEventInfo>, nodeExists: (name: string) => boolean): Finding[] {
  const findings: Finding[] = [];
  for (const [node, e] of latest) {
    if (!unreadyAgentReasons.has(e.reason) || !nodeExists(node)) continue;
    findings.push({
      code: 'podnet-agent-unready',
      severity: 'error',
      message: `Podnet's agent on node ${node} is not ready: ${e.reason}: ${e.message} (Event on pod kube-system/${e.pod}).`,
      subjects: [{ kind: 'node', name: node }],
    });
  }
  return findings;
}
