// The result of a connectivity check (`podnet check`, "Podnet: Check Connectivity"): what the
// probes saw, in the JSON shape docs/check-json.md documents. Produced by the check runner,
// read by the CLI's formatters, the network map's Connectivity tab, the tree and the Problems panel.

export const checkSchemaVersion = 1;

/** What a probe tested; one kind per promise of the network model (and its services). */
export type ProbeKind = 'same-node' | 'cross-node' | 'pod-node' | 'node-pod' | 'service' | 'dns' | 'external' | 'mtu';
export type ProbeProtocol = 'tcp' | 'udp' | 'icmp' | 'dns';

/** One end of a probe. A node end (hostNetwork probe) has no pod; an external or service end has no node. */
export interface ProbeEndpoint {
  readonly node?: string;
  readonly pod?: string;
  readonly ip?: string;
  /** For `service`, `dns` and `external`: what was asked for (`kubernetes.default`, `HOST:PORT`). */
  readonly name?: string;
}

export interface ProbeResult {
  readonly from: ProbeEndpoint;
  readonly to: ProbeEndpoint;
  readonly kind: ProbeKind;
  readonly protocol: ProbeProtocol;
  readonly ok: boolean;
  /**
   * Whether the receiver saw the sender's own IP. `false` is NAT between pods: a violation of the
   * model even when `ok`. `null` where the receiver cannot report it (ICMP, DNS, external).
   */
  readonly sourcePreserved: boolean | null;
  /** The source address the receiver reported, when it reported one. */
  readonly sourceSeen?: string;
  readonly latencyMs: number | null;
  /** Why it failed (timeout, refused, unreachable, wrong answer), or why it did not run. */
  readonly error?: string;
  /** For `mtu`: the datagram size that was tested. */
  readonly bytes?: number;
  /**
   * For `external`: whether the far end saw another source than the pod's IP (masquerade);
   * null when the far end cannot tell (it does not answer with the source it saw).
   */
  readonly masqueraded?: boolean | null;
}

/** A planned probe that could not run where it was (ICMP without permission to ping): neither passed nor failed. */
export interface ProbeNotRun {
  readonly from: ProbeEndpoint;
  readonly to: ProbeEndpoint;
  readonly kind: ProbeKind;
  readonly protocol: ProbeProtocol;
  readonly reason: string;
}

export interface CheckReport {
  readonly schemaVersion: typeof checkSchemaVersion;
  readonly context: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly pairs: readonly ProbeResult[];
  readonly summary: { readonly passed: number; readonly failed: number };
  /** Probes that were planned but never reported (a probe pod that did not start, a timeout). */
  readonly missing?: readonly MissingProbe[];
  /** Probes that could not run where they were (not counted as passed or failed). */
  readonly notRun?: readonly ProbeNotRun[];
  /**
   * Added within schemaVersion 1: the cluster said, while the check ran, that the routes between
   * nodes are being withdrawn (Podnet's uninstall signal, `state: remove` in its settings
   * ConfigMap): what was read, in words. Cross-node failures then have a known cause.
   */
  readonly routesWithdrawn?: string;
  /** Added within schemaVersion 1: the probe pods were kept by an earlier `--keep` run (its run id) and adopted. */
  readonly adoptedProbes?: string;
}

/** A planned probe that never reported. */
export interface MissingProbe {
  readonly from: ProbeEndpoint;
  readonly reason: string;
  /** Where it would have gone, when the plan knows (added for the views: the matrix cell it belongs to). */
  readonly to?: ProbeEndpoint;
  /** What it would have tested, when the plan knows. */
  readonly kind?: ProbeKind;
}

/** A probe counts as failed when it did not get through or when the source was rewritten. */
export const probeFailed = (r: ProbeResult): boolean => !r.ok || r.sourcePreserved === false;

export function summarise(pairs: readonly ProbeResult[]): CheckReport['summary'] {
  const failed = pairs.filter(probeFailed).length;
  return { passed: pairs.length - failed, failed };
}
