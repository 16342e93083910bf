// `podnet lint`: the CIDR linter for CI and terminals (text, JSON or SARIF), optionally against a
// live cluster's facts (--kubeconfig/--context).
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ClusterFacts } from '../../core/cluster/clusterFacts';
import { clusterFacts } from '../../core/cluster/clusterFacts';
import { lintFiles } from '../../core/lint/lintEngine';
import { formatText, toJsonReport, toSarif } from '../../core/lint/reportFormats';
import { ExtractCache } from '../../core/manifests/manifestFile';
import { podnetVersion } from '../../core/version';
import { connectCluster } from '../../kube/connectCluster';
import { cliKubeConfig } from '../cliKubeconfig';
import type { CliCommand, CliIo } from '../command';
import { UsageError } from '../command';
import { InputError, collectFiles, readAndExtract } from './lintFiles';

const usage = `Usage: podnet lint [--format text|json|sarif] [--live] [--kubeconfig FILE] [--context NAME] FILES|DIRS...

Finds every address range in CNI and cluster manifests (YAML, JSON, .conf/.conflist, k3s/RKE2
config.yaml, also inside embedded JSON/YAML strings) and checks them together: invalid CIDRs, host
bits, overlaps between pod, service, node and load-balancer networks, components that disagree,
block sizes. Directories are searched for *.yaml, *.yml, *.json, *.conf, *.conflist.
With --live, --kubeconfig or --context the live cluster's nodes, node blocks and service network
are checked too (kubeconfig like kubectl; inside a pod with no kubeconfig, its service account).
Rules: docs/rules.md.
Exit codes: 0 no error-level finding, 1 error-level findings, 2 usage or I/O error.`;

interface LintArgs { format: 'text' | 'json' | 'sarif'; live: boolean; kubeconfig?: string; context?: string; paths: string[] }

function parseArgs(args: string[]): LintArgs {
  const out: LintArgs = { format: 'text', live: false, paths: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) { out.paths.push(arg); continue; }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = () => {
      const v = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not "${f}"`);
      out.format = f;
    } else if (arg === '--live') out.live = true;
    else if (flag === '--kubeconfig') out.kubeconfig = value();
    else if (flag === '--context') out.context = value();
    else throw new UsageError(`unknown option "${arg}"`);
  }
  if (!out.paths.length) throw new UsageError('give at least one file or directory');
  return out;
}

async function liveFacts(opts: LintArgs, io: CliIo): Promise<ClusterFacts | number> {
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

export const lintCommand: CliCommand = {
  name: 'lint',
  summary: 'Lint CNI and cluster manifests for broken or overlapping IP ranges',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const opts = parseArgs(args);
    let facts: ClusterFacts | undefined;
    if (opts.live || opts.kubeconfig || opts.context) {
      const f = await liveFacts(opts, io);
      if (typeof f === 'number') return f;
      facts = f;
    }
    const cache = new ExtractCache();
    let extracts;
    try {
      extracts = collectFiles(opts.paths).map((f) => readAndExtract(f, cache));
    } catch (error) {
      if (error instanceof InputError) {
        io.err(`podnet lint: ${error.message}\n`);
        return 2;
      }
      throw error;
    }
    const { findings } = lintFiles(extracts, { cluster: facts });
    if (opts.format === 'json') io.out(`${JSON.stringify(toJsonReport(findings, extracts.length), null, 2)}\n`);
    else if (opts.format === 'sarif') io.out(`${JSON.stringify(toSarif(findings, podnetVersion(), sarifUri), null, 2)}\n`);
    else io.out(formatText(findings, extracts.length));
    return findings.some((f) => f.severity === 'error') ? 1 : 0;
  },
};
