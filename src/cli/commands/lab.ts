// `podnet lab up|list`: the lab cluster in the foreground, for people without a cluster and for tests.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { CliCommand, CliIo } from '../command';
import { UsageError } from '../command';
import { parseFaults } from '../../lab/labFaults';
import type { FaultSettings } from '../../lab/labFaults';
import { scenarios } from '../../lab/scenarios/scenarioCatalog';
import type { LabOptions } from '../../lab/startLab';
import { formatLabReadyLine } from '../../lab/labReadyLine';
import { startLab } from '../../lab/startLab';

const usage = `Usage: podnet lab up [--scenario NAME] [--nodes N] [--pods-per-node M] [--kubeconfig FILE]
                     [--host ADDRESS] [--port PORT] [--cluster-cidr CIDR] [--node-mask-size N] [--faults SPEC]
       podnet lab list

up    Starts the lab cluster (a local Kubernetes API server with its own CA and controllers) in
      the foreground. The kubeconfig is written once the API answers (default: a temp file); it
      has contexts named after the scenario: podnet-lab-SCENARIO (admin), podnet-lab-SCENARIO-restricted
      (may not read nodes) and kubernetes-admin@podnet-lab-SCENARIO (admin by client certificate,
      like kubeadm's admin.conf).
      Ctrl+C (SIGINT) or SIGTERM stops it and removes what it wrote.
      --host must be loopback (127.0.0.0/8) or in 198.18.0.0/15. Default scenario: seed.
      --faults: comma-separated latency=MS, error-rate=0..1, codes=500/503/429, retry-after=S,
      reset-rate=0..1, watch-cut=S, watch-gone=N, token-expired. Change them live with
      PUT /podnet-lab/faults (JSON) as the admin user.
list  Names the scenarios.`;

interface UpArgs extends LabOptions {
  faultSpec?: Partial<FaultSettings>;
}

function parseUp(args: string[]): UpArgs {
  const out: UpArgs = { scenario: 'seed' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const eq = arg.indexOf('=');
    const [flag, inline] = arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    const count = (min: number): number => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} needs an integer >= ${min}`);
      return n;
    };
    switch (flag) {
      case '--scenario': out.scenario = value(); break;
      case '--nodes': out.nodes = count(0); break;
      case '--pods-per-node': out.podsPerNode = count(0); break;
      case '--kubeconfig': out.kubeconfigPath = value(); break;
      case '--host': out.host = value(); break;
      case '--port': out.port = count(0); break;
      case '--cluster-cidr': out.clusterCidr = value(); break;
      case '--node-mask-size': out.nodeMaskSize = count(1); break;
      case '--faults':
        try {
          out.faults = parseFaults(value());
        } catch (error) {
          throw new UsageError((error as Error).message);
        }
        break;
      default: throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  if (!scenarios.some((s) => s.name === out.scenario)) throw new UsageError(`unknown scenario "${out.scenario}" (podnet lab list names them)`);
  return out;
}

async function up(args: string[], io: CliIo): Promise<number> {
  const opts = parseUp(args);
  const path = opts.kubeconfigPath;
  // Never clobber someone's real kubeconfig: only a file the lab wrote before may be replaced.
  if (path && existsSync(path) && !/name: podnet-lab\b/.test(readFileSync(path, 'utf8'))) {
    throw new UsageError(`refusing to overwrite ${path}: it is not a podnet lab kubeconfig`);
  }
  const lab = await startLab(opts);
  io.out(`Lab cluster "${opts.scenario}" is up at ${lab.server}\n`);
  io.out(`Kubeconfig: ${lab.kubeconfigPath} (contexts ${lab.contextName}, ${lab.restrictedContextName}, ${lab.certContextName})\n\n`);
  const quoted = /^[\w@%+=:,./-]+$/.test(lab.kubeconfigPath) ? lab.kubeconfigPath : `'${lab.kubeconfigPath.replace(/'/g, `'\\''`)}'`;
  io.out(`  export KUBECONFIG=${quoted}\n  kubectl get nodes -o wide\n\nPress Ctrl+C to stop.\n`);
  io.out(formatLabReadyLine({ server: lab.server, kubeconfig: lab.kubeconfigPath }));
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    else io.signal.addEventListener('abort', () => resolve(), { once: true });
    // Started by the extension: end with the parent even if it dies without a signal to us.
    if (process.env['PODNET_LAB_STDIN_LIFELINE'] === '1') process.stdin.once('close', () => resolve()).resume();
  });
  await lab.stop();
  if (path) rmSync(path, { force: true });
  io.out('Lab cluster stopped.\n');
  return 0;
}

export const labCommand: CliCommand = {
  name: 'lab',
  summary: 'Run the lab cluster (a local Kubernetes API with scenarios) in the foreground',
  usage,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'list') {
      const width = Math.max(...scenarios.map((s) => s.name.length));
      for (const s of scenarios) io.out(`${s.name.padEnd(width)}  ${s.description}\n`);
      return 0;
    }
    if (sub === 'up') return up(rest, io);
    throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'missing subcommand (up or list)');
  },
};
