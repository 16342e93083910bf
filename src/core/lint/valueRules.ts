// PN101 invalid value, PN102 host bits, PN103 families in a dual-stack field, PN104 address outside its range.
import { containsRange, formatCidr } from '../net/cidr';
import { groupBy } from './groupBy';
import { reservedRules } from './reservedRules';
import type { RuleContext } from './ruleContext';
import type { OkRange } from './workspaceRange';

export function valueRules(ctx: RuleContext): void {
  for (const r of ctx.ranges) {
    if (!r.value.ok) {
      ctx.emit({ code: 'PN101', file: r.file, span: r.span, message: `${r.field} (${r.component}): ${r.value.error}` });
      continue;
    }
    if (r.value.form === 'cidr' && r.value.prefix !== undefined && r.allocatorSubnet && r.value.prefix > (r.value.family === 4 ? 30 : 126)) {
      // host-local: "Network %s too small to allocate from" (no address left beside network and broadcast).
      ctx.emit({
        code: 'PN101',
        file: r.file,
        span: r.span,
        message: `${r.field} (${r.component}): ${r.allocatorSubnet} refuses ${r.text}: too small to allocate from`,
      });
    }
    if (r.value.hostBits && r.value.form === 'cidr' && r.value.prefix !== undefined) {
      const fixed = formatCidr(r.value.family, r.value.start, r.value.prefix);
      ctx.emit({
        // A plugin that refuses host bits fails every pod on it: the value is invalid, not only untidy.
        code: r.allocatorSubnet ? 'PN101' : 'PN102',
        file: r.file,
        span: r.span,
        message: r.allocatorSubnet
          ? `${r.text} has host bits set, which ${r.allocatorSubnet} refuses ("Network has host bits set"); the network is ${fixed} (${r.field}, ${r.component})`
          : `${r.text} has host bits set; the network is ${fixed} (${r.field}, ${r.component})`,
        fixes: r.defaultNote ? [] : [{ title: `Clear host bits: ${fixed}`, preferred: true, edits: [{ file: r.file, span: r.span, newText: fixed }] }],
      });
    }
  }
  const lists = groupBy(ctx.ranges, (r) => (r.value.ok && r.list?.dualStack ? r.list.id : undefined));
  for (const entries of lists.values()) {
    const fams = entries.map((e) => (e.value.ok ? e.value.family : 0));
    const first = entries[0];
    if (entries.length > 2) {
      ctx.emit({
        code: 'PN103',
        file: first.file,
        span: { start: first.span.start, end: entries[entries.length - 1].span.end },
        message: `${first.field} lists ${entries.length} ranges; a dual-stack field takes at most one IPv4 and one IPv6 (${first.component})`,
      });
    } else if (entries.length === 2 && fams[0] === fams[1] && fams[0] !== 0) {
      ctx.emit({
        code: 'PN103',
        file: entries[1].file,
        span: entries[1].span,
        message: `${first.field} lists two IPv${fams[0]} ranges; dual-stack needs one IPv4 and one IPv6 (${first.component})`,
      });
    }
  }
  addressInsideRules(ctx);
  // Called from here (not lintEngine) so the rule list in lintEngine stays as it is.
  reservedRules(ctx);
}

/** Which fields an address must lie in (any one of them), by the address field's name. */
function containerFields(field: string): readonly string[] {
  const m = /^(.*)\.(rangeStart|rangeEnd|gateway)$/.exec(field);
  // host-local's subnet; a Whereabouts IPAM keeps its gateway beside its `range`.
  if (m) return m[2] === 'gateway' ? [`${m[1]}.subnet`, `${m[1]}.range`] : [`${m[1]}.subnet`];
  // Whereabouts: range_start/range_end and every exclude belong inside their range.
  const w = /^(.*)\.(range_start|range_end|exclude\[\d+\])$/.exec(field);
  if (w) return [`${w[1]}.range`];
  if (/^net-conf\.json Subnet(Min|Max)$/.test(field)) return ['net-conf.json Network'];
  if (field === 'cluster-dns') return ['service-cidr'];
  return [];
}

function addressInsideRules(ctx: RuleContext): void {
  const home = (r: OkRange) => `${r.owner}|${r.field}|${r.value.family}`;
  const byHome = groupBy(ctx.ok, home);
  for (const a of ctx.ok) {
    if (a.role !== 'address') continue;
    const homes = containerFields(a.field).flatMap((field) => byHome.get(home({ ...a, field })) ?? []).filter((r) => r !== a);
    if (!homes.length) continue;
    if (homes.some((h) => containsRange(h.value, a.value))) continue;
    ctx.emit({
      code: 'PN104',
      file: a.file,
      span: a.span,
      message: `${a.field} ${a.text} is outside ${homes.map((h) => h.text).join(', ')} (${a.component})`,
      related: homes.map((h) => ({ file: h.file, span: h.span, message: `${h.field} ${h.text}` })),
    });
  }
}
