// A fix is offered only if it converges: applied, it removes its finding and adds none. The edited
// files are re-extracted and the whole set re-linted with the same options (the live cluster's facts
// included), so a fix that copies a value another rule flags, or moves a range onto another, is
// dropped. Candidates are the rules' own fixes plus, when a cluster is connected, its real pod and
// service networks. Fixes with the same edits are listed once.
import type { FileExtract } from '../manifests/manifestFile';
import type { Finding, Fix, TextEdit } from './finding';
import type { LintOptions, LintResult } from './lintEngine';
import { lintFiles, twinsOf } from './lintEngine';
import { isOk } from './workspaceRange';
import type { OkRange } from './workspaceRange';
import { parseCidr } from '../net/cidr';

/** What a lint run was made of, so a fix can be tried on it. */
export interface LintInput {
  readonly files: readonly FileExtract[];
  readonly options: LintOptions;
  /** Extracts a file's edited text (the caller's extractor and cache). */
  readonly extract: (file: string, text: string) => FileExtract;
}

/** The state after a fix: its texts, extracts and lint result. */
export interface Applied {
  readonly files: readonly FileExtract[];
  readonly result: LintResult;
  /** Each edit with the text it replaced. */
  readonly changes: readonly { readonly edit: TextEdit; readonly oldText: string }[];
}

const signature = (fix: Fix) =>
  fix.edits.map((e) => `${e.file}|${e.start.line}:${e.start.character}-${e.end.line}:${e.end.character}|${e.newText}`).sort().join('\n');

/** Applies a fix's edits in memory; undefined if they overlap or name a file not in the set. */
function applyEdits(
  input: LintInput,
  result: LintResult,
  fix: Fix,
): { files: FileExtract[]; offsets: Map<string, { start: number; end: number; length: number }[]>; changes: Applied['changes'] } | undefined {
  const byFile = new Map<string, { edit: TextEdit; start: number; end: number }[]>();
  for (const e of fix.edits) {
    const li = result.lineIndex(e.file);
    const list = byFile.get(e.file) ?? [];
    list.push({ edit: e, start: li.offset(e.start), end: li.offset(e.end) });
    byFile.set(e.file, list);
  }
  const files = [...input.files];
  const offsets = new Map<string, { start: number; end: number; length: number }[]>();
  const changes: { edit: TextEdit; oldText: string }[] = [];
  for (const [file, edits] of byFile) {
    const i = files.findIndex((f) => f.file === file);
    if (i < 0) return undefined;
    edits.sort((a, b) => a.start - b.start);
    for (let k = 1; k < edits.length; k++) if (edits[k].start < edits[k - 1].end) return undefined;
    let text = files[i].text;
    for (const e of [...edits].reverse()) {
      changes.push({ edit: e.edit, oldText: text.slice(e.start, e.end) });
      text = text.slice(0, e.start) + e.edit.newText + text.slice(e.end);
    }
    files[i] = input.extract(file, text);
    offsets.set(file, edits.map((e) => ({ start: e.start, end: e.end, length: e.edit.newText.length })));
  }
  return { files, offsets, changes: changes.reverse() };
}

/** Where an offset of the old text lands in the edited one (inside a replaced span: its start). */
function mapOffset(offset: number, edits: readonly { start: number; end: number; length: number }[] | undefined): number {
  let delta = 0;
  for (const e of edits ?? []) {
    if (offset >= e.end) delta += e.length - (e.end - e.start);
    else if (offset >= e.start) return e.start + delta;
  }
  return offset + delta;
}

/** Findings counted by code, file and start (a finding that moved with an edit keeps its key). */
function countKeys(findings: readonly Finding[], offsetOf: (f: Finding) => number): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of findings) {
    const k = `${f.code}|${f.file}|${offsetOf(f)}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/** Tries fixes against one lint result; each distinct fix is re-linted once. */
export class FixVerifier {
  private readonly tried = new Map<
    string,
    (Applied & { before: Map<string, number>; after: Map<string, number>; offsets: Map<string, { start: number; end: number; length: number }[]> }) | null
  >();

  constructor(private readonly input: LintInput, readonly result: LintResult) {}

  /** The state after `fix`, if it removes `finding` and adds no finding anywhere. */
  converges(finding: Finding, fix: Fix): Applied | undefined {
    const sig = signature(fix);
    let t = this.tried.get(sig);
    if (t === undefined) {
      const edited = applyEdits(this.input, this.result, fix);
      if (!edited) t = null;
      else {
        const result = lintFiles(edited.files, this.input.options);
        const before = countKeys(this.result.findings, (f) => mapOffset(this.result.lineIndex(f.file).offset(f.start), edited.offsets.get(f.file)));
        const after = countKeys(result.findings, (f) => result.lineIndex(f.file).offset(f.start));
        t = { files: edited.files, result, changes: edited.changes, before, after, offsets: edited.offsets };
      }
      this.tried.set(sig, t);
    }
    if (!t) return undefined;
    for (const [k, n] of t.after) if (n > (t.before.get(k) ?? 0)) return undefined;
    const li = this.result.lineIndex(finding.file);
    const k = `${finding.code}|${finding.file}|${mapOffset(li.offset(finding.start), t.offsets.get(finding.file))}`;
    return (t.after.get(k) ?? 0) < (t.before.get(k) ?? 0) ? t : undefined;
  }

  /** The finding's fixes (and live-cluster candidates) that converge, each distinct edit once. */
  convergingFixes(finding: Finding): Fix[] {
    const seen = new Set<string>();
    const out: Fix[] = [];
    for (const fix of this.candidates(finding)) {
      const sig = signature(fix);
      if (seen.has(sig)) continue;
      seen.add(sig);
      if (this.converges(finding, fix)) out.push(fix);
    }
    return out;
  }

  /** The rules' fixes, then the live cluster's networks. */
  candidates(finding: Finding): Fix[] {
    return [...finding.fixes, ...liveCandidates(finding, this.result, this.input.options)];
  }

  /**
   * The converging fixes of several findings (the diagnostics under the cursor), each distinct edit
   * once: two findings on one range (PN110 and PN161) offer the same "nearest free range".
   */
  fixesFor(findings: readonly Finding[]): { finding: Finding; fix: Fix }[] {
    const seen = new Set<string>();
    const out: { finding: Finding; fix: Fix }[] = [];
    for (const finding of findings) {
      for (const fix of this.convergingFixes(finding)) {
        const sig = signature(fix);
        if (!seen.has(sig)) {
          seen.add(sig);
          out.push({ finding, fix });
        }
      }
    }
    return out;
  }

  /** The result's findings with only their converging fixes. */
  verifiedFindings(): Finding[] {
    return this.result.findings.map((f) => (f.fixes.length || this.input.options.cluster ? { ...f, fixes: this.convergingFixes(f) } : f));
  }
}

/** "Use the cluster's pod network": the connected cluster's own networks as replacements for the finding's range. */
function liveCandidates(finding: Finding, result: LintResult, options: LintOptions): Fix[] {
  const facts = options.cluster;
  if (!facts) return [];
  const offset = result.lineIndex(finding.file).offset(finding.start);
  const ok = result.ranges.filter(isOk);
  const r = ok.find((x) => x.file === finding.file && x.span.start === offset && !x.defaultNote);
  if (!r || r.value.form !== 'cidr') return [];
  const networks = r.role === 'pod-network' ? facts.podNetworks : r.role === 'service-network' ? facts.serviceCIDRs : [];
  const what = r.role === 'pod-network' ? 'pod network' : 'service network';
  const out: Fix[] = [];
  for (const n of networks) {
    const c = parseCidr(n);
    if (!c.ok || c.cidr.family !== r.value.family || (c.cidr.start === r.value.start && c.cidr.end === r.value.end)) continue;
    // Twins in the same cluster only: another cluster's declarations are not this finding's.
    const keys = new Set(result.clustersOf(r).map((x) => x.key));
    const twins: OkRange[] = twinsOf(r, ok.filter((o) => result.clustersOf(o).some((x) => keys.has(x.key))));
    out.push({
      title: `Use ${n}, the ${what} of cluster "${facts.context}"${twins.length > 1 ? ` (in all ${twins.length} places that declare ${r.text})` : ''}`,
      edits: twins.map((t) => ({
        file: t.file,
        start: result.lineIndex(t.file).position(t.span.start),
        end: result.lineIndex(t.file).position(t.span.end),
        newText: n,
      })),
    });
  }
  return out;
}
