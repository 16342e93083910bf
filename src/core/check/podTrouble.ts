// Why a probe pod is not Running yet, in the words `kubectl describe pod` would show: the
// container's waiting reason (ErrImagePull, ImagePullBackOff, CrashLoopBackOff…), the scheduler's
// PodScheduled=False message, or the phase.

export interface ProbePodStatus {
  readonly metadata: { readonly name: string };
  readonly spec?: { readonly nodeName?: string };
  readonly status?: {
    readonly phase?: string;
    readonly podIP?: string;
    readonly conditions?: readonly { readonly type: string; readonly status: string; readonly reason?: string; readonly message?: string }[];
    readonly containerStatuses?: readonly {
      readonly state?: {
        readonly waiting?: { readonly reason?: string; readonly message?: string };
        readonly terminated?: { readonly reason?: string; readonly exitCode?: number; readonly message?: string };
      };
      readonly lastState?: { readonly terminated?: { readonly reason?: string; readonly exitCode?: number } };
      readonly ready?: boolean;
    }[];
  };
}

/** The pod runs and has an IP (its container started; its echo may not listen yet). */
export const probePodUp = (p: ProbePodStatus): boolean => p.status?.phase === 'Running' && Boolean(p.status.podIP);

/**
 * A probe pod is ready for the plan once it runs, has an IP and passed its readiness probe (the
 * probe's marker: its echo listens). Ready is the pod's Ready condition — or every container
 * reported ready by its kubelet: the node lifecycle controller sets the condition False on every
 * pod of a node that turns NotReady without any probe failing, and a kept probe pod on such a
 * node still listens.
 */
export const probePodReady = (p: ProbePodStatus): boolean => {
  if (!probePodUp(p)) return false;
  if (p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) return true;
  const containers = p.status?.containerStatuses ?? [];
  return containers.length > 0 && containers.every((c) => c.ready === true);
};

/** What else is known: the pod's node is not Ready (its condition's reason and message), the pod's last Warning event. */
export interface PodContext {
  readonly nodeNotReady?: string;
  readonly lastWarning?: string;
}

export function podTrouble(p: ProbePodStatus, known: PodContext = {}): string {
  const base = podState(p);
  const extra = [
    known.nodeNotReady ? `node ${p.spec?.nodeName ?? '?'} is NotReady: ${known.nodeNotReady}` : '',
    known.lastWarning ? `last warning: ${known.lastWarning}` : '',
  ].filter(Boolean);
  return extra.length ? `${base}; ${extra.join('; ')}` : base;
}

function podState(p: ProbePodStatus): string {
  const where = p.spec?.nodeName ? ` on node ${p.spec.nodeName}` : '';
  for (const c of p.status?.containerStatuses ?? []) {
    const waiting = c.state?.waiting;
    if (waiting?.reason) return `${p.metadata.name}${where}: ${waiting.reason}${waiting.message ? ` (${waiting.message})` : ''}`;
    const ended = c.state?.terminated ?? c.lastState?.terminated;
    if (ended) return `${p.metadata.name}${where}: the probe exited (${ended.reason ?? 'terminated'}, exit code ${ended.exitCode ?? '?'})`;
  }
  const unscheduled = p.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (unscheduled) {
    return `${p.metadata.name}: not scheduled (${unscheduled.reason ?? 'Unschedulable'}${unscheduled.message ? `: ${unscheduled.message}` : ''})`;
  }
  const phase = p.status?.phase ?? 'Pending';
  if (phase === 'Running' && !p.status?.podIP) return `${p.metadata.name}${where}: Running but without a pod IP`;
  if (probePodUp(p)) {
    return `${p.metadata.name}${where}: Running but not Ready (its readiness probe does not find the marker the probe writes once its echo listens)`;
  }
  const blocked = p.status?.conditions?.find((c) => c.status === 'False' && c.message);
  return `${p.metadata.name}${where}: ${phase}${blocked ? ` (${blocked.type}: ${blocked.message})` : ''}`;
}
