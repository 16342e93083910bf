// The agent's settings, all from the environment (the DaemonSet sets them; the data-plane tests too).

export interface AgentConfig {
  readonly nodeName: string;
  readonly podName?: string;
  readonly podNamespace?: string;
  /** https://host:port of the API server. */
  readonly apiServer: string;
  readonly tokenFile: string;
  readonly caFile: string;
  readonly cniNetDir: string;
  readonly cniBinDirs: readonly string[];
  readonly conflistTemplateFile?: string;
  readonly ipamDataDir?: string;
  readonly readyFile: string;
  readonly ipCommand: string;
  /** Where kernel settings are read (and set where allowed). */
  readonly procSys: string;
  /** Shared with the firewall container: the agent writes ipv4/ipv6.rules, the container reports .status. */
  readonly firewallDir: string;
  readonly resyncMs: number;
  /** The settings ConfigMap's namespace/name (its `state: remove` starts the clean-up). */
  readonly settingsNamespace: string;
  readonly settingsName: string;
}

const serviceAccountDir = '/var/run/secrets/kubernetes.io/serviceaccount';

export function readAgentConfig(env: NodeJS.ProcessEnv): AgentConfig {
  const nodeName = env.NODE_NAME;
  if (!nodeName) throw new Error('NODE_NAME is not set (the DaemonSet passes spec.nodeName through the downward API)');
  let apiServer = env.PODNET_API_SERVER;
  if (!apiServer) {
    const host = env.KUBERNETES_SERVICE_HOST;
    const port = env.KUBERNETES_SERVICE_PORT ?? '443';
    if (!host) throw new Error('neither PODNET_API_SERVER nor KUBERNETES_SERVICE_HOST is set');
    apiServer = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }
  const resyncSeconds = Number(env.PODNET_RESYNC_SECONDS ?? '60');
  return {
    nodeName,
    podName: env.POD_NAME || undefined,
    podNamespace: env.POD_NAMESPACE || undefined,
    apiServer,
    tokenFile: env.PODNET_TOKEN_FILE ?? `${serviceAccountDir}/token`,
    caFile: env.PODNET_CA_FILE ?? `${serviceAccountDir}/ca.crt`,
    cniNetDir: env.PODNET_CNI_NET_DIR ?? '/host/etc/cni/net.d',
    cniBinDirs: (env.PODNET_CNI_BIN_DIRS ?? '/host/opt/cni/bin').split(':').filter(Boolean),
    conflistTemplateFile: env.PODNET_CONFLIST_TEMPLATE || undefined,
    ipamDataDir: env.PODNET_IPAM_DATA_DIR || undefined,
    readyFile: env.PODNET_READY_FILE ?? '/run/podnet/ready',
    ipCommand: env.PODNET_IP_COMMAND ?? 'ip',
    procSys: env.PODNET_PROC_SYS ?? '/proc/sys',
    firewallDir: env.PODNET_FIREWALL_DIR ?? '/run/podnet/firewall',
    resyncMs: Number.isFinite(resyncSeconds) && resyncSeconds > 0 ? resyncSeconds * 1000 : 60_000,
    settingsNamespace: env.PODNET_SETTINGS_NAMESPACE ?? env.POD_NAMESPACE ?? 'kube-system',
    settingsName: env.PODNET_SETTINGS_CONFIGMAP ?? 'podnet-bridge-cni',
  };
}
