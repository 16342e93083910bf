// A container's exec readiness probe, as the kubelet's prober runs it: the command inside the
// running container every periodSeconds (after initialDelaySeconds), ready on the first success,
// unready after failureThreshold failures in a row; each change reported so the pod's Ready
// condition follows. Other probe kinds (httpGet, tcpSocket, grpc) are not run by the lab: a
// container with one counts as ready once it runs.
import type { ChildProcess } from 'node:child_process';
import { execInContainer } from './containerRunner';
import type { Container } from './sandbox';

export function runReadinessProbe(c: Container, child: ChildProcess, current: () => boolean, changed: () => void): void {
  const probe = c.view.readinessProbe;
  const command = probe?.exec?.command;
  if (!probe || !command?.length) {
    if (probe) c.ready = true;
    return;
  }
  const period = (probe.periodSeconds ?? 10) * 1000;
  const failureThreshold = probe.failureThreshold ?? 3;
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000 + 1000;
  const tick = async (): Promise<void> => {
    if (!current() || !child.pid) return;
    let ok = false;
    try {
      await execInContainer(child.pid, command, c.env ?? {}, timeoutMs);
      ok = true;
    } catch {
      ok = false;
    }
    if (!current()) return;
    c.probeFailures = ok ? 0 : c.probeFailures + 1;
    const ready = ok ? true : c.probeFailures >= failureThreshold ? false : c.ready;
    if (ready !== c.ready) {
      c.ready = ready;
      changed();
    }
    c.timers.push(setTimeout(() => void tick(), period));
  };
  c.timers.push(setTimeout(() => void tick(), (probe.initialDelaySeconds ?? 0) * 1000 + 200));
}
