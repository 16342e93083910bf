// A pod's status as the kubelet reports it, from what the lab's runtime knows of its sandbox and
// container processes.
type Obj = Record<string, unknown>;

export interface ContainerReport {
  readonly name: string;
  readonly image: string;
  readonly containerID?: string;
  readonly state: Obj;
  readonly lastState: Obj;
  readonly ready: boolean;
  readonly restartCount: number;
  readonly started: boolean;
}

export interface SandboxReport {
  readonly hostIP: string;
  readonly hostIPs: readonly string[];
  /** Undefined while the sandbox is not up. */
  readonly podIPs?: readonly string[];
  readonly startTime: string;
  readonly containers: readonly ContainerReport[];
  readonly restartPolicy: string;
}

export const nowText = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

function phaseOf(s: SandboxReport): string {
  if (!s.podIPs || s.containers.length === 0) return 'Pending';
  const terminated = s.containers.map((c) => c.state.terminated as { exitCode?: number } | undefined);
  if (s.restartPolicy !== 'Always' && terminated.every(Boolean)) {
    if (terminated.every((t) => t?.exitCode === 0)) return 'Succeeded';
    if (s.restartPolicy === 'Never') return 'Failed';
  }
  return s.containers.some((c) => c.state.running || c.state.terminated || c.restartCount > 0) ? 'Running' : 'Pending';
}

/** The status object, keeping each condition's lastTransitionTime while its value stays. */
export function podStatus(previous: Obj | undefined, s: SandboxReport): Obj {
  const now = nowText();
  const before = new Map(((previous?.conditions ?? []) as { type: string; status: string; lastTransitionTime?: string }[]).map((c) => [c.type, c]));
  const allReady = s.containers.length > 0 && s.containers.every((c) => c.ready);
  const cond = (type: string, ok: boolean, reason?: string): Obj => {
    const status = ok ? 'True' : 'False';
    const was = before.get(type);
    return {
      type,
      status,
      lastProbeTime: null,
      lastTransitionTime: was?.status === status ? was.lastTransitionTime : now,
      ...(!ok && reason ? { reason } : {}),
    };
  };
  return {
    phase: phaseOf(s),
    conditions: [
      cond('PodReadyToStartContainers', Boolean(s.podIPs)),
      cond('Initialized', true),
      cond('Ready', allReady, 'ContainersNotReady'),
      cond('ContainersReady', allReady, 'ContainersNotReady'),
      cond('PodScheduled', true),
    ],
    hostIP: s.hostIP,
    hostIPs: s.hostIPs.map((ip) => ({ ip })),
    ...(s.podIPs?.length ? { podIP: s.podIPs[0], podIPs: s.podIPs.map((ip) => ({ ip })) } : {}),
    startTime: s.startTime,
    containerStatuses: s.containers.map((c) => ({
      name: c.name,
      state: c.state,
      lastState: c.lastState,
      ready: c.ready,
      restartCount: c.restartCount,
      image: c.image,
      imageID: '',
      ...(c.containerID ? { containerID: c.containerID } : {}),
      started: c.started,
    })),
    qosClass: previous?.qosClass ?? 'BestEffort',
  };
}
