// What the lab kubelet asks of a container runtime when the lab has a data plane (kubelet.ts
// holds the hook; src/lab/dataplane/ implements it).
import type { StoredObject } from '../store/storedObject';

export interface KubeletRuntime {
  /** The runtime's NetworkReady: the node's CNI directory holds a network config it can load. */
  networkReady(nodeName: string): boolean;
  /** Starts the pod's sandbox and containers if not yet started; the runtime writes the pod's status itself. */
  syncPod(pod: Readonly<StoredObject>): void;
  /** Called when a node's network readiness changed (the kubelet then re-syncs the node and waiting pods). */
  onNetworkChange(listener: (nodeName: string) => void): void;
}
