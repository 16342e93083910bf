// The cluster-wide settings the model reads from a few small kinds (kube-system DaemonSets and
// ConfigMaps, ServiceCIDRs, the kubernetes Service, the control plane's pods and their flags): the CNI, the pod and service networks and
// the data path, re-derived when one of them changes, with what moved.
import type { ApiServiceInfo, ConfigMapInfo, ControlPlanePodInfo, DaemonSetInfo, ServiceCidrInfo } from './clusterTypes';
import type { CniInfo } from './cniDetection';
import { detectCni } from './cniDetection';
import type { Networks } from './networkDiscovery';
import { discoverNetworks } from './networkDiscovery';
import type { DataPath } from '../dataPath/dataPath';
import { dataPathFor } from '../dataPath/cniDataPath';
import { qualifiedName } from './namespacedName';

export interface SettingsChange {
  /** The CNI's name, IPAM or evidence. */
  readonly cni: boolean;
  /** The IPAM mode alone decides where blocks come from: a renamed CNI needs no block pass. */
  readonly ipam: boolean;
  readonly networks: boolean;
  /** A flannel backend or Cilium routing-mode change redraws the map but moves no block. */
  readonly dataPath: boolean;
}

export class ClusterSettings {
  private readonly daemonSets = new Map<string, DaemonSetInfo>();
  private readonly configMaps = new Map<string, ConfigMapInfo>();
  private readonly serviceCidrs = new Map<string, ServiceCidrInfo>();
  private readonly controlPlanePods = new Map<string, ControlPlanePodInfo>();
  private apiService: ApiServiceInfo | undefined;
  private cniInfo: CniInfo = detectCni([], []);
  private networkInfo: Networks = { podNetworks: [], serviceNetworks: [] };
  private dataPathInfo: DataPath = dataPathFor(this.cniInfo, [], []);

  get cni(): CniInfo {
    return this.cniInfo;
  }

  get networks(): Networks {
    return this.networkInfo;
  }

  get dataPath(): DataPath {
    return this.dataPathInfo;
  }

  get hasApiService(): boolean {
    return this.apiService !== undefined;
  }

  /** Each returns whether anything was stored or removed (an evaluate() is then due). */
  setDaemonSet(info: DaemonSetInfo): true {
    this.daemonSets.set(qualifiedName(info), info);
    return true;
  }

  deleteDaemonSet(namespace: string, name: string): boolean {
    return this.daemonSets.delete(qualifiedName({ namespace, name }));
  }

  setConfigMap(info: ConfigMapInfo): true {
    this.configMaps.set(qualifiedName(info), info);
    return true;
  }

  deleteConfigMap(namespace: string, name: string): boolean {
    return this.configMaps.delete(qualifiedName({ namespace, name }));
  }

  setServiceCidr(info: ServiceCidrInfo): true {
    this.serviceCidrs.set(info.name, info);
    return true;
  }

  deleteServiceCidr(name: string): boolean {
    return this.serviceCidrs.delete(name);
  }

  setControlPlanePod(info: ControlPlanePodInfo): true {
    this.controlPlanePods.set(info.name, info);
    return true;
  }

  deleteControlPlanePod(name: string): boolean {
    return this.controlPlanePods.delete(name);
  }

  setApiService(info: ApiServiceInfo | undefined): true {
    this.apiService = info;
    return true;
  }

  keys(kind: 'daemonsets' | 'configmaps' | 'servicecidrs' | 'controlplane'): string[] {
    const table = { daemonsets: this.daemonSets, configmaps: this.configMaps, servicecidrs: this.serviceCidrs, controlplane: this.controlPlanePods }[kind];
    return [...table.keys()];
  }

  /** Re-derives the CNI, networks and data path; `daemonSetsUnreadable`: no CNI seen is not "no CNI". */
  evaluate(daemonSetsUnreadable: boolean): SettingsChange {
    let cni = detectCni(this.daemonSets.values(), this.configMaps.values());
    if (cni.name === 'none' && daemonSetsUnreadable) cni = { ...cni, name: 'unknown', evidence: 'unknown (could not read DaemonSets)' };
    const networks = discoverNetworks(
      cni,
      this.daemonSets.values(),
      this.configMaps.values(),
      this.serviceCidrs.values(),
      this.apiService,
      this.controlPlanePods.values(),
    );
    const dataPath = dataPathFor(cni, this.daemonSets.values(), this.configMaps.values());
    const change: SettingsChange = {
      cni: cni.name !== this.cniInfo.name || cni.ipam !== this.cniInfo.ipam || cni.evidence !== this.cniInfo.evidence,
      ipam: cni.ipam !== this.cniInfo.ipam,
      networks: JSON.stringify(networks) !== JSON.stringify(this.networkInfo),
      dataPath: JSON.stringify(dataPath) !== JSON.stringify(this.dataPathInfo),
    };
    this.cniInfo = cni;
    this.networkInfo = networks;
    this.dataPathInfo = dataPath;
    return change;
  }
}
