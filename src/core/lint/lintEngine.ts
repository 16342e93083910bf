// Runs every rule over the lint set, one cluster at a time: files are placed in clusters
// (clusterAssignment), overlap and agreement rules compare the ranges of one cluster, declared
// networks are checked against every cluster and a declared mesh across them. Then offsets become
// positions, severities are resolved (rule default < .podnet.yaml < user override) and inline
// suppressions applied.
import type { ClusterFacts } from '../cluster/clusterFacts';
import type { Locator } from '../manifests/lineIndex';
import { LineIndex } from '../manifests/lineIndex';
import type { FileExtract } from '../manifests/manifestFile';
import { mergeUsed, nearestFreeCidr } from '../net/freeRange';
import { agreementRules } from './agreementRules';
import { blockRules } from './blockRules';
import type { ClusterRef, FileClusters } from './clusterAssignment';
import { DEFAULT_CLUSTER, assignClusters } from './clusterAssignment';
import { clusterRules } from './clusterRules';
import type { LiveClusterFacts } from './liveClusterFacts';
import { liveClusterFacts } from './liveClusterFacts';
import type { Finding, Fix, RawFinding, RelatedLocation } from './finding';
import { rawFinding } from './finding';
import type { ConfigError, LintConfig, RuleSetting } from './lintConfig';
import { emptyConfig, isIgnored } from './lintConfig';
import type { MeshMember } from './networkRules';
import { externalNetworkRules, meshRules } from './networkRules';
import { overlapRules } from './overlapRules';
import type { RuleContext, WBlock, WNodeCount } from './ruleContext';
import { isNetwork } from './ruleContext';
import { ruleByCode } from './ruleCatalog';
import type { SuppressedFinding } from './suppressionFilter';
import { applySuppressions } from './suppressionFilter';
import { valueRules } from './valueRules';
import type { OkRange, WRange } from './workspaceRange';
import { isOk, sameInterval, workspaceRange } from './workspaceRange';
import { IntervalKeyed } from './intervalKeyed';
import { SeenFindings } from './seenFindings';

export type SeverityOverrides = Readonly<Record<string, RuleSetting>>;

export interface LintOptions {
  readonly cluster?: ClusterFacts;
  /** The user's overrides (CLI --rule, VS Code podnet.lint.severity): above the config's `rules`. */
  readonly severity?: SeverityOverrides;
  /** The config that applies to a file (the nearest .podnet.yaml); none: the defaults. */
  readonly configOf?: (file: string) => LintConfig;
  /** Errors found reading config files, reported as PN180 in them. */
  readonly configErrors?: readonly ConfigError[];
  /** Every config read (their texts locate findings in them). */
  readonly configs?: readonly LintConfig[];
  /** A file's name in the notation config roots use (the CLI: absolute paths); default: as given. */
  readonly canonical?: (file: string) => string;
}

export interface LintResult {
  readonly findings: Finding[];
  /** Findings an inline suppression removed, with its reason (SARIF lists them as suppressed). */
  readonly suppressed: SuppressedFinding[];
  readonly ranges: readonly WRange[];
  readonly lineIndex: (file: string) => Locator;
  /** The clusters of a range (by its index) and how its file was placed. */
  readonly clustersOf: (range: WRange) => readonly ClusterRef[];
  readonly placement: (file: string) => FileClusters | undefined;
  /** Files left out by a config's `ignore`. */
  readonly ignored: readonly string[];
  /** With live facts: the manifest clusters the live rules compared the cluster with (by name, else all). */
  readonly live?: LiveComparison;
}

export interface LiveComparison {
  readonly context: string;
  /** True when a manifest cluster is named like the context (`prod`, or kind's `kind-prod`). */
  readonly byName: boolean;
  readonly clusters: readonly { readonly name: string; readonly files: number }[];
}

export const DEFAULT_MAX_PODS = 110;
const NO_CONFIG = emptyConfig('');

interface Group {
  cluster: ClusterRef;
  ranges: WRange[];
  blocks: WBlock[];
  maxPods: number;
  nodeCounts: WNodeCount[];
}

export function lintFiles(all: readonly FileExtract[], options: LintOptions = {}): LintResult {
  // Looked up once per file (the CLI resolves a path and walks up for .podnet.yaml), not per finding.
  const configs = new Map<string, LintConfig>();
  const configOf = (file: string): LintConfig => {
    let c = configs.get(file);
    if (!c) configs.set(file, c = options.configOf?.(file) ?? NO_CONFIG);
    return c;
  };
  const ignored: string[] = [];
  const canonical = options.canonical ?? ((f: string) => f);
  const files = all.filter((f) => (isIgnored(configOf(f.file), canonical(f.file)) ? (ignored.push(f.file), false) : true));
  const ranges: WRange[] = [];
  const raw: RawFinding[] = [];
  const placement = assignClusters(files, configOf, canonical);
  const groups = new Map<string, Group>();
  const group = (c: ClusterRef) => {
    let g = groups.get(c.key);
    if (!g) groups.set(c.key, g = { cluster: c, ranges: [], blocks: [], maxPods: 0, nodeCounts: [] });
    return g;
  };
  const rangeClusters: (readonly ClusterRef[])[] = [];
  for (const f of files) {
    const place = placement.get(f.file);
    for (let k = 0; k < f.ranges.length; k++) {
      const r = f.ranges[k];
      const w = workspaceRange(r, f.file, ranges.length);
      ranges.push(w);
      const cs = place?.at(r.span.start) ?? [];
      rangeClusters.push(cs);
      for (const c of cs) group(c).ranges.push(w);
    }
    for (const b of f.blocks) for (const c of place?.at(b.span.start) ?? []) group(c).blocks.push({ ...b, file: f.file });
    for (const m of f.maxPods) for (const c of place?.at(m.span.start) ?? []) group(c).maxPods = Math.max(group(c).maxPods, m.value);
    for (const p of f.problems) raw.push(rawFinding({ code: p.code, message: p.message, file: f.file, span: p.span }));
    for (const n of f.nodeCounts ?? []) for (const c of place?.at(n.span.start) ?? []) group(c).nodeCounts.push({ ...n, file: f.file });
  }
  for (const e of options.configErrors ?? []) {
    raw.push(rawFinding({ code: 'PN180', file: e.file, span: e.span, message: `${e.key ? `${e.key}: ` : ''}${e.message}` }));
  }
  const ok = ranges.filter(isOk);
  const live = options.cluster && liveClusterFacts(options.cluster);
  const noFix: RuleContext['freeRangeFix'] = () => [];
  // Per-range rules (values, addresses inside their subnet) need no cluster: run once.
  valueRules({ ranges, ok, blocks: [], maxPods: DEFAULT_MAX_PODS, emit: (f) => raw.push(rawFinding(f)), freeRangeFix: noFix });

  // The live cluster is compared with the manifests of the cluster of its name (kubeconfig context
  // `prod`, or kind's `kind-prod`) when there is one; else, as before clusters existed, with all.
  const liveNamed = live ? [...groups.values()].filter((g) => g.cluster.name === live.context || `kind-${g.cluster.name}` === live.context) : [];
  const meshes = new Map<LintConfig, MeshMember[]>();
  for (const g of groups.values()) {
    const config = g.cluster.config;
    const gok = g.ranges.filter(isOk);
    const ctx = clusterContext(g, gok, config, live, (f) => raw.push(rawFinding(f, g.cluster.name)));
    overlapRules(ctx);
    agreementRules(ctx);
    blockRules(ctx);
    if (!liveNamed.length || liveNamed.includes(g)) clusterRules(ctx);
    externalNetworkRules(ctx, config);
    if (config.mesh.includes(g.cluster.name)) meshes.set(config, [...(meshes.get(config) ?? []), { cluster: g.cluster, ranges: gok }]);
  }
  for (const [config, members] of meshes) {
    meshRules(config, members, (c, f) => raw.push(rawFinding(f, c.name)));
    // A mesh naming a cluster no file belongs to checks nothing for it: say so (only when some are linted).
    const known = new Set(members.map((m) => m.cluster.name));
    const missing = config.mesh.filter((n) => !known.has(n));
    if (missing.length && config.meshSpan) {
      raw.push(rawFinding({
        code: 'PN180',
        file: config.file,
        span: config.meshSpan,
        message: `mesh: no linted file belongs to ${missing.map((m) => `"${m}"`).join(', ')} (clusters seen: ${
          [...groups.values()].filter((g) => g.cluster.config === config).map((g) => `"${g.cluster.name}"`).join(', ')
        })`,
      }));
    }
  }

  const byFile = new Map(files.map((f) => [f.file, f]));
  const configTexts = new Map<string, string>();
  for (const g of groups.values()) if (g.cluster.config.file) configTexts.set(g.cluster.config.file, g.cluster.config.text);
  for (const f of files) {
    const c = configOf(f.file);
    if (c.file) configTexts.set(c.file, c.text);
  }
  for (const c of options.configs ?? []) if (c.file) configTexts.set(c.file, c.text);
  const indexes = new Map<string, Locator>();
  const lineIndex = (file: string): Locator => {
    let li = indexes.get(file);
    if (!li) indexes.set(file, li = byFile.get(file)?.locator ?? new LineIndex(byFile.get(file)?.text ?? configTexts.get(file) ?? ''));
    return li;
  };
  const loc = (file: string, span: { start: number; end: number }) => {
    const li = lineIndex(file);
    return { file, start: li.position(span.start), end: li.position(Math.max(span.start, span.end)) };
  };
  const severityOf = (code: string, file: string) => options.severity?.[code] ?? configOf(file).rules[code] ?? ruleByCode.get(code)?.severity ?? 'error';
  const seen = new SeenFindings();
  const findings: Finding[] = [];
  // Rules share one related location (or fix list) among the findings that name the same range:
  // each is placed once, and the findings share the result (plain data, never mutated).
  const placedRelated = new Map<object, RelatedLocation>();
  const placedFixes = new Map<object, Fix[]>();
  for (let k = 0; k < raw.length; k++) {
    const f = raw[k];
    const severity = severityOf(f.code, f.file);
    if (severity === 'off') continue;
    // The default cluster goes unnamed in messages (a repository with one cluster reads as before).
    const message = f.cluster && f.cluster !== DEFAULT_CLUSTER ? `${f.message} [cluster ${f.cluster}]` : f.message;
    if (!seen.first(f.code, f.file, f.span, message)) continue;
    const li = lineIndex(f.file);
    const rawRelated = f.related ?? [];
    const related: RelatedLocation[] = [];
    for (let m = 0; m < rawRelated.length; m++) {
      const r = rawRelated[m];
      let placed = placedRelated.get(r);
      if (!placed) {
        const rli = r.file === f.file ? li : lineIndex(r.file);
        placed = { file: r.file, start: rli.position(r.span.start), end: rli.position(Math.max(r.span.start, r.span.end)), message: r.message };
        placedRelated.set(r, placed);
      }
      related.push(placed);
    }
    let fixes = f.fixes ? placedFixes.get(f.fixes) : [];
    if (!fixes) {
      fixes = (f.fixes ?? []).map((x) => ({
        title: x.title,
        preferred: x.preferred,
        edits: x.edits.map((e) => {
          const at = loc(e.file, e.span);
          return { file: at.file, start: at.start, end: at.end, newText: e.newText };
        }),
      }));
      if (f.fixes) placedFixes.set(f.fixes, fixes);
    }
    const start = li.position(f.span.start);
    const end = li.position(Math.max(f.span.start, f.span.end));
    const finding: Finding = f.cluster
      ? { file: f.file, start, end, code: f.code, severity, message, cluster: f.cluster, related, fixes }
      : { file: f.file, start, end, code: f.code, severity, message, related, fixes };
    findings.push(f.clusterCidrs ? { ...finding, clusterCidrs: f.clusterCidrs } : finding);
  }
  const { kept, suppressed } = applySuppressions(findings, files, lineIndex, severityOf);
  kept.sort((
    a,
    b,
  ) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.start.line - b.start.line || a.start.character - b.start.character || (a.code < b.code ? -1 : 1)));
  const compared = liveNamed.length ? liveNamed : [...groups.values()];
  const liveComparison: LiveComparison | undefined = live && {
    context: live.context,
    byName: liveNamed.length > 0,
    clusters: compared.map((g) => ({ name: g.cluster.name, files: new Set([...g.ranges.map((r) => r.file), ...g.blocks.map((b) => b.file)]).size })),
  };
  return {
    findings: kept,
    suppressed,
    ranges,
    lineIndex,
    clustersOf: (r) => rangeClusters[r.index] ?? [],
    placement: (file) => placement.get(file),
    ignored,
    live: liveComparison,
  };
}

function clusterContext(
  g: Group,
  ok: OkRange[],
  config: LintConfig,
  live: LiveClusterFacts | undefined,
  emit: RuleContext['emit'],
): RuleContext {
  // Everything in use in this cluster (and the declared networks), merged once per family.
  const usedByFamily = new Map<number, [bigint, bigint][]>();
  const usedFor = (family: 4 | 6) => {
    let m = usedByFamily.get(family);
    if (!m) {
      usedByFamily.set(
        family,
        m = mergeUsed(family, [...ok.filter(isNetwork).map((o) => o.value), ...config.networks.map((n) => n.cidr), ...(live?.used ?? [])]),
      );
    }
    return m;
  };
  const fixesOfRange = new Map<number, RawFinding['fixes']>();
  const fixesOfTwins = new IntervalKeyed<RawFinding['fixes']>();
  const freeBySize = new IntervalKeyed<string | undefined>();
  return {
    ranges: g.ranges,
    ok,
    blocks: g.blocks,
    maxPods: g.maxPods || DEFAULT_MAX_PODS,
    cluster: live,
    nodeCounts: g.nodeCounts,
    emit,
    freeRangeFix: (r) => {
      // Declarations that move together share one fix; any other range's fix edits that range alone.
      const { family, start, end } = r.value;
      const together = movesTogether(r);
      let f = together ? fixesOfTwins.get(family, start, end, r.role) : fixesOfRange.get(r.index);
      if (!f) {
        f = freeRangeFix(r, ok, usedFor(family), freeBySize);
        if (together) fixesOfTwins.set(family, start, end, f, r.role);
        else fixesOfRange.set(r.index, f);
      }
      return f;
    },
  };
}

/** Declarations that must agree move together (kubeadm podSubnet, kube-proxy clusterCIDR, ...); pools do not. */
const movesTogether = (r: OkRange): boolean =>
  r.agreement === 'cluster' || r.agreement === 'node-cidr' || (r.role === 'service-network' && r.source !== 'service-cidr');

/** The ranges a fix of `r` edits: every declaration of the very same range that moves with it (at most 20), else `r` alone. */
export const twinsOf = (r: OkRange, ok: readonly OkRange[]): OkRange[] =>
  movesTogether(r)
    ? ok.filter((o) => o.role === r.role && o.agreement === r.agreement && o.source !== 'service-cidr' && sameInterval(o, r) && !o.defaultNote).slice(0, 20)
    : [r];

/** Replace a range (and every declaration of the very same range) with the nearest free one of its size. */
function freeRangeFix(r: OkRange, ok: readonly OkRange[], used: [bigint, bigint][], freeBySize: IntervalKeyed<string | undefined>): RawFinding['fixes'] {
  const { form, family, start, end, prefix } = r.value;
  if (form !== 'cidr' || prefix === undefined) return [];
  const twins = twinsOf(r, ok);
  // The search is shared by every range of the same interval (a CIDR's start and end give its
  // prefix); the edits are each range's own.
  if (!freeBySize.has(family, start, end)) freeBySize.set(family, start, end, nearestFreeCidr(family, prefix, start, used));
  const free = freeBySize.get(family, start, end);
  if (!free) return [];
  return [{
    title: `Replace with ${free}, the nearest free /${r.value.prefix}${twins.length > 1 ? ` (in all ${twins.length} places that declare ${r.text})` : ''}`,
    preferred: true,
    edits: twins.map((t) => ({ file: t.file, span: t.span, newText: free })),
  }];
}
