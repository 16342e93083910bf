// What the agent reports about its node: the readiness file (the DaemonSet's readiness probe reads it)
// and a one-line summary that goes into an Event on the agent's own pod.

export interface AgentState {
  readonly node: string;
  readonly mode: 'starting' | 'ready' | 'degraded' | 'removed';
  readonly podCIDRs: readonly string[];
  readonly routes: number;
  /** This node's own problems: any of them makes it unready. */
  readonly problems: readonly string[];
  /** Other nodes' problems and notes: reported (a Warning Event), readiness unaffected. */
  readonly warnings: readonly string[];
}

export function summarizeState(state: AgentState): string {
  const block = state.podCIDRs.length ? state.podCIDRs.join(',') : 'none';
  const problems = state.problems.length ? `; problems: ${state.problems.join('; ')}` : '';
  const warnings = state.warnings.length ? `; warnings: ${state.warnings.join('; ')}` : '';
  return `node ${state.node}: ${state.mode}, block ${block}, ${state.routes} peer route(s)${problems}${warnings}`;
}
