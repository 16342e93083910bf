// The lab's container runtime for a data-plane lab: per pod a sandbox (a network namespace plugged
// in by the node's first CNI config, or the node's own namespace for hostNetwork), each container's
// command as a process (containerRunner.ts) restarted by the pod's restartPolicy with the kubelet's
// back-off, exec readiness probes, and the pod status written from what really runs. Deleting a pod
// ends its processes, calls CNI DEL with the config ADD used, then removes the namespace.
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { recordEvent } from '../controllers/labEvents';
import type { StoredObject } from '../store/storedObject';
import { cniAdd, cniDel, firstNetworkConfig, readNetworkConfig, resultIps } from './cniRuntime';
import type { ContainerView, PodContext } from './containerConfig';
import { ContainerConfigError, containerArgv, containerEnv, containerMounts, podEtcFiles, prepareVolumes } from './containerConfig';
import type { ContainerMount } from './containerRunner';
import { execInContainer, startContainer, stopContainer } from './containerRunner';
import { coreDnsImage, dnsStandInScript } from './dnsStandIn';
import type { ContainerReport } from './podStatus';
import { nowText, podStatus } from './podStatus';
import { runReadinessProbe } from './readinessProbe';
import type { Container, Obj, RuntimeDeps, Sandbox } from './sandbox';
import { backoffMs, signalNumbers } from './sandbox';

export type { DataplaneNode } from './sandbox';

/** An image whose `node` the lab provides (the machine's): the bridge CNI's agent and the check's probes. */
const nodeImage = /(^|\/)node(:|@|$)/;

export class PodRuntime {
  private readonly sandboxes = new Map<string, Sandbox>();
  private stopped = false;

  constructor(private readonly deps: RuntimeDeps) {}

  /** The pod's network namespace name (the node's for hostNetwork pods). */
  netnsOf(namespace: string, name: string): string | undefined {
    return [...this.sandboxes.values()].find((s) => s.namespace === namespace && s.name === name)?.netns;
  }

  logPath(namespace: string, name: string, container: string): string | undefined {
    const sb = [...this.sandboxes.values()].find((s) => s.namespace === namespace && s.name === name);
    return sb ? join(sb.dir, `${container}.log`) : undefined;
  }

  sandboxCount(): number {
    return this.sandboxes.size;
  }

  syncPod(pod: Readonly<StoredObject>): void {
    const uid = String(pod.metadata.uid ?? '');
    if (this.stopped || !uid || this.sandboxes.has(uid)) return;
    const spec = (pod.spec ?? {}) as { nodeName?: string; hostNetwork?: boolean; restartPolicy?: string; containers?: ContainerView[] };
    if (!spec.nodeName) return;
    const sb: Sandbox = {
      uid,
      namespace: pod.metadata.namespace ?? 'default',
      name: pod.metadata.name,
      nodeName: spec.nodeName,
      hostNetwork: Boolean(spec.hostNetwork),
      dir: join(this.deps.runDir, 'pods', uid),
      restartPolicy: spec.restartPolicy ?? 'Always',
      startTime: nowText(),
      hostIPs: [],
      deleted: false,
      statusQueued: false,
      work: Promise.resolve(),
      containers: (spec.containers ?? []).map((view) => ({
        view,
        restarts: 0,
        state: { waiting: { reason: 'ContainerCreating' } },
        lastState: {},
        ready: false,
        started: false,
        probeFailures: 0,
        timers: [],
      })),
    };
    this.sandboxes.set(uid, sb);
    sb.work = this.start(sb).catch((error: unknown) => this.failSandbox(sb, error));
  }

  private podObject(sb: Sandbox): Readonly<StoredObject> | undefined {
    const p = this.deps.store.get({ apiVersion: 'v1', kind: 'Pod', namespace: sb.namespace, name: sb.name });
    return p && p.metadata.uid === sb.uid ? p : undefined;
  }

  private event(sb: Sandbox, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const pod = this.podObject(sb);
    if (pod) recordEvent(this.deps.store, pod, type, reason, message, 'kubelet');
  }

  private async start(sb: Sandbox): Promise<void> {
    const node = this.deps.node(sb.nodeName);
    if (!node) throw new Error(`node ${sb.nodeName} has no data plane (its InternalIP is not on the lab LAN 198.18.0.0/24)`);
    sb.hostIPs = [...node.addresses];
    if (sb.hostNetwork) {
      sb.netns = node.netns;
      sb.ips = [...node.addresses];
    } else {
      const configPath = firstNetworkConfig(node.cniDir);
      if (!configPath) throw new Error('network plugin not ready: cni config uninitialized');
      const list = readNetworkConfig(configPath);
      const netns = this.deps.network.addNamespace(this.deps.network.ns(`p-${sb.uid.replace(/-/g, '').slice(0, 16)}`));
      sb.netns = netns;
      sb.network = { list, node };
      const result = await cniAdd(node, list, sb.uid, netns);
      sb.ips = resultIps(result);
      if (sb.ips.length === 0) throw new Error(`plugin chain of ${configPath} returned no IP`);
    }
    if (sb.deleted) return;
    mkdirSync(sb.dir, { recursive: true });
    const pod = this.podObject(sb);
    if (!pod) return;
    const ctx: PodContext = {
      pod,
      nodeName: sb.nodeName,
      nodeRoot: node.root,
      podDir: sb.dir,
      hostIP: sb.hostIPs[0] ?? '',
      podIPs: sb.ips,
      store: this.deps.store,
      apiHost: this.deps.api.host,
      apiPort: this.deps.api.port,
      token: this.deps.api.token,
      caPem: this.deps.api.caPem,
    };
    let volumes: Map<string, string>;
    let etc: ContainerMount[];
    try {
      volumes = prepareVolumes(ctx);
      etc = podEtcFiles(ctx).map((f) => ({ ...f, readOnly: false, file: true }));
    } catch (error) {
      for (const c of sb.containers) c.state = { waiting: { reason: 'CreateContainerConfigError', message: (error as Error).message } };
      this.event(sb, 'Warning', 'Failed', `Error: ${(error as Error).message}`);
      this.queueStatus(sb);
      return;
    }
    for (const c of sb.containers) this.startContainer(sb, c, ctx, volumes, etc);
    this.queueStatus(sb);
  }

  private failSandbox(sb: Sandbox, error: unknown): void {
    if (sb.deleted || this.stopped) return;
    const message = error instanceof Error ? error.message : String(error);
    this.event(sb, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${message}`);
    // Undo what was made, then try again later, as the kubelet's pod workers do.
    sb.work = this.teardown(sb).then(() => {
      if (sb.deleted || this.stopped) return;
      this.sandboxes.delete(sb.uid);
      sb.retry = setTimeout(() => {
        const pod = this.podObject(sb);
        if (pod) this.syncPod(pod);
      }, 5000);
    });
  }

  private startContainer(sb: Sandbox, c: Container, ctx: PodContext, volumes: Map<string, string>, etc: readonly ContainerMount[]): void {
    if (sb.deleted || this.stopped) return;
    let argv: string[] | undefined;
    let mounts: ContainerMount[];
    try {
      c.env = containerEnv(ctx, c.view);
      argv = containerArgv(c.view, c.env);
      mounts = [...etc, ...containerMounts(c.view, volumes)];
    } catch (error) {
      if (!(error instanceof ContainerConfigError)) throw error;
      c.state = { waiting: { reason: 'CreateContainerConfigError', message: error.message } };
      this.event(sb, 'Warning', 'Failed', `Error: ${error.message}`);
      this.queueStatus(sb);
      return;
    }
    const image = String(c.view.image ?? '');
    // No CoreDNS binary on the machine: the pod's coredns container runs the lab's stand-in.
    if (!argv && coreDnsImage.test(image) && sb.containers.find((x) => coreDnsImage.test(String(x.view.image ?? ''))) === c) {
      argv = [process.execPath, '-e', dnsStandInScript];
    }
    c.containerID = `containerd://${createHash('sha256').update(`${sb.uid}/${c.view.name}/${c.restarts}`).digest('hex')}`;
    const startedAt = nowText();
    c.started = true;
    if (!argv) {
      // No command: the image's entrypoint is unknown to the lab, so nothing runs; the sandbox (its IP) is real.
      c.state = { running: { startedAt } };
      c.ready = !c.view.readinessProbe;
      this.queueStatus(sb);
      return;
    }
    // A Node image's `node` is the machine's (the one running the lab).
    const nodeDir = dirname(process.execPath);
    const env = { ...c.env };
    if (nodeImage.test(image) && !env.PATH?.split(':').includes(nodeDir)) {
      env.PATH = `${nodeDir}:${env.PATH ?? ''}`;
      mounts = [...mounts, { source: nodeDir, target: nodeDir, readOnly: true, file: false }];
    }
    mkdirSync(join(sb.dir, c.view.name), { recursive: true });
    const child = startContainer({
      netns: sb.netns as string,
      rootDir: join(sb.dir, c.view.name, 'root'),
      hostname: sb.hostNetwork ? sb.nodeName : sb.name,
      argv,
      env,
      workingDir: c.view.workingDir,
      mounts,
      readOnlyProcSys: !c.view.securityContext?.privileged,
      logFile: join(sb.dir, `${c.view.name}.log`),
    });
    c.child = child;
    c.state = { running: { startedAt } };
    c.ready = !c.view.readinessProbe;
    if (c.restarts === 0) this.event(sb, 'Normal', 'Started', `Started container ${c.view.name}`);
    this.queueStatus(sb);
    this.startProbe(sb, c, child);
    child.once('exit', (code, signal) => {
      for (const t of c.timers) clearTimeout(t);
      c.timers = [];
      if (sb.deleted || this.stopped || c.child !== child) return;
      const exitCode = code ?? (signal ? 128 + (signalNumbers[signal] ?? 9) : 1);
      const terminated = {
        exitCode,
        reason: exitCode === 0 ? 'Completed' : 'Error',
        startedAt,
        finishedAt: nowText(),
        containerID: c.containerID,
        ...(signal ? { signal: signalNumbers[signal] } : {}),
      };
      c.child = undefined;
      c.ready = false;
      const restart = sb.restartPolicy === 'Always' || (sb.restartPolicy === 'OnFailure' && exitCode !== 0);
      if (!restart) {
        c.state = { terminated };
        this.queueStatus(sb);
        return;
      }
      c.lastState = { terminated };
      c.restarts++;
      const delay = backoffMs(c.restarts);
      c.state = {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off ${Math.round(delay / 1000)}s restarting failed container=${c.view.name} pod=${sb.name}_${sb.namespace}(${sb.uid})`,
        },
      };
      this.event(sb, 'Warning', 'BackOff', 'Back-off restarting failed container');
      this.queueStatus(sb);
      c.timers.push(setTimeout(() => this.startContainer(sb, c, ctx, volumes, etc), delay));
    });
  }

  /** Exec readiness probes (inside the running container), as the kubelet's prober runs them. */
  private startProbe(sb: Sandbox, c: Container, child: ChildProcess): void {
    runReadinessProbe(c, child, () => !sb.deleted && !this.stopped && c.child === child, () => this.queueStatus(sb));
  }

  /** Runs a command inside a pod's running container (its namespaces and root), as `kubectl exec` does. */
  execIn(namespace: string, name: string, container: string, argv: readonly string[], timeoutMs = 10_000): Promise<string> {
    const sb = [...this.sandboxes.values()].find((s) => s.namespace === namespace && s.name === name);
    const c = sb?.containers.find((x) => x.view.name === container);
    if (!c?.child?.pid) throw new Error(`container ${container} of pod ${namespace}/${name} is not running in the data plane`);
    return execInContainer(c.child.pid, argv, c.env ?? {}, timeoutMs);
  }

  private queueStatus(sb: Sandbox): void {
    if (sb.statusQueued) return;
    sb.statusQueued = true;
    setImmediate(() => {
      sb.statusQueued = false;
      if (sb.deleted || this.stopped) return;
      this.writeStatus(sb);
    });
  }

  private writeStatus(sb: Sandbox): void {
    const pod = this.podObject(sb);
    if (!pod) return;
    const containers: ContainerReport[] = sb.containers.map((c) => ({
      name: c.view.name,
      image: String(c.view.image ?? ''),
      containerID: c.started ? c.containerID : undefined,
      state: c.state,
      lastState: c.lastState,
      ready: c.ready,
      restartCount: c.restarts,
      started: Boolean(c.child) || Boolean(c.state.running),
    }));
    const previous = pod.status as Obj | undefined;
    const status = podStatus(previous, {
      hostIP: sb.hostIPs[0] ?? '',
      hostIPs: sb.hostIPs,
      podIPs: sb.ips,
      startTime: sb.startTime,
      containers,
      restartPolicy: sb.restartPolicy,
    });
    if (JSON.stringify(status) === JSON.stringify(previous)) return;
    const next = structuredClone(pod) as StoredObject;
    next.status = status;
    delete next.metadata.resourceVersion;
    try {
      this.deps.store.update(next, { subresource: 'status' });
    } catch {
      // deleted meanwhile: podDeleted tears the sandbox down
    }
  }

  /** The pod is gone from the API: end its processes, CNI DEL, remove its namespace and files. */
  podDeleted(pod: Readonly<StoredObject>): Promise<void> {
    const sb = this.sandboxes.get(String(pod.metadata.uid ?? ''));
    if (!sb) return Promise.resolve();
    sb.deleted = true;
    if (sb.retry) clearTimeout(sb.retry);
    const grace = Math.min(2000, 1000 * Number((pod.spec as { terminationGracePeriodSeconds?: number } | undefined)?.terminationGracePeriodSeconds ?? 30));
    sb.work = sb.work.then(() => this.teardown(sb, grace)).finally(() => this.sandboxes.delete(sb.uid));
    return sb.work;
  }

  private async teardown(sb: Sandbox, graceMs = 1000): Promise<void> {
    for (const c of sb.containers) {
      for (const t of c.timers) clearTimeout(t);
      c.timers = [];
    }
    await Promise.all(sb.containers.map(async (c) => {
      const child = c.child;
      c.child = undefined;
      if (child) await stopContainer(child, graceMs);
    }));
    if (sb.network && sb.netns) {
      try {
        await cniDel(sb.network.node, sb.network.list, sb.uid, sb.netns);
      } catch (error) {
        if (!this.stopped) this.event(sb, 'Warning', 'FailedKillPod', `error killing pod: failed to "KillPodSandbox": ${(error as Error).message}`);
      }
    }
    if (sb.netns && !sb.hostNetwork) this.deps.network.deleteNamespace(sb.netns);
    sb.network = undefined;
    sb.netns = undefined;
    rmSync(sb.dir, { recursive: true, force: true });
  }

  /** Every sandbox down (DEL before each namespace goes). */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.sandboxes.values()].map((sb) => {
      sb.deleted = true;
      if (sb.retry) clearTimeout(sb.retry);
      return sb.work.then(() => this.teardown(sb, 500));
    }));
    this.sandboxes.clear();
  }
}
