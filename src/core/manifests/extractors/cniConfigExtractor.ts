// CNI network configs (.conf/.conflist, and the same JSON inside ConfigMaps and Multus NADs):
// host-local/static IPAM subnets, ranges, gateways and routes, wherever a plugin carries `ipam`.
import type { RangeEntry, RangeRole } from '../addressRange';
import type { ExtractContext } from '../extractContext';
import { isPlaceholder, parseRangeValue } from '../rangeValue';
import type { YNode } from '../yamlTree';
import { get, items, str } from '../yamlTree';

export interface CniOptions {
  readonly component: string;
  readonly source: string;
  /** pod-network for a cluster CNI's config, secondary-network for Multus attachments. */
  readonly role: RangeRole;
  readonly fieldPrefix: string;
}

export function extractCniConfig(root: YNode, ctx: ExtractContext, o: CniOptions): void {
  const name = str(get(root, 'name'));
  const component = name ? `${o.component} (network "${name}")` : o.component;
  const plugins = get(root, 'plugins');
  const list = plugins?.kind === 'seq' ? plugins.items : [root];
  list.forEach((plugin, p) => {
    const ipam = get(plugin, 'ipam');
    if (ipam?.kind !== 'map') return;
    const where = plugins?.kind === 'seq' ? `${o.fieldPrefix}plugins[${p}].ipam` : `${o.fieldPrefix}ipam`;
    const owner = ctx.owner(ipam, o.source);
    const agreement = o.role === 'pod-network' ? ({ agreement: 'local' } as const) : {};
    // host-local allocates from its subnets and refuses what it cannot (range.go Canonicalize).
    const strict = str(get(ipam, 'type')) === 'host-local' ? ({ allocatorSubnet: 'host-local' } as const) : {};
    const subnet = (node: YNode | undefined, field: string) =>
      ctx.ranges(node, { role: o.role, component, source: o.source, field, owner, ...agreement, ...strict });
    const address = (node: YNode | undefined, field: string) =>
      ctx.ranges(node, { role: 'address', component, source: o.source, field, owner, form: 'address' });
    subnet(get(ipam, 'subnet'), `${where}.subnet`);
    address(get(ipam, 'rangeStart'), `${where}.rangeStart`);
    address(get(ipam, 'rangeEnd'), `${where}.rangeEnd`);
    address(get(ipam, 'gateway'), `${where}.gateway`);
    items(get(ipam, 'ranges')).forEach((set, i) => {
      items(set).forEach((r, j) => {
        const f = `${where}.ranges[${i}][${j}]`;
        subnet(get(r, 'subnet'), `${f}.subnet`);
        address(get(r, 'rangeStart'), `${f}.rangeStart`);
        address(get(r, 'rangeEnd'), `${f}.rangeEnd`);
        address(get(r, 'gateway'), `${f}.gateway`);
      });
    });
    items(get(ipam, 'routes')).forEach((r, i) =>
      ctx.ranges(get(r, 'dst'), { role: 'route', component, source: o.source, field: `${where}.routes[${i}].dst`, owner })
    );
    if (str(get(ipam, 'type')) === 'whereabouts') {
      whereabouts(ipam, where, ctx, { role: o.role, component, source: o.source, owner, ...agreement });
      return;
    }
    // static IPAM: interface addresses in CIDR form (host bits are the point there).
    items(get(ipam, 'addresses')).forEach((a, i) => {
      const n = get(a, 'address');
      ctx.ranges(n, { role: 'address', component, source: o.source, field: `${where}.addresses[${i}].address`, owner, allowHostBits: true });
    });
  });
}

/**
 * Whereabouts IPAM: `range` (its docs write it with host bits, "192.168.2.225/28", meaning that
 * /28, or "start-CIDR"), `range_start` / `range_end`, `exclude[]`, the same inside `ipRanges[]`, and
 * `node_slice_size` (fast IPAM: the block each node gets).
 */
function whereabouts(
  ipam: YNode,
  where: string,
  ctx: ExtractContext,
  o: { role: RangeRole; component: string; source: string; owner: string; agreement?: 'local' },
): void {
  const sets = [{ node: ipam, field: where }, ...items(get(ipam, 'ipRanges')).map((r, i) => ({ node: r, field: `${where}.ipRanges[${i}]` }))];
  for (const set of sets) {
    const range = whereaboutsRange(get(set.node, 'range'), set.field, ctx, o);
    for (const key of ['range_start', 'range_end']) {
      ctx.ranges(get(set.node, key), {
        role: 'address',
        component: o.component,
        source: o.source,
        owner: o.owner,
        field: `${set.field}.${key}`,
        form: 'address',
      });
    }
    items(get(set.node, 'exclude')).forEach((x, j) =>
      ctx.ranges(x, { role: 'address', component: o.component, source: o.source, owner: o.owner, field: `${set.field}.exclude[${j}]`, allowHostBits: true })
    );
    const family = range[0]?.value.ok ? range[0].value.family : 4;
    if (set.node === ipam) {
      ctx.block(get(ipam, 'node_slice_size'), {
        component: o.component,
        source: o.source,
        field: `${where}.node_slice_size`,
        owner: o.owner,
        kind: 'whereabouts-slice',
        family,
      });
    }
  }
}

/**
 * Whereabouts' `range`: a CIDR, or its short form "start-CIDR" ("192.168.2.225-192.168.2.230/28",
 * pkg/config/config.go): the start is range_start, the CIDR's address range_end.
 */
function whereaboutsRange(
  node: YNode | undefined,
  field: string,
  ctx: ExtractContext,
  o: { role: RangeRole; component: string; source: string; owner: string; agreement?: 'local' },
): RangeEntry[] {
  const text = node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : '';
  const dash = text.indexOf('-');
  if (node?.kind !== 'scalar' || dash <= 0 || isPlaceholder(text)) return ctx.ranges(node, { ...o, field: `${field}.range`, allowHostBits: true });
  const start = text.slice(0, dash);
  ctx.out.ranges.push({
    role: 'address',
    component: o.component,
    source: o.source,
    field: `${field}.range_start`,
    text: start,
    span: ctx.valueSpan(node, 0, dash),
    value: parseRangeValue(start, 'address'),
    owner: o.owner,
  });
  return ctx.ranges(node, { ...o, field: `${field}.range`, allowHostBits: true }, dash + 1);
}
