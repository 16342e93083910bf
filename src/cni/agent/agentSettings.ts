// The cluster-wide settings every agent reads from the settings ConfigMap (written by
// `podnet cni install`): the pod network per family, egress masquerade and the pod MTU override.
// Pure; a bad value is a clear problem and never silently treated as absent.
import type { Cidr } from '../../core/net/cidr';
import { parseCidr } from '../../core/net/cidr';
import { settingsKeys } from '../names';

export interface AgentSettings {
  readonly mode: 'active' | 'remove' | 'absent';
  /** The pod network, at most one CIDR per family. */
  readonly clusterCidrs: readonly Cidr[];
  readonly masquerade: boolean;
  /** Destinations pods reach without NAT besides the pod network (routed networks). */
  readonly nonMasqueradeCidrs: readonly Cidr[];
  /** Pod MTU override; undefined: the node's uplink MTU. */
  readonly mtu?: number;
  readonly errors: readonly string[];
}

function cidrList(text: string | undefined, key: string, errors: string[]): Cidr[] {
  const out: Cidr[] = [];
  for (const part of (text ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const parsed = parseCidr(part);
    if (parsed.ok) out.push(parsed.cidr);
    else errors.push(`settings ${key}: ${parsed.error}`);
  }
  return out;
}

export function parseSettings(mode: AgentSettings['mode'], data: Readonly<Record<string, string>> = {}): AgentSettings {
  const errors: string[] = [];
  const clusterCidrs = cidrList(data[settingsKeys.clusterCidr], settingsKeys.clusterCidr, errors);
  for (const family of [4, 6] as const) {
    if (clusterCidrs.filter((c) => c.family === family).length > 1) {
      errors.push(`settings ${settingsKeys.clusterCidr}: more than one IPv${family} range (${data[settingsKeys.clusterCidr]})`);
    }
  }
  const masqueradeText = (data[settingsKeys.masquerade] ?? 'true').trim();
  if (masqueradeText !== 'true' && masqueradeText !== 'false') {
    errors.push(`settings ${settingsKeys.masquerade}: "${masqueradeText}" is neither true nor false`);
  }
  const mtuText = (data[settingsKeys.mtu] ?? '').trim();
  const mtu = mtuText ? Number(mtuText) : undefined;
  if (mtu !== undefined && !(Number.isInteger(mtu) && mtu >= 576 && mtu <= 65535)) {
    errors.push(`settings ${settingsKeys.mtu}: "${mtuText}" is not an MTU between 576 and 65535`);
  }
  return {
    mode,
    clusterCidrs,
    masquerade: masqueradeText !== 'false',
    nonMasqueradeCidrs: cidrList(data[settingsKeys.nonMasqueradeCidrs], settingsKeys.nonMasqueradeCidrs, errors),
    mtu: mtu !== undefined && errors.every((e) => !e.startsWith(`settings ${settingsKeys.mtu}`)) ? mtu : undefined,
    errors,
  };
}
