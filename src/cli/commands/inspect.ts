// `podnet inspect`: the cluster network model from the terminal (text or stable JSON).
import type { CliCommand, CliIo } from '../command';
import { UsageError, writeChunks } from '../command';
import { buildInspectReport } from '../../core/cluster/inspectReport';
import { inspectJsonChunks, inspectTextChunks } from '../../core/cluster/inspectStream';
import { connectCluster } from '../../kube/connectCluster';
import { describeRetry } from '../../kube/requestRetry';
import { describeConnectFailure } from '../../kube/kubeErrors';
import { cliKubeConfig } from '../cliKubeconfig';
import { choiceOption, parseOptions } from '../parseOptions';

/** Progress lines at most this often per kind ("pods: 40,000 listed"). */
const progressEveryMs = 2_000;

const usage = `Usage: podnet inspect [--kubeconfig FILE] [--context NAME] [--format text|json] [--timeout SECONDS] [--quiet]

Connects to the cluster (kubeconfig like kubectl: --kubeconfig, else KUBECONFIG, else ~/.kube/config;
inside a pod with none of those, its service account) and prints nodes with their pod blocks (and where each block comes from), utilisation, pods and
their IPs, the CNI, the pod and service networks, and consistency findings.
JSON output is documented in docs/inspect-json.md (schemaVersion 1).
Busy servers (429, 5xx) and reset connections are retried with backoff, at least as long as the
server's Retry-After asks. --timeout: give up when nothing arrives for this long (default 60);
a large cluster may take longer than that in all. Progress goes to stderr (--quiet: errors only).
Exit codes: 0 no error findings, 1 error findings, 2 usage or connection error.`;

interface InspectArgs {
  kubeconfig?: string;
  context?: string;
  format: 'text' | 'json';
  timeoutSeconds: number;
  quiet: boolean;
}

function parseArgs(args: string[]): InspectArgs {
  const { values } = parseOptions(args, { kubeconfig: 'string', context: 'string', format: 'string', timeout: 'string', quiet: 'boolean' });
  const timeoutSeconds = values.timeout === undefined ? 60 : Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UsageError('--timeout needs a positive number of seconds');
  return {
    ...(values.kubeconfig !== undefined ? { kubeconfig: values.kubeconfig } : {}),
    ...(values.context !== undefined ? { context: values.context } : {}),
    format: choiceOption('format', values.format, ['text', 'json'], 'text'),
    timeoutSeconds,
    quiet: values.quiet === true,
  };
}

export const inspectCommand: CliCommand = {
  name: 'inspect',
  summary: 'Show the cluster network: nodes, pod blocks, pods and IPs, CNI, networks, findings',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const opts = parseArgs(args);
    const kubeConfig = cliKubeConfig('inspect', opts, io);
    const note = (text: string) => {
      if (!opts.quiet) io.err(`podnet inspect: ${text}\n`);
    };
    const lastShown = new Map<string, number>();
    const { watcher, status } = await connectCluster(kubeConfig, {
      signal: io.signal,
      stallTimeoutMs: opts.timeoutSeconds * 1000,
      maxBackoffMs: 2_000,
      // Printed once: no watches (fewer connections, fewer tunnels through a proxy-url).
      listOnly: true,
      transport: { interactive: io.isInteractive, onRetry: (path, n) => note(describeRetry(path.split('?')[0]!, n)) },
      onListProgress: (kind, listed) => {
        const now = Date.now();
        if (now - (lastShown.get(kind) ?? 0) < progressEveryMs) return;
        if (!lastShown.has(kind) && listed < 1_000) return;
        lastShown.set(kind, now);
        note(`${kind}: ${listed.toLocaleString('en-US')} listed`);
      },
    });
    try {
      if (status.kind !== 'connected') {
        const why = status.kind === 'connecting'
          ? `nothing arrived from ${watcher.server} for ${opts.timeoutSeconds} s (--timeout)`
          : describeConnectFailure(status.kind, status.error, watcher.server);
        io.err(`podnet inspect: ${why}\n`);
        return 2;
      }
      const report = buildInspectReport(watcher.model, watcher.context, watcher.server, status.limited, status.reasons);
      // Written chunk by chunk, waiting for stdout to drain: never the whole report as one string.
      await writeChunks(io, opts.format === 'json' ? inspectJsonChunks(report) : inspectTextChunks(report));
      return report.summary.errors > 0 ? 1 : 0;
    } finally {
      watcher.stop();
    }
  },
};
