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
import { integerOption, parseOptions } from '../parseOptions';
import { dataplaneUnavailable } from '../../lab/dataplane/labDataplane';

const usage = `Usage: podnet lab up [--scenario NAME] [--nodes N] [--pods-per-node M] [--kubeconfig FILE]
                     [--host ADDRESS] [--port PORT] [--cluster-cidr CIDR] [--node-mask-size N] [--faults SPEC]
                     [--dataplane]
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
      --dataplane (root only; scenario no-cni or empty): real pods. Every node is a network
      namespace on a LAN (198.18.0.0/24) in a namespace of its own, pod networks come from
      198.19.0.0/16, the CNI DaemonSet's agent and pods' commands run as processes and the real
      CNI plugins give pods their IPs. Needs iproute2, util-linux, iptables and
      containernetworking-plugins. Everything is removed on stop; a later start sweeps what a
      killed lab left.
list  Names the scenarios.`;

interface UpArgs extends LabOptions {
  faultSpec?: Partial<FaultSettings>;
}

function parseUp(args: string[]): UpArgs {
  const { values: v } = parseOptions(args, {
    scenario: 'string',
    nodes: 'string',
    'pods-per-node': 'string',
    kubeconfig: 'string',
    host: 'string',
    port: 'string',
    'cluster-cidr': 'string',
    'node-mask-size': 'string',
    faults: 'string',
    dataplane: 'boolean',
  });
  const out: UpArgs = { scenario: v.scenario ?? 'seed' };
  const set = <K extends keyof UpArgs>(key: K, value: UpArgs[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  set('nodes', integerOption('nodes', v.nodes, 0));
  set('podsPerNode', integerOption('pods-per-node', v['pods-per-node'], 0));
  set('kubeconfigPath', v.kubeconfig);
  set('host', v.host);
  set('port', integerOption('port', v.port, 0));
  set('clusterCidr', v['cluster-cidr']);
  set('nodeMaskSize', integerOption('node-mask-size', v['node-mask-size'], 1));
  if (v.dataplane) out.dataplane = true;
  if (v.faults !== undefined) {
    try {
      out.faults = parseFaults(v.faults);
    } catch (error) {
      throw new UsageError((error as Error).message);
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
  if (opts.dataplane) {
    const why = dataplaneUnavailable();
    if (why) throw new UsageError(why);
  }
  const lab = await startLab(opts);
  io.out(`Lab cluster "${opts.scenario}" is up at ${lab.server}\n`);
  io.out(`Kubeconfig: ${lab.kubeconfigPath} (contexts ${lab.contextName}, ${lab.restrictedContextName}, ${lab.certContextName})\n\n`);
  if (lab.dataplane) {
    io.out(
      `Data plane: nodes ${lab.dataplane.nodeNames().join(', ') || '(none yet)'} in network namespaces ${
        lab.dataplane.network.ns('*')
      }; nodes reach the API at https://${lab.dataplane.apiHost}:${lab.dataplane.apiPort}\n`,
    );
    io.out('  podnet cni install --yes --cluster-cidr 198.19.0.0/16   # then watch the nodes turn Ready\n\n');
  }
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
