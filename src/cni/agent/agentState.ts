// What the agent reports about its node: the readiness file (the DaemonSet's readiness probe reads it)
// and a one-line summary that goes into an Event on the agent's own pod.

export interface AgentState {
  readonly node: string;
  readonly mode: 'starting' | 'ready' | 'degraded' | 'removed';
  readonly podCIDRs: readonly string[];
  readonly routes: number;
  readonly problems: readonly string[];
}

export function summarizeState(state: AgentState): string {
  const block = state.podCIDRs.length ? state.podCIDRs.join(',') : 'none';
  const problems = state.problems.length ? `; problems: ${state.problems.join('; ')}` : '';
  return `node ${state.node}: ${state.mode}, block ${block}, ${state.routes} peer route(s)${problems}`;
}
