// Runs every rule over the whole lint set (all files together, so overlaps across files are found),
// then turns offsets into positions and applies severity overrides.
import type { ClusterFacts } from '../cluster/clusterFacts';
import type { Locator } from '../manifests/lineIndex';
import { LineIndex } from '../manifests/lineIndex';
import type { FileExtract } from '../manifests/manifestFile';
import { parseCidr } from '../net/cidr';
import { fastParseAddress } from '../net/fastAddress';
import { mergeUsed, nearestFreeCidr } from '../net/freeRange';
import type { Interval } from '../net/overlap';
import type { Finding, RawFinding } from './finding';
import type { RuleContext, WBlock, WNodeCount } from './ruleContext';
import { isNetwork } from './ruleContext';
import type { Severity } from './ruleCatalog';
import { ruleByCode } from './ruleCatalog';
import { agreementRules } from './agreementRules';
import { blockRules } from './blockRules';
import { clusterRules } from './clusterRules';
import { overlapRules } from './overlapRules';
import { valueRules } from './valueRules';
import type { OkRange, WRange } from './workspaceRange';
import { isOk, sameInterval } from './workspaceRange';

export type SeverityOverrides = Readonly<Record<string, Severity | 'off'>>;

export interface LintOptions {
  readonly cluster?: ClusterFacts;
  readonly severity?: SeverityOverrides;
}

export interface LintResult {
  readonly findings: Finding[];
  readonly ranges: readonly WRange[];
  readonly lineIndex: (file: string) => Locator;
}

export const DEFAULT_MAX_PODS = 110;

export function lintFiles(files: readonly FileExtract[], options: LintOptions = {}): LintResult {
  const ranges: WRange[] = [];
  const blocks: WBlock[] = [];
  const raw: RawFinding[] = [];
  let maxPods = 0;
  const nodeCounts: WNodeCount[] = [];
  for (const f of files) {
    for (const r of f.ranges) ranges.push({ ...r, file: f.file, index: ranges.length });
    for (const b of f.blocks) blocks.push({ ...b, file: f.file });
    for (const p of f.problems) raw.push({ code: p.code, message: p.message, file: f.file, span: p.span });
    for (const m of f.maxPods) maxPods = Math.max(maxPods, m.value);
    for (const n of f.nodeCounts ?? []) nodeCounts.push({ ...n, file: f.file });
  }
  const ok = ranges.filter(isOk);
  const clusterUsed = clusterIntervals(options.cluster);
  // Everything in use, merged once per family (the range being fixed is in use too: its spot conflicts anyway).
  const usedByFamily = new Map<number, [bigint, bigint][]>();
  const usedFor = (family: 4 | 6) => {
    let m = usedByFamily.get(family);
    if (!m) usedByFamily.set(family, (m = mergeUsed(family, [...ok.filter(isNetwork).map((o) => o.value), ...clusterUsed])));
    return m;
  };
  const fixes = new Map<string, RawFinding['fixes']>();
  const freeBySize = new Map<string, string | undefined>();
  const ctx: RuleContext = {
    ranges, ok, blocks, maxPods: maxPods || DEFAULT_MAX_PODS, cluster: options.cluster, nodeCounts,
    emit: (f) => raw.push(f),
    freeRangeFix: (r) => {
      // Declarations that move together share one fix; any other range's fix edits that range alone.
      const k = `${r.value.family}|${r.value.start}|${r.value.end}|${r.role}|${movesTogether(r) ? '' : r.index}`;
      let f = fixes.get(k);
      if (!f) fixes.set(k, (f = freeRangeFix(r, ok, usedFor(r.value.family), freeBySize)));
      return f;
    },
  };
  valueRules(ctx);
  overlapRules(ctx);
  agreementRules(ctx);
  blockRules(ctx);
  clusterRules(ctx);

  const byFile = new Map(files.map((f) => [f.file, f]));
  const indexes = new Map<string, Locator>();
  const lineIndex = (file: string): Locator => {
    let li = indexes.get(file);
    if (!li) indexes.set(file, (li = byFile.get(file)?.locator ?? new LineIndex(byFile.get(file)?.text ?? '')));
    return li;
  };
  const loc = (file: string, span: { start: number; end: number }) => {
    const li = lineIndex(file);
    return { file, start: li.position(span.start), end: li.position(Math.max(span.start, span.end)) };
  };
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const f of raw) {
    const severity = options.severity?.[f.code] ?? ruleByCode.get(f.code)?.severity ?? 'error';
    if (severity === 'off') continue;
    const id = `${f.code}|${f.file}|${f.span.start}|${f.span.end}|${f.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    findings.push({
      ...loc(f.file, f.span), code: f.code, severity, message: f.message,
      related: (f.related ?? []).map((r) => ({ ...loc(r.file, r.span), message: r.message })),
      fixes: (f.fixes ?? []).map((x) => ({ title: x.title, preferred: x.preferred, edits: x.edits.map((e) => ({ ...loc(e.file, e.span), newText: e.newText })) })),
    });
  }
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.start.line - b.start.line || a.start.character - b.start.character || (a.code < b.code ? -1 : 1)));
  return { findings, ranges, lineIndex };
}

function clusterIntervals(facts: ClusterFacts | undefined): Interval[] {
  if (!facts) return [];
  const out: Interval[] = [];
  for (const n of facts.nodes) {
    for (const ip of n.internalIPs) { const a = fastParseAddress(ip); if (a) out.push({ family: a.family, start: a.value, end: a.value }); }
  }
  for (const s of facts.serviceCIDRs) { const c = parseCidr(s); if (c.ok) out.push(c.cidr); }
  return out;
}

/** Declarations that must agree move together (kubeadm podSubnet, kube-proxy clusterCIDR, ...); pools do not. */
const movesTogether = (r: OkRange): boolean =>
  r.agreement === 'cluster' || r.agreement === 'node-cidr' || (r.role === 'service-network' && r.source !== 'service-cidr');

/** Replace a range (and every declaration of the very same range) with the nearest free one of its size. */
function freeRangeFix(r: OkRange, ok: readonly OkRange[], used: [bigint, bigint][], freeBySize: Map<string, string | undefined>): RawFinding['fixes'] {
  if (r.value.form !== 'cidr' || r.value.prefix === undefined) return [];
  const twins = movesTogether(r) ? ok.filter((o) => o.role === r.role && o.agreement === r.agreement && o.source !== 'service-cidr' && sameInterval(o, r) && !o.defaultNote).slice(0, 20) : [r];
  // The search is shared by every range of the same interval; the edits are each range's own.
  const at = `${r.value.family}|${r.value.start}|${r.value.prefix}`;
  if (!freeBySize.has(at)) freeBySize.set(at, nearestFreeCidr(r.value.family, r.value.prefix, r.value.start, used));
  const free = freeBySize.get(at);
  if (!free) return [];
  return [{
    title: `Replace with ${free}, the nearest free /${r.value.prefix}${twins.length > 1 ? ` (in all ${twins.length} places that declare ${r.text})` : ''}`,
    preferred: true,
    edits: twins.map((t) => ({ file: t.file, span: t.span, newText: free })),
  }];
}
