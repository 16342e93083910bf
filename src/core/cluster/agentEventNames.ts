// The names of the Events Podnet's node agent records on its own pod: the agent writes them,
// the installer, the cluster model and the lab's stand-in read them. Free of imports, because the
// agent's bundle takes it through src/cni/names.ts.

export const agentReasons = {
  ready: 'PodnetAgentReady',
  /** Ready, but something needs an operator: a peer's problem, an uplink without a known MTU. */
  warning: 'PodnetAgentWarning',
  problem: 'PodnetAgentProblem',
  /** Unready because this node's block overlaps a block another node claimed first. */
  conflict: 'PodnetBlockConflict',
  removed: 'PodnetAgentRemoved',
} as const;

/** The Events' source.component and reportingComponent. */
export const agentComponent = 'podnet-agent';
