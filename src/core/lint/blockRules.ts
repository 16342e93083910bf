// PN130 Flannel SubnetLen, PN131 Calico blockSize, PN132 node blocks per cluster, PN133 maxPods per
// block, and (whereaboutsRules) PN134 Whereabouts slices, (capacityRules) PN135 nodes asked for.
import { usableAddresses } from '../net/cidr';
import { groupBy } from './groupBy';
import { capacityRules } from './capacityRules';
import { whereaboutsRules } from './whereaboutsRules';
import type { RuleContext, WBlock } from './ruleContext';
import type { OkRange } from './workspaceRange';

export function blockRules(ctx: RuleContext): void {
  // Called from here (not lintEngine) so the rule list in lintEngine stays as it is.
  whereaboutsRules(ctx);
  capacityRules(ctx);
  const byOwner = groupBy(ctx.ok, (r) => (r.role === 'pod-network' ? r.owner : undefined));
  for (const b of ctx.blocks) {
    if (b.kind === 'whereabouts-slice') continue; // whereaboutsRules
    const bits = b.family === 4 ? 32 : 128;
    const nets = (byOwner.get(b.owner) ?? []).filter((n) => n.value.family === b.family && n.value.prefix !== undefined);
    const note = b.defaultNote ? ` (${b.defaultNote})` : '';
    if (b.kind === 'calico-block') {
      const [lo, hi] = b.family === 4 ? [20, 32] : [116, 128];
      if (b.prefix < lo || b.prefix > hi) {
        emit(ctx, 'PN131', b, `${b.field} ${b.prefix} is outside ${lo}–${hi} (IPv${b.family}), which Calico accepts${note}`);
        continue;
      }
      for (const n of nets) {
        if (b.prefix < (n.value.prefix ?? 0)) emit(ctx, 'PN131', b, `${b.field} /${b.prefix} blocks are larger than the pool ${n.text}${note}`);
      }
      continue;
    }
    if (b.prefix > bits) {
      // Not a small block but an impossible value: kube-controller-manager refuses to start.
      emit(ctx, b.kind === 'flannel-subnet' ? 'PN130' : 'PN101', b, `${b.field} /${b.prefix} is longer than ${bits} bits (IPv${b.family})${note}`);
      continue;
    }
    for (const n of nets) {
      const p = n.value.prefix ?? 0;
      if (b.kind === 'flannel-subnet') {
        const max = b.family === 4 ? 30 : 126;
        if (b.prefix <= p) {
          emit(ctx, 'PN130', b, `${b.field} /${b.prefix} must be longer than the Network ${n.text}: Flannel has no room for per-node subnets${note}`, n);
          continue;
        }
        if (b.prefix > max) {
          emit(ctx, 'PN130', b, `${b.field} /${b.prefix} is longer than /${max}, the smallest subnet Flannel accepts${note}`, n);
          continue;
        }
      } else if (b.prefix < p) {
        emit(ctx, 'PN132', b, `${b.field} /${b.prefix} is shorter than the pod network ${n.text}: no node block fits${note}`, n);
        continue;
      }
      const nodes = 2n ** BigInt(b.prefix - p);
      if (nodes < 16n) {
        emit(ctx, 'PN132', b, `${n.text} cut into /${b.prefix}s serves only ${nodes} node${nodes === 1n ? '' : 's'}${note}`, n);
      }
    }
    const usable = usableAddresses({ family: b.family, prefix: b.prefix });
    if (nets.length && usable < BigInt(ctx.maxPods)) {
      emit(ctx, 'PN133', b, `A /${b.prefix} node block holds ${usable} pod IPs, fewer than maxPods ${ctx.maxPods}${note}`);
    }
  }
}

function emit(ctx: RuleContext, code: string, b: WBlock, message: string, n?: OkRange): void {
  ctx.emit({
    code,
    file: b.file,
    span: b.span,
    message: `${message} — ${b.component}`,
    related: n && (n.span.start !== b.span.start || n.file !== b.file) ? [{ file: n.file, span: n.span, message: `${n.field} ${n.text}` }] : [],
  });
}
