// `podnet lint`: the CIDR linter for CI and terminals (text, JSON or SARIF), optionally against a
// live cluster's facts (--kubeconfig/--context). Reads .podnet.yaml (or --config), stdin (`-`).
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ClusterFacts } from '../../core/cluster/clusterFacts';
import { clusterFacts } from '../../core/cluster/clusterFacts';
import type { SeverityOverrides } from '../../core/lint/lintEngine';
import { lintFiles } from '../../core/lint/lintEngine';
import type { RuleSetting } from '../../core/lint/lintConfig';
import { formatConfigError, isIgnored } from '../../core/lint/lintConfig';
import { formatText, toSarif } from '../../core/lint/reportFormats';
import { jsonReportChunks } from '../../core/lint/jsonReportStream';
import { ruleByCode } from '../../core/lint/ruleCatalog';
import type { FileExtract } from '../../core/manifests/manifestFile';
import { ExtractCache, extractFile } from '../../core/manifests/manifestFile';
import type { FixRun } from '../../core/lint/applyFixes';
import { applySafeFixes } from '../../core/lint/applyFixes';
import { FixVerifier } from '../../core/lint/fixVerification';
import { writeFixed } from './lintFixWrite';
import { podnetVersion } from '../../core/version';
import { rulesDocUrl } from '../rulesDocUrl';
import type { CliCommand, CliIo } from '../command';
import { UsageError, writeChunks } from '../command';
import { choiceOption, parseOptions } from '../parseOptions';
import { ConfigFiles } from './lintConfigFiles';
import type { Refused } from './lintFiles';
import { InputError, Interrupted, collectFiles, notLintedExtract, readAndExtract } from './lintFiles';
import { exitCodeOf } from '../interrupts';

const usage = `Usage: podnet lint [--format text|json|sarif] [--config FILE] [--rule CODE=SEVERITY]...
                   [--stdin-filename NAME] [--live] [--kubeconfig FILE] [--context NAME] [--fix] FILES|DIRS|-

Finds every address range in CNI and cluster manifests (YAML, JSON, .conf/.conflist, k3s/RKE2
config.yaml, also inside embedded JSON/YAML strings) and checks them cluster by cluster: invalid
CIDRs, host bits, overlaps between pod, service, node and load-balancer networks, components that
disagree, block sizes, declared networks and meshes. Directories are searched for *.yaml, *.yml,
*.json, *.conf, *.conflist (symlinks followed, each real file once); "-" reads standard input
(e.g. helm template ./chart | podnet lint -), named by --stdin-filename.
The nearest .podnet.yaml above each file (or --config FILE) sets clusters, networks, mesh, rule
severities and ignored files; --rule PN120=off (error|warning|information|hint|off) overrides it.
Inline suppressions: # podnet-disable-next-line PN110 -- reason. Config and suppressions:
docs/config.md; rules: docs/rules.md and \`podnet rules\`.
With --live, --kubeconfig or --context the live cluster's nodes, node blocks and service network
are checked too (kubeconfig like kubectl; inside a pod with no kubeconfig, its service account).
JSON lists each finding's fixes as the rules propose them ("verified": false). --fix applies only
fixes that converge (applied, the files re-linted with every rule, the live cluster included, the
fix removes its finding and adds none), one at a time, each verified against what the previous
ones left; it writes the files (their encoding kept; never standard input or a file with invalid
UTF-8), prints each change (file:line: old → new) and reports the findings left after a re-lint,
whose listed fixes are then verified ("verified": true).
Exit codes: 0 no error-level finding (with --fix: none left), 1 error-level findings, 2 usage or
I/O error (with --fix: a fixed file could not be written), an invalid config, or a file that
could not be linted; 130/143 interrupted (SIGINT/SIGTERM).`;

const SETTINGS = ['error', 'warning', 'information', 'hint', 'off'];

interface LintArgs {
  format: 'text' | 'json' | 'sarif';
  live: boolean;
  kubeconfig?: string;
  context?: string;
  paths: string[];
  config?: string;
  rules: Record<string, RuleSetting>;
  stdinFilename?: string;
  fix: boolean;
}

function parseArgs(args: string[]): LintArgs {
  const { values: v, positionals } = parseOptions(
    args,
    { format: 'string', live: 'boolean', fix: 'boolean', kubeconfig: 'string', context: 'string', config: 'string', 'stdin-filename': 'string', rule: 'list' },
    { positionals: true, unknown: 'option' },
  );
  const out: LintArgs = {
    format: choiceOption('format', v.format, ['text', 'json', 'sarif'], 'text'),
    live: v.live === true,
    paths: positionals,
    rules: {},
    fix: v.fix === true,
    ...(v.kubeconfig !== undefined ? { kubeconfig: v.kubeconfig } : {}),
    ...(v.context !== undefined ? { context: v.context } : {}),
    ...(v.config !== undefined ? { config: v.config } : {}),
    ...(v['stdin-filename'] !== undefined ? { stdinFilename: v['stdin-filename'] } : {}),
  };
  for (const rule of v.rule ?? []) {
    const m = /^(PN\d{3})[=:](\w+)$/i.exec(rule);
    if (!m) throw new UsageError(`--rule takes CODE=SEVERITY (e.g. PN120=off), not "${rule}"`);
    const code = m[1].toUpperCase();
    if (!ruleByCode.has(code)) throw new UsageError(`--rule: ${code} is not a rule (podnet rules lists them)`);
    if (ruleByCode.get(code)?.scope === 'cluster') throw new UsageError(`--rule: ${code} is a finding of the live cluster (podnet inspect), not a lint rule`);
    if (!SETTINGS.includes(m[2].toLowerCase())) throw new UsageError(`--rule ${code}: severity must be one of ${SETTINGS.join(', ')}, not "${m[2]}"`);
    out.rules[code] = m[2].toLowerCase() as RuleSetting;
  }
  if (!out.paths.length) throw new UsageError('give at least one file or directory (or - for standard input)');
  if (out.paths.filter((p) => p === '-').length > 1) throw new UsageError('standard input (-) can be read only once');
  if (out.stdinFilename && !out.paths.includes('-')) throw new UsageError('--stdin-filename names standard input: also give -');
  if (out.fix && out.paths.includes('-')) throw new UsageError('--fix writes files: standard input (-) cannot be fixed');
  return out;
}

async function liveFacts(opts: LintArgs, io: CliIo): Promise<ClusterFacts | number> {
  // Loaded only for a live lint: the Kubernetes client is most of the CLI's startup time.
  const { connectCluster, cliKubeConfig } = await import('./clusterCommands');
  const kubeConfig = cliKubeConfig('lint', opts, io);
  const { watcher, status } = await connectCluster(kubeConfig, { signal: io.signal, timeoutMs: 60_000, maxBackoffMs: 2_000 });
  try {
    if (status.kind !== 'connected') {
      io.err(`podnet lint: cannot read the cluster at ${watcher.server}: ${'error' in status ? status.error : 'timed out'}\n`);
      return 2;
    }
    return clusterFacts(watcher.context, watcher.model);
  } finally {
    watcher.stop();
  }
}

/** SARIF wants URIs: relative paths stay relative (to %SRCROOT%), absolute ones become file: URIs. */
const sarifUri = (file: string): string => (isAbsolute(file) ? pathToFileURL(file).href : file.split('\\').join('/'));

const interruptedCode = (signal: AbortSignal) => exitCodeOf(signal.reason === 'SIGINT' ? 'SIGINT' : 'SIGTERM');

export const lintCommand: CliCommand = {
  name: 'lint',
  summary: 'Lint CNI and cluster manifests for broken or overlapping IP ranges',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const opts = parseArgs(args);
    try {
      return await lint(opts, io);
    } catch (error) {
      if (error instanceof Interrupted) {
        io.err('podnet lint: interrupted\n');
        return interruptedCode(io.signal);
      }
      if (error instanceof InputError) {
        io.err(`podnet lint: ${error.message}\n`);
        return 2;
      }
      throw error;
    }
  },
};

async function lint(opts: LintArgs, io: CliIo): Promise<number> {
  const stdinName = opts.stdinFilename ?? '<stdin>';
  const configs = new ConfigFiles(opts.config);
  // stdin is looked up by the name it is given (like ESLint's --stdin-filename).
  const configOf = (file: string) => configs.configFor(file === stdinName && opts.paths.includes('-') && !opts.stdinFilename ? '-' : file);
  const skip = (file: string) => isIgnored(configOf(file), resolve(file));
  const { files, refused } = await collectFiles(opts.paths, skip, io.signal);
  let facts: ClusterFacts | undefined;
  if (opts.live || opts.kubeconfig || opts.context) {
    const f = await liveFacts(opts, io);
    if (typeof f === 'number') return f;
    facts = f;
  }
  // The per-document cache pays off only when the same texts are linted again (--fix re-lints after
  // each fix); a one-pass lint would just hash every document of the file for nothing.
  const cache = opts.fix ? new ExtractCache() : undefined;
  const extracts: FileExtract[] = [];
  // Files --fix may write: read from disk and decoded without loss.
  const lossless = new Set<string>();
  const notLinted: Refused[] = [...refused];
  for (const file of files) {
    if (io.signal.aborted) throw new Interrupted();
    const r = await readAndExtract(file, cache, io.signal, io.stdin, stdinName);
    extracts.push(r.extract);
    if (opts.fix && file !== '-' && !r.refused && r.lossless) lossless.add(r.extract.file);
    if (r.refused) notLinted.push({ file: r.extract.file, reason: r.refused });
  }
  for (const r of refused) extracts.push(notLintedExtract(r.file, r.reason));
  const severity: SeverityOverrides = opts.rules;
  const options = {
    cluster: facts,
    severity,
    configOf,
    configErrors: configs.errors,
    configs: configs.all(),
    canonical: (f: string) => (f === stdinName ? resolve(opts.stdinFilename ?? stdinName) : resolve(f)),
  };
  const input = { files: extracts, options, extract: (file: string, text: string) => extractFile(file, text, cache) };
  let linted0 = lintFiles(extracts, options);
  let fixed: FixRun | undefined;
  let writeFailed = false;
  if (opts.fix) {
    fixed = applySafeFixes(input, linted0, (file) => lossless.has(file));
    writeFailed = !(await writeFixes(fixed, extracts, io, opts.format === 'text'));
    linted0 = fixed.result;
  }
  // Verifying a fix is a re-lint of the whole set: done only when --fix asks (a dense manifest has
  // thousands of fixes). Only JSON lists fixes, so only it verifies what --fix left.
  const result = opts.fix && opts.format === 'json'
    ? { ...linted0, findings: new FixVerifier({ ...input, files: fixed?.files ?? extracts }, linted0).verifiedFindings() }
    : linted0;
  // Files read and linted: not ignored, not refused, not skipped as a Helm template.
  const ignoredSet = new Set(result.ignored);
  const linted = extracts.filter((x) => !ignoredSet.has(x.file) && !x.problems.some((p) => p.code === 'PN152' || p.code === 'PN154')).length;
  if (opts.format === 'json') {
    // Written chunk by chunk, waiting for stdout to drain: never the whole report as one string.
    await writeChunks(io, jsonReportChunks(result, { filesLinted: linted, docUrl: rulesDocUrl(), fixesVerified: opts.fix }, fixed && fixedJson(fixed)));
  } else if (opts.format === 'sarif') io.out(`${JSON.stringify(toSarif(result, podnetVersion(), rulesDocUrl(), sarifUri), null, 2)}\n`);
  else io.out(formatText(result.findings, linted, result.suppressed.length));
  for (const e of configs.errors) io.err(`podnet lint: invalid config: ${formatConfigError(e)}\n`);
  const unread = notLinted.filter((n) => !ignoredSet.has(n.file));
  for (const n of unread) io.err(`podnet lint: ${n.file}: not linted: ${n.reason}\n`);
  if (configs.errors.length || unread.length || writeFailed) return 2;
  return result.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

const fixedJson = (run: FixRun) =>
  run.applied.flatMap((a) =>
    a.changes.map((c) => ({
      file: c.edit.file,
      line: c.edit.start.line + 1,
      column: c.edit.start.character + 1,
      code: a.code,
      title: a.title,
      oldText: c.oldText,
      newText: c.edit.newText,
    }))
  );

/** Writes every file a fix changed; prints each change (text format) or leaves that to the JSON. */
async function writeFixes(run: FixRun, before: readonly FileExtract[], io: CliIo, print: boolean): Promise<boolean> {
  if (print) {
    for (const a of run.applied) {
      for (const c of a.changes) {
        io.out(`${c.edit.file}:${c.edit.start.line + 1}:${c.edit.start.character + 1}: fixed ${a.code}: ${c.oldText} → ${c.edit.newText}\n`);
      }
    }
  }
  const original = new Map(before.map((f) => [f.file, f.text]));
  let ok = true;
  for (const f of run.files) {
    const old = original.get(f.file);
    if (old === undefined || old === f.text) continue;
    const error = await writeFixed(f.file, old, f.text);
    if (error) {
      io.err(`podnet lint: ${f.file}: fixes not written: ${error}\n`);
      ok = false;
    }
  }
  return ok;
}
