// `podnet cni render | install | uninstall`: the embedded bridge CNI from the terminal.
import { createInterface } from 'node:readline/promises';
import type { CliCommand, CliIo } from '../command';
import { UsageError } from '../command';
import { KubeApi } from '../../kube/kubeApi';
import type { FlowReport, FlowUi } from '../../cni/install/installFlow';
import { runInstall, runUninstall } from '../../cni/install/installFlow';
import { loadAgentScript } from '../../cni/manifest/agentScript';
import { defaultClusterCidr, defaultNodeMaskSize } from '../../cni/manifest/manifestOptions';
import { manifestYaml, renderManifest } from '../../cni/manifest/renderManifest';
import type { Finding } from '../../core/lint/finding';
import { lintFiles } from '../../core/lint/lintEngine';
import { extractFile } from '../../core/manifests/manifestFile';
import { formatCidr, parseCidr } from '../../core/net/cidr';
import { cliKubeConfig } from '../cliKubeconfig';
import type { OptionKind } from '../parseOptions';
import { parseOptions } from '../parseOptions';

const usage = `Usage:
  podnet cni render [--cluster-cidr CIDR] [--node-mask N] [--image IMAGE] [--cni-bin-dir DIR] [--force]
                    [--no-masquerade] [--non-masquerade-cidr CIDR[,CIDR…]] [--mtu N] [--firewall-image IMAGE]
      Print the bridge CNI manifest (multi-document YAML). The manifest is linted first (the rules
      of \`podnet lint\`): an error (a reserved or invalid range) refuses with the findings (exit 2,
      --force prints it anyway); warnings (host bits, node blocks too few or too small for maxPods
      110) are printed on stderr with the manifest.
  podnet cni install [--kubeconfig FILE] [--context NAME] [--cluster-cidr CIDR] [--dry-run] [--yes]
                     [--image IMAGE] [--cni-bin-dir DIR] [--timeout SECONDS]
                     [--no-masquerade] [--non-masquerade-cidr CIDR[,CIDR…]] [--mtu N] [--firewall-image IMAGE]
      Preflight, show the plan, ask (naming the context), server-side apply, wait for the rollout and
      report per node. Re-running is idempotent ("no changes") and completes an interrupted install.
      The cluster CIDR is --cluster-cidr (one range, or IPv4,IPv6 for dual-stack), else what the
      cluster states (Podnet's settings, kubeadm-config podSubnet, kube-controller-manager
      --cluster-cidr); it is never guessed: without either, install refuses (exit 3).
  podnet cni uninstall [--kubeconfig FILE] [--context NAME] [--yes] [--cleanup-timeout SECONDS]
      Tell every node agent to remove its routes, firewall rules and conflist, then delete exactly Podnet's objects.
      A node whose agent does not confirm is a warning, and the exit code is 4.
Exit codes: 0 done, 1 refused / not confirmed / not every node ready, 2 usage or connection error,
3 the cluster states no pod network (pass --cluster-cidr), 4 a node did not confirm its clean-up.
Pods reach destinations outside the pod network with the node's address (masquerade) unless
--no-masquerade (routed networks) or the destination is in --non-masquerade-cidr. The pod MTU is
each node's uplink MTU unless --mtu.
--yes skips the question; without a terminal and without --yes, install and uninstall refuse.
Kubeconfig like kubectl (--kubeconfig, else KUBECONFIG, else ~/.kube/config); inside a pod with
none of those, its service account.`;

type Flags = Record<string, string | boolean | undefined>;

/** Every option of the three subcommands (each subcommand allows a subset). */
const optionKinds: Readonly<Record<string, OptionKind>> = {
  'cluster-cidr': 'string',
  'node-mask': 'string',
  image: 'string',
  'cni-bin-dir': 'string',
  kubeconfig: 'string',
  context: 'string',
  timeout: 'string',
  'cleanup-timeout': 'string',
  'non-masquerade-cidr': 'string',
  mtu: 'string',
  'firewall-image': 'string',
  'dry-run': 'boolean',
  yes: 'boolean',
  'no-masquerade': 'boolean',
  force: 'boolean',
};
const networkFlags = ['no-masquerade', 'non-masquerade-cidr', 'mtu', 'firewall-image'];

/** Masquerade, MTU and firewall image options, validated (a bad CIDR or MTU is a usage error). */
function networkOptions(flags: Flags): { masquerade: boolean; nonMasqueradeCidrs: string[]; mtu?: number; firewallImage?: string } {
  const nonMasqueradeCidrs = (str(flags, 'non-masquerade-cidr') ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => {
      const parsed = parseCidr(t);
      if (!parsed.ok) throw new UsageError(`--non-masquerade-cidr: ${parsed.error}`);
      return formatCidr(parsed.cidr.family, parsed.cidr.start, parsed.cidr.prefix);
    });
  const mtuText = str(flags, 'mtu');
  const mtu = mtuText === undefined ? undefined : Number(mtuText);
  if (mtu !== undefined && !(Number.isInteger(mtu) && mtu >= 576 && mtu <= 65535)) throw new UsageError('--mtu must be an integer between 576 and 65535');
  return { masquerade: flags['no-masquerade'] !== true, nonMasqueradeCidrs, mtu, firewallImage: str(flags, 'firewall-image') };
}

/** The subcommand's options: unknown options and missing values are usage errors. */
function parseFlags(args: readonly string[], allowed: readonly string[]): Flags {
  const spec = Object.fromEntries(allowed.map((name) => [name, optionKinds[name]!]));
  return parseOptions(args, spec, { unknown: 'option', short: { y: 'yes' } }).values as Flags;
}

/** Error and warning findings of `podnet lint` on the rendered manifest, linted alone. */
function rangeFindings(yaml: string): Finding[] {
  return lintFiles([extractFile('podnet-cni.yaml', yaml)]).findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
}

const str = (flags: Flags, name: string): string | undefined => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);

/**
 * --cluster-cidr like kube-controller-manager's: one range, or one IPv4 and one IPv6 range
 * comma-separated (dual-stack). Returned canonical, in the order given.
 */
export function clusterCidrFlag(flags: Flags): string | undefined {
  const value = str(flags, 'cluster-cidr');
  if (value === undefined) return undefined;
  const parts = value.split(',').map((t) => t.trim());
  if (parts.length > 2) throw new UsageError(`--cluster-cidr: at most two ranges, one per IP family (got ${parts.length})`);
  const cidrs = parts.map((t) => {
    const parsed = parseCidr(t);
    if (!parsed.ok) throw new UsageError(`--cluster-cidr: ${parsed.error}`);
    return parsed.cidr;
  });
  if (cidrs.length === 2 && cidrs[0]!.family === cidrs[1]!.family) {
    throw new UsageError(`--cluster-cidr: two IPv${cidrs[0]!.family} ranges; dual-stack takes one IPv4 and one IPv6 range`);
  }
  return cidrs.map((c) => c.text).join(',');
}

function seconds(flags: Flags, name: string, fallback: number): number {
  const value = str(flags, name);
  if (value === undefined) return fallback * 1000;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number of seconds`);
  return n * 1000;
}

function connect(flags: Flags, io: CliIo): { api: KubeApi; context: string; server: string } {
  const kubeConfig = cliKubeConfig('cni', { kubeconfig: str(flags, 'kubeconfig'), context: str(flags, 'context') }, io);
  const api = new KubeApi(kubeConfig);
  return { api, context: kubeConfig.getCurrentContext(), server: api.server };
}

/** The terminal side of a flow (also `podnet check`'s confirmation); `shown` records that the plan was printed with the question. */
export function terminalUi(io: CliIo, yes: boolean, context: string, shown: { plan: boolean }): FlowUi {
  return {
    progress: (message) => io.err(`… ${message}\n`),
    signal: io.signal,
    confirm: async (question, detail) => {
      io.out(`${detail}\n`);
      shown.plan = true;
      if (yes) return true;
      if (!io.isInteractive) throw new Error('no terminal to ask for confirmation: re-run with --yes to go ahead');
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        const answer = await rl.question(`${question}\nType the context name (${context}) to confirm: `);
        return answer.trim() === context;
      } finally {
        rl.close();
      }
    },
  };
}

/** Exit codes (docs/CNI.md): 2 is a usage or connection error (thrown, printed by the CLI). */
export const exitCodes: Record<FlowReport['outcome'], number> = {
  installed: 0,
  'no-changes': 0,
  'dry-run': 0,
  uninstalled: 0,
  'nothing-installed': 0,
  refused: 1,
  declined: 1,
  incomplete: 1,
  /** The cluster states no pod network: pass --cluster-cidr. */
  'needs-cluster-cidr': 3,
  /** Uninstalled, but a node's agent did not confirm its clean-up. */
  unconfirmed: 4,
};

function printReport(io: CliIo, report: FlowReport, planShown: boolean): void {
  const lines = [...(planShown ? [] : (report.planLines ?? [])), ...report.lines];
  (report.outcome === 'refused' || report.outcome === 'needs-cluster-cidr' ? io.err : io.out)(`${lines.join('\n')}\n`);
}

async function render(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, ['cluster-cidr', 'node-mask', 'image', 'cni-bin-dir', 'force', ...networkFlags]);
  const maskText = str(flags, 'node-mask');
  const nodeMaskSize = maskText === undefined ? defaultNodeMaskSize : Number(maskText);
  const clusterCidr = clusterCidrFlag(flags) ?? defaultClusterCidr;
  // node-mask-size is the IPv4 node mask (IPv6 node blocks come from the nodes' podCIDRs).
  const ranges = clusterCidr.split(',');
  const cluster = parseCidr(ranges.find((r) => !r.includes(':')) ?? ranges[0]!);
  const bits = cluster.ok && cluster.cidr.family === 6 ? 128 : 32;
  if (!Number.isInteger(nodeMaskSize) || !cluster.ok || nodeMaskSize < cluster.cidr.prefix || nodeMaskSize > bits) {
    throw new UsageError(`--node-mask must be an integer between the cluster prefix (/${cluster.ok ? cluster.cidr.prefix : '?'}) and ${bits}`);
  }
  const yaml = manifestYaml(
    renderManifest({
      clusterCidr,
      nodeMaskSize,
      agentScript: loadAgentScript(),
      image: str(flags, 'image'),
      hostCniBinDir: str(flags, 'cni-bin-dir'),
      ...networkOptions(flags),
    }),
  );
  // The ranges as given: a normalised --cluster-cidr would hide host bits from the linter.
  const given = str(flags, 'cluster-cidr');
  const flagged = rangeFindings(given && given !== clusterCidr ? yaml.split(`cluster-cidr: ${clusterCidr}`).join(`cluster-cidr: ${given}`) : yaml);
  const lines = (fs: Finding[]) => fs.map((f) => `  ${f.severity} ${f.code}: ${f.message}`).join('\n');
  const errors = flagged.filter((f) => f.severity === 'error');
  if (errors.length && flags.force !== true) {
    io.err(`podnet cni render: refused, the linter flags these ranges (--force renders anyway):\n${lines(flagged)}\n`);
    return 2;
  }
  if (flagged.length) io.err(`podnet cni render: ${errors.length ? 'rendered despite' : 'rendered; check'}:\n${lines(flagged)}\n`);
  io.out(yaml);
  return 0;
}

async function install(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, ['kubeconfig', 'context', 'cluster-cidr', 'dry-run', 'yes', 'image', 'cni-bin-dir', 'timeout', ...networkFlags]);
  const clusterCidr = clusterCidrFlag(flags);
  const network = networkOptions(flags);
  const rolloutTimeoutMs = seconds(flags, 'timeout', 180);
  const dryRun = flags['dry-run'] === true;
  if (!dryRun && flags.yes !== true && !io.isInteractive) {
    io.err('podnet cni install: no terminal to ask for confirmation; re-run with --yes (or --dry-run to only preview)\n');
    return 2;
  }
  const { api, context, server } = connect(flags, io);
  const shown = { plan: false };
  const report = await runInstall(
    api,
    { context, server },
    { agentScript: loadAgentScript(), clusterCidr, image: str(flags, 'image'), hostCniBinDir: str(flags, 'cni-bin-dir'), network, dryRun, rolloutTimeoutMs },
    terminalUi(io, flags.yes === true, context, shown),
  );
  printReport(io, report, shown.plan);
  return exitCodes[report.outcome];
}

async function uninstall(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, ['kubeconfig', 'context', 'yes', 'cleanup-timeout']);
  if (flags.yes !== true && !io.isInteractive) {
    io.err('podnet cni uninstall: no terminal to ask for confirmation; re-run with --yes\n');
    return 2;
  }
  const cleanupTimeoutMs = seconds(flags, 'cleanup-timeout', 60);
  const { api, context, server } = connect(flags, io);
  const shown = { plan: false };
  const report = await runUninstall(api, { context, server }, { cleanupTimeoutMs }, terminalUi(io, flags.yes === true, context, shown));
  printReport(io, report, shown.plan);
  for (const n of report.nodes.filter((x) => !x.ready)) {
    io.err(`podnet cni uninstall: warning: ${n.node} did not confirm its clean-up (see the ✗ line above)\n`);
  }
  return exitCodes[report.outcome];
}

export const cniCommand: CliCommand = {
  name: 'cni',
  summary: 'Render, install or uninstall the embedded bridge CNI',
  usage,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'render') return render(rest, io);
    if (sub === 'install') return install(rest, io);
    if (sub === 'uninstall') return uninstall(rest, io);
    throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'missing subcommand (render, install or uninstall)');
  },
};
