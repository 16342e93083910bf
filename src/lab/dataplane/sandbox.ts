// What the lab's container runtime keeps per pod: the sandbox (its network namespace, the CNI
// config ADD used, its IPs) and per container the process, its state as the kubelet reports it,
// restarts and readiness.
import type { ChildProcess } from 'node:child_process';
import type { ObjectStore } from '../store/objectStore';
import type { CniNode, Conflist } from './cniRuntime';
import type { ContainerView } from './containerConfig';
import type { LabNetwork } from './labNetwork';

export type Obj = Record<string, unknown>;

/** A node of the data plane: its namespace, LAN addresses and filesystem root. */
export interface DataplaneNode extends CniNode {
  readonly name: string;
  readonly addresses: readonly string[];
  readonly cniDir: string;
  readonly binDirs: readonly string[];
}

export interface RuntimeDeps {
  readonly store: ObjectStore;
  readonly network: LabNetwork;
  readonly node: (name: string) => DataplaneNode | undefined;
  readonly runDir: string;
  readonly api: { readonly host: string; readonly port: number; readonly token: string; readonly caPem: string };
}

export interface Container {
  readonly view: ContainerView;
  child?: ChildProcess;
  restarts: number;
  state: Obj;
  lastState: Obj;
  ready: boolean;
  started: boolean;
  containerID?: string;
  probeFailures: number;
  timers: NodeJS.Timeout[];
  env?: Record<string, string>;
}

export interface Sandbox {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  readonly nodeName: string;
  readonly hostNetwork: boolean;
  readonly dir: string;
  readonly restartPolicy: string;
  readonly startTime: string;
  netns?: string;
  /** The config ADD used (libcni caches it for DEL). */
  network?: { list: Conflist; node: DataplaneNode };
  ips?: string[];
  hostIPs: string[];
  containers: Container[];
  deleted: boolean;
  work: Promise<void>;
  statusQueued: boolean;
  retry?: NodeJS.Timeout;
}

/** The kubelet's crash-loop back-off: 10 s doubling to 5 min. */
export const backoffMs = (restarts: number): number => Math.min(300_000, 10_000 * 2 ** Math.max(0, restarts - 1));

export const signalNumbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15, SIGSEGV: 11, SIGABRT: 6 };
