// Server-side printing (as=Table): the columns the real apiserver's printers give each kind, so
// `kubectl get -o wide` shows what it shows against a real cluster. Others get Name + Age.
import type { StoredObject } from '../store/storedObject';
import type { RawNode } from '../../core/cluster/rawNode';
import { nodeAddresses, nodeCondition } from '../../core/cluster/rawNode';

export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

type Cell = string | number;
interface Printer {
  columns: ColumnDefinition[];
  cells(o: Readonly<StoredObject>, now: number): Cell[];
}

const col = (name: string, priority = 0, type = 'string', format = ''): ColumnDefinition => ({ name, type, format, description: `${name} column`, priority });
const nameCol = col('Name', 0, 'string', 'name');
/** Age and the pod template's containers, images and selector (the last three -o wide only), as kubectl prints workloads. */
const workloadColumns = [col('Age'), col('Containers', 1), col('Images', 1), col('Selector', 1)];
/** Labels as a selector's text: k=v,k=v ('' when empty). */
const selectorText = (labels: Record<string, string> | undefined): string => Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
const none = (v: unknown): string => (v === undefined || v === null || v === '' ? '<none>' : String(v));

/** The apiserver's duration.HumanDuration. */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  if (h < 24 * 8) return h % 24 === 0 ? `${Math.floor(h / 24)}d` : `${Math.floor(h / 24)}d${h % 24}h`;
  if (h < 24 * 365 * 2) return `${Math.floor(h / 24)}d`;
  const y = Math.floor(h / 24 / 365);
  if (h < 24 * 365 * 8) return `${y}y${Math.floor(h / 24) % 365}d`;
  return `${y}y`;
}

const age = (o: Readonly<StoredObject>, now: number): string =>
  o.metadata.creationTimestamp ? humanDuration(now - Date.parse(o.metadata.creationTimestamp)) : '<unknown>';

interface NodeLike extends RawNode {
  readonly spec?: RawNode['spec'] & { readonly unschedulable?: boolean };
  readonly status?: RawNode['status'] & { readonly nodeInfo?: Record<string, string> };
}
interface PodLike {
  spec?: { nodeName?: string; containers?: unknown[]; readinessGates?: { conditionType: string }[] };
  status?: {
    phase?: string;
    reason?: string;
    podIP?: string;
    nominatedNodeName?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: { ready?: boolean; restartCount?: number; state?: { waiting?: { reason?: string }; terminated?: { reason?: string } } }[];
  };
}

const nodePrinter: Printer = {
  columns: [
    nameCol,
    col('Status'),
    col('Roles'),
    col('Age'),
    col('Version'),
    col('Internal-IP', 1),
    col('External-IP', 1),
    col('OS-Image', 1),
    col('Kernel-Version', 1),
    col('Container-Runtime', 1),
  ],
  cells(o, now) {
    const n = o as unknown as NodeLike;
    const ready = nodeCondition(n, 'Ready');
    let status = ready?.status === 'True' ? 'Ready' : ready?.status === 'False' ? 'NotReady' : 'Unknown';
    if (n.spec?.unschedulable) status += ',SchedulingDisabled';
    const roles = Object.keys(o.metadata.labels ?? {}).filter((l) => l.startsWith('node-role.kubernetes.io/')).map((l) => l.slice(24)).filter(Boolean).sort();
    const addr = (type: string): string => none(nodeAddresses(n, type)[0]);
    const info = n.status?.nodeInfo ?? {};
    return [
      o.metadata.name,
      status,
      roles.length ? roles.join(',') : '<none>',
      age(o, now),
      info.kubeletVersion ?? '',
      addr('InternalIP'),
      addr('ExternalIP'),
      none(info.osImage),
      none(info.kernelVersion),
      none(info.containerRuntimeVersion),
    ];
  },
};

const podPrinter: Printer = {
  columns: [
    nameCol,
    col('Ready'),
    col('Status'),
    col('Restarts', 0, 'string'),
    col('Age'),
    col('IP', 1),
    col('Node', 1),
    col('Nominated Node', 1),
    col('Readiness Gates', 1),
  ],
  cells(o, now) {
    const p = o as unknown as PodLike;
    const statuses = p.status?.containerStatuses ?? [];
    const total = p.spec?.containers?.length ?? 0;
    const ready = statuses.filter((c) => c.ready).length;
    let reason = p.status?.reason || p.status?.phase || 'Unknown';
    for (const c of statuses) {
      const r = c.state?.waiting?.reason ?? c.state?.terminated?.reason;
      if (r) reason = r;
    }
    if (reason === 'Pending' && p.spec?.nodeName && statuses.length === 0) reason = 'ContainerCreating';
    if (o.metadata.deletionTimestamp) reason = 'Terminating';
    const restarts = statuses.reduce((sum, c) => sum + (c.restartCount ?? 0), 0);
    const gates = p.spec?.readinessGates ?? [];
    const gateText = gates.length === 0 ?
      '<none>'
      : `${gates.filter((g) => p.status?.conditions?.some((c) => c.type === g.conditionType && c.status === 'True')).length}/${gates.length}`;
    return [
      o.metadata.name,
      `${ready}/${total}`,
      reason,
      String(restarts),
      age(o, now),
      none(p.status?.podIP),
      none(p.spec?.nodeName),
      none(p.status?.nominatedNodeName),
      gateText,
    ];
  },
};

interface ServiceLike {
  spec?: {
    type?: string;
    clusterIP?: string;
    externalIPs?: string[];
    ports?: { port: number; protocol?: string; nodePort?: number }[];
    selector?: Record<string, string>;
  };
}
const servicePrinter: Printer = {
  columns: [nameCol, col('Type'), col('Cluster-IP'), col('External-IP'), col('Port(s)'), col('Age'), col('Selector', 1)],
  cells(o, now) {
    const s = (o as unknown as ServiceLike).spec ?? {};
    const ports = (s.ports ?? []).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
    const selector = selectorText(s.selector);
    return [
      o.metadata.name,
      s.type ?? 'ClusterIP',
      none(s.clusterIP),
      s.externalIPs?.join(',') || '<none>',
      ports || '<none>',
      age(o, now),
      selector || '<none>',
    ];
  },
};

interface DaemonSetLike {
  spec?: {
    template?: { spec?: { nodeSelector?: Record<string, string>; containers?: { name: string; image: string }[] } };
    selector?: { matchLabels?: Record<string, string> };
  };
  status?: Record<string, number>;
}
const daemonSetPrinter: Printer = {
  columns: [
    nameCol,
    col('Desired', 0, 'integer'),
    col('Current', 0, 'integer'),
    col('Ready', 0, 'integer'),
    col('Up-to-date', 0, 'integer'),
    col('Available', 0, 'integer'),
    col('Node Selector'),
    ...workloadColumns,
  ],
  cells(o, now) {
    const d = o as unknown as DaemonSetLike;
    const st = d.status ?? {};
    const sel = selectorText(d.spec?.template?.spec?.nodeSelector);
    return [
      o.metadata.name,
      st.desiredNumberScheduled ?? 0,
      st.currentNumberScheduled ?? 0,
      st.numberReady ?? 0,
      st.updatedNumberScheduled ?? 0,
      st.numberAvailable ?? 0,
      sel || '<none>',
      age(o, now),
      ...workloadExtras(d),
    ];
  },
};

interface WorkloadLike {
  spec?: { replicas?: number; selector?: { matchLabels?: Record<string, string> }; template?: { spec?: { containers?: { name: string; image: string }[] } } };
  status?: Record<string, number>;
}
const workloadExtras = (w: WorkloadLike): string[] => {
  const containers = w.spec?.template?.spec?.containers ?? [];
  return [containers.map((c) => c.name).join(','), containers.map((c) => c.image).join(','), selectorText(w.spec?.selector?.matchLabels) || '<none>'];
};
/** A workload's row: name, the kind's counts, then age and the template's columns. */
const workloadPrinter = (counts: ColumnDefinition[], values: (w: WorkloadLike, st: Record<string, number>) => (string | number)[]): Printer => ({
  columns: [nameCol, ...counts, ...workloadColumns],
  cells(o, now) {
    const w = o as unknown as WorkloadLike;
    return [o.metadata.name, ...values(w, w.status ?? {}), age(o, now), ...workloadExtras(w)];
  },
});
const deploymentPrinter = workloadPrinter(
  [col('Ready'), col('Up-to-date', 0, 'integer'), col('Available', 0, 'integer')],
  (w, st) => [`${st.readyReplicas ?? 0}/${w.spec?.replicas ?? 1}`, st.updatedReplicas ?? 0, st.availableReplicas ?? 0],
);
const replicaSetPrinter = workloadPrinter(
  [col('Desired', 0, 'integer'), col('Current', 0, 'integer'), col('Ready', 0, 'integer')],
  (w, st) => [w.spec?.replicas ?? 1, st.replicas ?? 0, st.readyReplicas ?? 0],
);

const namespacePrinter: Printer = {
  columns: [nameCol, col('Status'), col('Age')],
  cells: (o, now) => [o.metadata.name, ((o.status as { phase?: string } | undefined)?.phase) ?? 'Active', age(o, now)],
};

const configMapPrinter: Printer = {
  columns: [nameCol, col('Data', 0, 'integer'), col('Age')],
  cells: (
    o,
    now,
  ) => [
    o.metadata.name,
    Object.keys((o.data as object | undefined) ?? {}).length + Object.keys((o.binaryData as object | undefined) ?? {}).length,
    age(o, now),
  ],
};

const genericPrinter: Printer = {
  columns: [nameCol, {
    ...col('Created At', 0, 'date'),
    description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
  }],
  cells: (o) => [o.metadata.name, o.metadata.creationTimestamp ?? ''],
};

const agePrinter: Printer = { columns: [nameCol, col('Age')], cells: (o, now) => [o.metadata.name, age(o, now)] };

const printers: Record<string, Printer> = {
  Node: nodePrinter,
  Pod: podPrinter,
  Service: servicePrinter,
  DaemonSet: daemonSetPrinter,
  Deployment: deploymentPrinter,
  ReplicaSet: replicaSetPrinter,
  Namespace: namespacePrinter,
  ConfigMap: configMapPrinter,
  ServiceAccount: agePrinter,
  Secret: agePrinter,
  ClusterRole: { columns: [nameCol, col('Created At', 0, 'date')], cells: (o) => [o.metadata.name, o.metadata.creationTimestamp ?? ''] },
};

export function printerFor(kind: string, custom: boolean): Printer {
  return printers[kind] ?? (custom ? agePrinter : genericPrinter);
}

export type TableInclude = 'Metadata' | 'Object' | 'None';

/** A meta.k8s.io/v1 Table of `objects`; includeObject as the request asked (default Metadata). */
export function table(
  kind: string,
  custom: boolean,
  objects: readonly Readonly<StoredObject>[],
  listMeta: Record<string, unknown>,
  include: TableInclude,
  withColumns = true,
): object {
  const printer = printerFor(kind, custom);
  const now = Date.now();
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: withColumns ? printer.columns : [],
    rows: objects.map((o) => ({
      cells: printer.cells(o, now),
      ...(include === 'None'
        ? {}
        : { object: include === 'Object' ? o : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata } }),
    })),
  };
}
