// `podnet check`: the connectivity check (src/check/checkRunner.ts) from the terminal. Progress
// goes to stderr; the report (text or JSON, docs/check-json.md) to stdout.
import { isIP } from 'node:net';
import type { CliCommand, CliIo } from '../command';
import { UsageError } from '../command';
import { KubeApi } from '../../kube/kubeApi';
import { defaultAgentImage } from '../../cni/manifest/manifestOptions';
import { podnetUninstallSignal } from '../../cni/names';
import { runCheck } from '../../check/checkRunner';
import type { CheckRun } from '../../check/checkRunner';
import { loadProbeScript } from '../../check/probeScript';
import { checkExitCode, formatReportJson, formatReportText } from '../../core/check/formatReport';
import { cliKubeConfig } from '../cliKubeconfig';
import { choiceOption, parseOptions } from '../parseOptions';
import { terminalUi } from './cni';

const usage = `Usage: podnet check [--kubeconfig FILE] [--context NAME] [--format text|json] [--external HOST:PORT]
                    [--timeout SECONDS] [--image IMAGE] [--dry-run] [--keep] [--yes]
  Runs probe pods in the cluster (namespace podnet-check: two DaemonSets on the pod network, one on
  the host network) and reports pod → pod on the same node and across nodes (TCP, UDP, ICMP) with
  the source address the receiver saw, pod → node, node → pod, pod → the kubernetes Service and
  cluster DNS, pod → --external HOST:PORT (masqueraded or not, where the far end can tell) and a
  path-MTU probe. Results come back through the Kubernetes API only. Everything is removed at the
  end, on Ctrl+C and on error, unless --keep. --dry-run prints the objects (YAML) and creates nothing.
  --timeout bounds the whole check (pods starting and probing; default 180 s).
  Exit codes: 0 every probe passed, 1 a probe failed or never reported, 2 the check could not run
  (bad arguments, no cluster, the lab without a data plane, probe pods that never started, not confirmed).
  --yes skips the question; without a terminal and without --yes, the check refuses.`;

function parseExternal(text: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:[\]]+):(\d+)$/.exec(text);
  const port = m ? Number(m[2]) : NaN;
  if (!m || !Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--external "${text}": expected HOST:PORT (IPv6 as [ADDR]:PORT)`);
  if (m[1].includes(':') && isIP(m[1]) !== 6) throw new UsageError(`--external "${text}": "${m[1]}" is not an IPv6 address`);
  return { host: m[1], port };
}

export interface CheckArgs {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly format: 'text' | 'json';
  readonly external?: { host: string; port: number };
  readonly timeoutMs: number;
  readonly image?: string;
  readonly dryRun: boolean;
  readonly keep: boolean;
  readonly yes: boolean;
}

export function parseCheckArgs(args: string[]): CheckArgs {
  const { values: v } = parseOptions(
    args,
    {
      kubeconfig: 'string',
      context: 'string',
      format: 'string',
      external: 'string',
      timeout: 'string',
      image: 'string',
      'dry-run': 'boolean',
      keep: 'boolean',
      yes: 'boolean',
    },
    { short: { y: 'yes' } },
  );
  const format = choiceOption('format', v.format, ['text', 'json'], 'text');
  const timeout = v.timeout === undefined ? 180 : Number(v.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError('--timeout must be a positive number of seconds');
  return {
    ...(v.kubeconfig ? { kubeconfig: v.kubeconfig } : {}),
    ...(v.context ? { context: v.context } : {}),
    format,
    ...(v.external !== undefined ? { external: parseExternal(v.external) } : {}),
    timeoutMs: timeout * 1000,
    ...(v.image ? { image: v.image } : {}),
    dryRun: v['dry-run'] === true,
    keep: v.keep === true,
    yes: v.yes === true,
  };
}

/** The exit code of a run: 0/1 from the report, 2 when there is none. */
export function runExitCode(run: CheckRun): number {
  if (run.outcome === 'report') return checkExitCode(run.report);
  return run.outcome === 'dry-run' ? 0 : 2;
}

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'Prove pod networking live: probes between every pod pair, node, Service, DNS and MTU',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const a = parseCheckArgs(args);
    if (!a.dryRun && !a.yes && !io.isInteractive) {
      io.err('podnet check: no terminal to ask for confirmation; re-run with --yes (or --dry-run to see what it creates)\n');
      return 2;
    }
    const kubeConfig = cliKubeConfig('check', { kubeconfig: a.kubeconfig, context: a.context }, io);
    const api = new KubeApi(kubeConfig, { onRetry: (n) => io.err(`… retrying (${n.attempt}/${n.maxTries}) in ${n.delayMs} ms: ${n.error.message}\n`) });
    const target = { context: kubeConfig.getCurrentContext(), server: api.server };
    // The confirmation of `podnet cni install`; its plan goes to stderr so stdout stays the report.
    const ui = terminalUi({ ...io, out: io.err }, a.yes, target.context, { plan: false });
    try {
      const run = await runCheck(
        api,
        target,
        {
          probeScript: loadProbeScript(),
          timeoutMs: a.timeoutMs,
          ...(a.external ? { external: a.external } : {}),
          image: a.image ?? defaultAgentImage,
          uninstallSignal: podnetUninstallSignal,
          dryRun: a.dryRun,
          keep: a.keep,
        },
        ui,
      );
      if (run.outcome === 'dry-run') io.out(run.yaml);
      if (run.outcome === 'report') io.out(a.format === 'json' ? formatReportJson(run.report) : formatReportText(run.report));
      if (run.lines.length) io.err(`${run.lines.join('\n')}\n`);
      return runExitCode(run);
    } catch (error) {
      if (io.signal.aborted) {
        io.err('podnet check: cancelled; what the check created was removed\n');
        return 2;
      }
      throw error;
    } finally {
      api.dispose();
    }
  },
};
