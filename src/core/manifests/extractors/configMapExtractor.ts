// ConfigMaps carry most CNI configuration as strings: net-conf.json (Flannel), *.conflist and
// cni-conf.json (CNI configs), antrea-*.conf (YAML), cilium-config keys, ip-masq-agent, Podnet's own.
import type { ExtractContext } from '../extractContext';
import type { YNode } from '../yamlTree';
import { get, pairsOf } from '../yamlTree';
import { extractAntreaAgentConf, extractAntreaControllerConf } from './antreaExtractor';
import { extractCiliumConfig, extractIpMasqConfig } from './ciliumExtractor';
import { extractCniConfig } from './cniConfigExtractor';
import { extractFlannelNetConf } from './flannelExtractor';
import type { ObjectMeta } from './objectMeta';
import { describeObject } from './objectMeta';
import { defaultNodeMask } from './fieldDefaults';

/** Podnet's own bridge CNI ConfigMap (defined here; the CNI feature renders it). */
export const PODNET_CNI_LABEL = { key: 'app.kubernetes.io/name', value: 'podnet-bridge-cni' } as const;

export function extractConfigMap(root: YNode, meta: ObjectMeta, ctx: ExtractContext): void {
  const data = get(root, 'data');
  if (data?.kind !== 'map') return;
  const where = describeObject(meta);
  if (meta.labels.get(PODNET_CNI_LABEL.key) === PODNET_CNI_LABEL.value) {
    const component = `Podnet bridge CNI ${where}`;
    const owner = ctx.owner(root, 'podnet');
    const pods = ctx.ranges(get(data, 'cluster-cidr'), {
      role: 'pod-network',
      component,
      source: 'podnet',
      field: 'data.cluster-cidr',
      owner,
      list: 'dual',
      agreement: 'cluster',
    });
    for (const family of [4, 6] as const) {
      if (!pods.some((p) => p.value.ok && p.value.family === family)) continue;
      ctx.block(get(data, 'node-mask-size'), {
        component,
        source: 'podnet',
        field: 'data.node-mask-size',
        owner,
        kind: 'node-mask',
        family,
        fallback: {
          prefix: defaultNodeMask(family),
          at: get(data, 'cluster-cidr') ?? root,
          note: 'node-mask-size is not set: Podnet uses /24 (IPv4) or /64 (IPv6)',
        },
      });
    }
    return;
  }
  if (meta.name === 'cilium-config') {
    extractCiliumConfig(data, ctx, `Cilium ${where}`, get(root, 'kind') ?? root);
    return;
  }
  for (const p of pairsOf(data)) {
    const key = p.keyText;
    const value = p.value;
    if (key === 'net-conf.json') {
      const inner = ctx.embed(value, 'json', `${where} data."${key}"`);
      if (inner) extractFlannelNetConf(inner.root, inner.ctx, `Flannel ${where}`, p.key);
    } else if (/\.(conflist|json)$/.test(key) || key === 'cni_network_config' || (/\.conf$/.test(key) && looksLikeJson(value))) {
      const inner = ctx.embed(value, 'json', `${where} data."${key}"`);
      if (inner) {
        extractCniConfig(inner.root, inner.ctx, {
          component: `CNI config in ${where}`,
          source: 'cni-config',
          role: 'pod-network',
          fieldPrefix: `data."${key}" `,
        });
      }
    } else if (key === 'antrea-controller.conf') {
      const inner = ctx.embed(value, 'yaml', `${where} data."${key}"`);
      if (inner) extractAntreaControllerConf(inner.root, inner.ctx, `Antrea controller ${where}`);
    } else if (key === 'antrea-agent.conf') {
      const inner = ctx.embed(value, 'yaml', `${where} data."${key}"`);
      if (inner) extractAntreaAgentConf(inner.root, inner.ctx, `Antrea agent ${where}`);
    } else if (key === 'config' && meta.name === 'ip-masq-agent') {
      const inner = ctx.embed(value, 'yaml', `${where} data."${key}"`);
      if (inner) extractIpMasqConfig(inner.root, inner.ctx, `ip-masq-agent ${where}`);
    }
  }
}

const looksLikeJson = (n: YNode | undefined): boolean => n?.kind === 'scalar' && typeof n.value === 'string' && /^\s*[{[]/.test(n.value);
