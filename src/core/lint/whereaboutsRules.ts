// PN134: a Whereabouts node_slice_size larger than the range it slices (no node gets a slice) or
// longer than the family allows. Excludes and range_start/end outside the range
// are PN104 (valueRules).
import type { RuleContext } from './ruleContext';

export function whereaboutsRules(ctx: RuleContext): void {
  for (const b of ctx.blocks) {
    if (b.kind !== 'whereabouts-slice') continue;
    const rangeField = `${b.field.replace(/\.node_slice_size$/, '')}.range`;
    const bits = b.family === 4 ? 32 : 128;
    if (b.prefix > bits) {
      ctx.emit({
        code: 'PN134',
        file: b.file,
        span: b.span,
        message: `node_slice_size /${b.prefix} is longer than ${bits} bits (IPv${b.family}) — ${b.component}`,
      });
      continue;
    }
    for (const r of ctx.ok) {
      if (r.owner !== b.owner || r.field !== rangeField || r.value.family !== b.family || r.value.prefix === undefined) continue;
      if (b.prefix >= r.value.prefix) continue;
      ctx.emit({
        code: 'PN134',
        file: b.file,
        span: b.span,
        message: `node_slice_size /${b.prefix} is larger than the range ${r.text} (/${r.value.prefix}) it slices: no node can get a slice — ${b.component}`,
        related: [{ file: r.file, span: r.span, message: `${r.field} ${r.text}` }],
      });
    }
  }
}
