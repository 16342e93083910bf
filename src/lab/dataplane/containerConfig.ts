// What the kubelet hands a container: environment (values, downward-API fieldRefs, ConfigMap and
// Secret refs, $(VAR) expansion, the kubernetes Service variables) and volumes made into
// directories (hostPath under the node's own root, configMap/secret/downwardAPI/projected files,
// emptyDir, the service-account token), then bound at each volumeMount.
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import type { StoredObject } from '../store/storedObject';
import type { ObjectStore } from '../store/objectStore';
import type { ContainerMount } from './containerRunner';

type Obj = Record<string, unknown>;

/** A container whose configuration cannot be made (the kubelet's CreateContainerConfigError). */
export class ContainerConfigError extends Error {}

export interface PodContext {
  readonly pod: Readonly<StoredObject>;
  readonly nodeName: string;
  /** The node's filesystem root (hostPath volumes live under it). */
  readonly nodeRoot: string;
  readonly podDir: string;
  readonly hostIP: string;
  readonly podIPs: readonly string[];
  readonly store: ObjectStore;
  /** The API as pods reach it (the kubernetes Service variables point here). */
  readonly apiHost: string;
  readonly apiPort: number;
  readonly token: string;
  readonly caPem: string;
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    fieldRef?: { fieldPath: string };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
  };
}
interface EnvFrom {
  prefix?: string;
  configMapRef?: { name: string; optional?: boolean };
  secretRef?: { name: string; optional?: boolean };
}
export interface ContainerView {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env?: EnvVar[];
  envFrom?: EnvFrom[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[];
  securityContext?: { privileged?: boolean };
  readinessProbe?: {
    exec?: { command?: string[] };
    initialDelaySeconds?: number;
    periodSeconds?: number;
    timeoutSeconds?: number;
    failureThreshold?: number;
    successThreshold?: number;
  };
}
interface KeyToPath {
  key: string;
  path: string;
  mode?: number;
}
interface VolumeView {
  name: string;
  hostPath?: { path: string; type?: string };
  emptyDir?: Obj;
  configMap?: { name: string; items?: KeyToPath[]; defaultMode?: number; optional?: boolean };
  secret?: { secretName: string; items?: KeyToPath[]; defaultMode?: number; optional?: boolean };
  downwardAPI?: { items?: { path: string; fieldRef?: { fieldPath: string }; mode?: number }[]; defaultMode?: number };
  projected?: {
    sources?: {
      serviceAccountToken?: { path: string };
      configMap?: VolumeView['configMap'];
      secret?: Omit<NonNullable<VolumeView['secret']>, 'secretName'> & { name: string };
      downwardAPI?: VolumeView['downwardAPI'];
    }[];
    defaultMode?: number;
  };
}
interface PodSpecView {
  nodeName?: string;
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  volumes?: VolumeView[];
}

const serviceAccountPath = '/var/run/secrets/kubernetes.io/serviceaccount';
const spec = (p: Readonly<StoredObject>): PodSpecView => (p.spec ?? {}) as PodSpecView;

/** The downward API's fieldRef paths, as the kubelet resolves them. */
export function fieldValue(ctx: PodContext, path: string): string {
  const m = ctx.pod.metadata;
  const label = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (label) return (label[1] === 'labels' ? m.labels : m.annotations)?.[label[2] as string] ?? '';
  switch (path) {
    case 'metadata.name':
      return m.name;
    case 'metadata.namespace':
      return m.namespace ?? 'default';
    case 'metadata.uid':
      return String(m.uid ?? '');
    case 'spec.nodeName':
      return ctx.nodeName;
    case 'spec.serviceAccountName':
      return spec(ctx.pod).serviceAccountName ?? 'default';
    case 'status.hostIP':
      return ctx.hostIP;
    case 'status.hostIPs':
      return ctx.hostIP;
    case 'status.podIP':
      return ctx.podIPs[0] ?? '';
    case 'status.podIPs':
      return ctx.podIPs.join(',');
    default:
      throw new ContainerConfigError(`unsupported fieldRef "${path}"`);
  }
}

function objectData(ctx: PodContext, kind: 'ConfigMap' | 'Secret', name: string, optional: boolean | undefined): Record<string, string> | undefined {
  const o = ctx.store.get({ apiVersion: 'v1', kind, namespace: ctx.pod.metadata.namespace ?? 'default', name });
  if (!o) {
    // The root CA bundle every namespace has (the root-ca-cert-publisher's ConfigMap).
    if (kind === 'ConfigMap' && name === 'kube-root-ca.crt') return { 'ca.crt': ctx.caPem };
    if (optional) return undefined;
    throw new ContainerConfigError(`${kind.toLowerCase()} "${name}" not found`);
  }
  const data = (o as unknown as { data?: Record<string, string> }).data ?? {};
  return kind === 'Secret' ? Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')])) : data;
}

/** $(VAR) references to earlier variables, $$ an escaped $ (Kubernetes' expansion rules). */
export function expand(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, name: string | undefined) => (name === undefined ? '$' : vars[name] ?? whole));
}

export function containerEnv(ctx: PodContext, c: ContainerView): Record<string, string> {
  const env: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOSTNAME: (ctx.pod.spec as { hostNetwork?: boolean } | undefined)?.hostNetwork ? ctx.nodeName : ctx.pod.metadata.name,
    KUBERNETES_SERVICE_HOST: ctx.apiHost,
    KUBERNETES_SERVICE_PORT: String(ctx.apiPort),
    KUBERNETES_SERVICE_PORT_HTTPS: String(ctx.apiPort),
    KUBERNETES_PORT: `tcp://${ctx.apiHost}:${ctx.apiPort}`,
  };
  for (const from of c.envFrom ?? []) {
    const data = from.configMapRef
      ? objectData(ctx, 'ConfigMap', from.configMapRef.name, from.configMapRef.optional)
      : from.secretRef
      ? objectData(ctx, 'Secret', from.secretRef.name, from.secretRef.optional)
      : undefined;
    for (const [k, v] of Object.entries(data ?? {})) env[`${from.prefix ?? ''}${k}`] = v;
  }
  for (const e of c.env ?? []) {
    const ref = e.valueFrom;
    let value: string | undefined;
    if (ref?.fieldRef) value = fieldValue(ctx, ref.fieldRef.fieldPath);
    else if (ref?.configMapKeyRef || ref?.secretKeyRef) {
      const r = (ref.configMapKeyRef ?? ref.secretKeyRef) as { name: string; key: string; optional?: boolean };
      const kind = ref.configMapKeyRef ? 'ConfigMap' : 'Secret';
      const data = objectData(ctx, kind, r.name, r.optional);
      value = data?.[r.key];
      if (value === undefined && data && !r.optional) {
        throw new ContainerConfigError(`couldn't find key ${r.key} in ${kind} ${ctx.pod.metadata.namespace}/${r.name}`);
      }
    } else if (ref) throw new ContainerConfigError(`env ${e.name}: unsupported valueFrom ${Object.keys(ref).join(', ')}`);
    else value = expand(e.value ?? '', env);
    if (value !== undefined) env[e.name] = value;
  }
  return env;
}

/** The command line: command (else the image's entrypoint, unknown here) with args, $(VAR) expanded. */
export function containerArgv(c: ContainerView, env: Readonly<Record<string, string>>): string[] | undefined {
  if (!c.command?.length) return undefined;
  return [...c.command, ...(c.args ?? [])].map((a) => expand(a, env));
}

function safeJoin(base: string, rel: string): string {
  const path = normalize(join(base, rel));
  if (path !== base && !path.startsWith(`${base}/`)) throw new ContainerConfigError(`path "${rel}" leaves its volume`);
  return path;
}

function writeFiles(dir: string, files: { path: string; text: string; mode: number }[]): void {
  mkdirSync(dir, { recursive: true });
  for (const f of files) {
    const path = safeJoin(dir, f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.text);
    chmodSync(path, f.mode);
  }
}

function keyFiles(data: Record<string, string> | undefined, items: KeyToPath[] | undefined, mode: number): { path: string; text: string; mode: number }[] {
  if (!data) return [];
  if (!items) return Object.entries(data).map(([k, text]) => ({ path: k, text, mode }));
  return items.map((i) => {
    const text = data[i.key];
    if (text === undefined) throw new ContainerConfigError(`configmap/secret key "${i.key}" not found`);
    return { path: i.path, text, mode: i.mode ?? mode };
  });
}

/** Makes every volume of the pod into a directory; returns name → path. */
export function prepareVolumes(ctx: PodContext): Map<string, string> {
  const out = new Map<string, string>();
  const volumesDir = join(ctx.podDir, 'volumes');
  for (const v of spec(ctx.pod).volumes ?? []) {
    const dir = join(volumesDir, v.name);
    if (v.hostPath) {
      const path = join(ctx.nodeRoot, normalize(`/${v.hostPath.path}`));
      const type = v.hostPath.type ?? '';
      if (type === 'FileOrCreate' || type === 'File') {
        if (!existsSync(path)) {
          if (type === 'File') throw new ContainerConfigError(`hostPath type check failed: ${v.hostPath.path} is not a file`);
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, '');
        }
      } else if (!existsSync(path)) {
        if (type === 'Directory') throw new ContainerConfigError(`hostPath type check failed: ${v.hostPath.path} is not a directory`);
        mkdirSync(path, { recursive: true });
      }
      out.set(v.name, path);
    } else if (v.emptyDir) {
      mkdirSync(dir, { recursive: true });
      out.set(v.name, dir);
    } else if (v.configMap) {
      writeFiles(dir, keyFiles(objectData(ctx, 'ConfigMap', v.configMap.name, v.configMap.optional), v.configMap.items, v.configMap.defaultMode ?? 0o644));
      out.set(v.name, dir);
    } else if (v.secret) {
      writeFiles(dir, keyFiles(objectData(ctx, 'Secret', v.secret.secretName, v.secret.optional), v.secret.items, v.secret.defaultMode ?? 0o644));
      out.set(v.name, dir);
    } else if (v.downwardAPI) {
      writeFiles(
        dir,
        (v.downwardAPI.items ?? []).map((i) => ({
          path: i.path,
          text: i.fieldRef ? fieldValue(ctx, i.fieldRef.fieldPath) : '',
          mode: i.mode ?? v.downwardAPI?.defaultMode ?? 0o644,
        })),
      );
      out.set(v.name, dir);
    } else if (v.projected) {
      const mode = v.projected.defaultMode ?? 0o644;
      const files = (v.projected.sources ?? []).flatMap((s) => {
        if (s.serviceAccountToken) return [{ path: s.serviceAccountToken.path, text: ctx.token, mode: 0o600 }];
        if (s.configMap) return keyFiles(objectData(ctx, 'ConfigMap', s.configMap.name, s.configMap.optional), s.configMap.items, mode);
        if (s.secret) return keyFiles(objectData(ctx, 'Secret', s.secret.name, s.secret.optional), s.secret.items, mode);
        if (s.downwardAPI) {
          return (s.downwardAPI.items ?? []).map((i) => ({
            path: i.path,
            text: i.fieldRef ? fieldValue(ctx, i.fieldRef.fieldPath) : '',
            mode: i.mode ?? mode,
          }));
        }
        throw new ContainerConfigError(`volume ${v.name}: unsupported projected source ${Object.keys(s).join(', ')}`);
      });
      writeFiles(dir, files);
      out.set(v.name, dir);
    } else {
      const kind = Object.keys(v).filter((k) => k !== 'name').join(', ');
      throw new ContainerConfigError(`volume ${v.name}: the lab cannot provide ${kind || 'a volume without a source'}`);
    }
  }
  // The ServiceAccount admission plugin's token volume, when the pod does not opt out.
  if (spec(ctx.pod).automountServiceAccountToken !== false) {
    const dir = join(volumesDir, '.kube-api-access');
    writeFiles(dir, [
      { path: 'token', text: ctx.token, mode: 0o600 },
      { path: 'ca.crt', text: ctx.caPem, mode: 0o644 },
      { path: 'namespace', text: ctx.pod.metadata.namespace ?? 'default', mode: 0o644 },
    ]);
    out.set('.kube-api-access', dir);
  }
  return out;
}

/**
 * The files the kubelet writes for each pod: /etc/hosts (the pod's IP and name) and, with
 * dnsPolicy ClusterFirst, /etc/resolv.conf naming cluster DNS (the kube-dns Service) with the
 * cluster's search path. hostNetwork pods (and dnsPolicy Default) get the node's files.
 */
export function podEtcFiles(ctx: PodContext): { target: string; source: string }[] {
  const s = ctx.pod.spec as { hostNetwork?: boolean; dnsPolicy?: string; hostname?: string } | undefined;
  const nodeEtc = join(ctx.nodeRoot, 'etc');
  const ns = ctx.pod.metadata.namespace ?? 'default';
  const dir = join(ctx.podDir, 'etc');
  mkdirSync(dir, { recursive: true });
  const hostNetwork = Boolean(s?.hostNetwork);
  const hostname = hostNetwork ? ctx.nodeName : s?.hostname ?? ctx.pod.metadata.name;
  const hosts = hostNetwork ? join(nodeEtc, 'hosts') : join(dir, 'hosts');
  if (!hostNetwork) {
    writeFileSync(
      hosts,
      [
        '# Kubernetes-managed hosts file.',
        '127.0.0.1\tlocalhost',
        '::1\tlocalhost ip6-localhost ip6-loopback',
        ...ctx.podIPs.map((ip) => `${ip}\t${hostname}`),
        '',
      ].join('\n'),
    );
  }
  writeFileSync(join(dir, 'hostname'), `${hostname}\n`);
  const policy = s?.dnsPolicy ?? 'ClusterFirst';
  const dnsIp =
    ((ctx.store.get({ apiVersion: 'v1', kind: 'Service', namespace: 'kube-system', name: 'kube-dns' })?.spec ?? {}) as { clusterIP?: string }).clusterIP;
  const clusterFirst = dnsIp && (policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !hostNetwork));
  let resolv = join(nodeEtc, 'resolv.conf');
  if (clusterFirst) {
    resolv = join(dir, 'resolv.conf');
    writeFileSync(resolv, `search ${ns}.svc.cluster.local svc.cluster.local cluster.local\nnameserver ${dnsIp}\noptions ndots:5\n`);
  }
  return [{ target: '/etc/hosts', source: hosts }, { target: '/etc/hostname', source: join(dir, 'hostname') }, { target: '/etc/resolv.conf', source: resolv }];
}

export function containerMounts(c: ContainerView, volumes: ReadonlyMap<string, string>): ContainerMount[] {
  const mounts = (c.volumeMounts ?? []).map((m) => {
    const base = volumes.get(m.name);
    if (!base) throw new ContainerConfigError(`volumeMount ${m.name}: no such volume`);
    const source = m.subPath ? safeJoin(base, m.subPath) : base;
    const file = existsSync(source) && !statIsDir(source);
    return { source, target: normalize(`/${m.mountPath}`), readOnly: Boolean(m.readOnly), file };
  });
  const token = volumes.get('.kube-api-access');
  if (token && !mounts.some((m) => m.target === serviceAccountPath)) mounts.push({ source: token, target: serviceAccountPath, readOnly: true, file: false });
  return mounts;
}

function statIsDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
