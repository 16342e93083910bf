// PN120/PN121: components that must agree on the pod / service network; PN140: dual-stack order.
import { groupBy } from './groupBy';
import type { RuleContext } from './ruleContext';
import type { OkRange } from './workspaceRange';
import { describeRange } from './workspaceRange';
import { containsRange } from '../net/cidr';

const baseName = (file: string) => file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
/** The component's name, with its file when the other side has the same name. */
const named = (
  r: OkRange,
  other: OkRange,
) => (r.component === other.component && r.file !== other.file ? `${r.component} in ${baseName(r.file)}` : r.component);

const SERVICE_SOURCES = new Set([
  'kubeadm',
  'controller-manager',
  'kind',
  'k3s',
  'antrea',
  'cluster-api',
  'openshift',
  'kubespray',
  'kops',
  'eksctl',
  'canonical-k8s',
]);
const key = (r: OkRange) => `${r.value.family}|${r.value.start}|${r.value.end}`;

/** Flags every declaration that differs from the most common value of its family. */
function disagreements(ctx: RuleContext, code: string, all: OkRange[], what: string): void {
  // A malformed dual-stack list (two of one family) is PN103's; only its first entry per family counts here.
  const firstOfList = new Set<string>();
  const decls = all.filter((r) => {
    if (!r.list) return true;
    const k = `${r.list.id}|${r.value.family}`;
    if (firstOfList.has(k)) return false;
    firstOfList.add(k);
    return true;
  });
  for (const family of [4, 6] as const) {
    const groups = groupBy(decls, (r) => (r.value.family === family ? key(r) : undefined));
    if (groups.size < 2) continue;
    const sorted = [...groups.values()].sort((a, b) => b.length - a.length);
    const reference = sorted[0];
    for (const group of sorted.slice(1)) {
      for (const r of group) {
        ctx.emit({
          code,
          file: r.file,
          span: r.span,
          message: `${named(r, reference[0])} says the ${what} is ${r.text}, but ${named(reference[0], r)} says ${reference[0].text}${
            reference.length > 1 ? ` (as do ${reference.length - 1} more)` : ''
          }`,
          related: reference.slice(0, 5).map((o) => ({ file: o.file, span: o.span, message: describeRange(o) })),
          fixes: r.defaultNote
            ? []
            : [{ title: `Use ${reference[0].text} like ${reference[0].component}`, edits: [{ file: r.file, span: r.span, newText: reference[0].text }] }],
        });
      }
    }
  }
}

export function agreementRules(ctx: RuleContext): void {
  const pods = ctx.ok.filter((r) => r.role === 'pod-network' && !r.defaultNote);
  disagreements(ctx, 'PN120', pods.filter((r) => r.agreement === 'cluster' || r.agreement === 'node-cidr'), 'pod network');
  // Pool-based CNIs (Calico, Cilium, Weave) must hand out addresses inside the cluster's pod network.
  const cluster = pods.filter((r) => r.agreement === 'cluster');
  for (const p of pods.filter((r) => r.agreement === 'pool')) {
    const same = cluster.filter((c) => c.value.family === p.value.family);
    if (!same.length || same.some((c) => containsRange(c.value, p.value))) continue;
    ctx.emit({
      code: 'PN120',
      file: p.file,
      span: p.span,
      message: `${p.component} allocates pod IPs from ${p.text}, outside the cluster pod network ${same.map((c) => c.text).join(', ')} (${same[0].component})`,
      related: same.slice(0, 5).map((o) => ({ file: o.file, span: o.span, message: describeRange(o) })),
    });
  }
  const services = ctx.ok.filter((r) => r.role === 'service-network' && !r.defaultNote && SERVICE_SOURCES.has(r.source));
  disagreements(ctx, 'PN121', services, 'service network');
  dualStackOrder(ctx);
}

function dualStackOrder(ctx: RuleContext): void {
  const lists = groupBy(ctx.ok, (r) => (r.list?.dualStack && !r.defaultNote ? r.list.id : undefined));
  const orders: { order: string; first: OkRange }[] = [];
  for (const l of lists.values()) {
    if (l.length !== 2 || l[0].value.family === l[1].value.family) continue;
    const sorted = [...l].sort((a, b) => (a.list?.index ?? 0) - (b.list?.index ?? 0));
    orders.push({ order: `IPv${sorted[0].value.family} first`, first: sorted[0] });
  }
  const count = (o: string) => orders.filter((x) => x.order === o).length;
  if (new Set(orders.map((o) => o.order)).size < 2) return;
  const majority = count('IPv4 first') >= count('IPv6 first') ? 'IPv4 first' : 'IPv6 first';
  const ref = orders.find((o) => o.order === majority);
  for (const o of orders) {
    if (o.order === majority || !ref) continue;
    ctx.emit({
      code: 'PN140',
      file: o.first.file,
      span: o.first.span,
      message:
        `${o.first.field} (${o.first.component}) lists ${o.order}, but ${ref.first.field} (${ref.first.component}) lists ${majority}; the primary family must match across components`,
      related: [{ file: ref.first.file, span: ref.first.span, message: `${ref.first.field}: ${majority}` }],
    });
  }
}
