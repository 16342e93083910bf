// PN110–PN115: ranges whose roles must be disjoint, found with one sort + sweep over the whole set.
import { findOverlaps } from '../net/overlap';
import type { RuleContext } from './ruleContext';
import { isNetwork } from './ruleContext';
import type { OkRange } from './workspaceRange';
import { describeRange, relation, sameInterval } from './workspaceRange';

function codeFor(a: OkRange, b: OkRange): string | undefined {
  const roles = new Set([a.role, b.role]);
  const has = (x: string) => roles.has(x as OkRange['role']);
  if (has('lb-pool')) return has('secondary-network') ? 'PN115' : 'PN113';
  if (has('secondary-network')) return roles.size === 1 ? undefined : 'PN115';
  if (has('pod-network') && has('service-network')) return 'PN110';
  if (has('pod-network') && has('node-network')) return 'PN111';
  if (has('service-network') && has('node-network')) return 'PN112';
  if (roles.size === 1 && a.role === 'pod-network') return podPair(a, b);
  return undefined;
}

/** Two pod networks: cluster-level declarations are PN120's business, node-local configs repeat by design. */
function podPair(a: OkRange, b: OkRange): string | undefined {
  if (a.owner === b.owner) return undefined;
  if (a.agreement === 'cluster' || b.agreement === 'cluster') return undefined;
  if (a.agreement === 'local' && b.agreement === 'local') return sameInterval(a, b) ? undefined : 'PN114';
  if (a.agreement === 'local' || b.agreement === 'local') return undefined;
  if (a.defaultNote || b.defaultNote) return sameInterval(a, b) ? undefined : 'PN114';
  if (sameInterval(a, b)) return a.source === b.source && a.source.startsWith('calico') ? 'PN114' : undefined;
  return 'PN114';
}

const MAX_RELATED = 10;

export function overlapRules(ctx: RuleContext): void {
  const nets = ctx.ok.filter(isNetwork);
  // One finding per range and rule, naming the first conflict and counting the rest (bounded output
  // even when a pool is pasted 200 times).
  const hits = new Map<string, { x: OkRange; code: string; others: OkRange[] }>();
  const add = (x: OkRange, y: OkRange, code: string) => {
    const k = `${x.index}|${code}`;
    const h = hits.get(k);
    if (h) h.others.push(y);
    else hits.set(k, { x, code, others: [y] });
  };
  for (const [i, j] of findOverlaps(nets.map((r) => r.value))) {
    const a = nets[i];
    const b = nets[j];
    if (a.owner === b.owner && a.field === b.field && a.role !== 'lb-pool') continue;
    const code = codeFor(a, b);
    if (!code) continue;
    add(a, b, code);
    add(b, a, code);
  }
  for (const { x, code, others } of hits.values()) {
    const y = others[0];
    const more = others.length > 1 ? ` and ${others.length - 1} more range${others.length > 2 ? 's' : ''}` : '';
    ctx.emit({
      code, file: x.file, span: x.span,
      message: `${capital(describeRange(x))} ${relation(x, y)} ${describeRange(y)}${more}`,
      related: others.slice(0, MAX_RELATED).map((o) => ({ file: o.file, span: o.span, message: describeRange(o) })),
      fixes: x.defaultNote ? [] : ctx.freeRangeFix(x),
    });
  }
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
