// Entry of the probe script, bundled to dist/probe.js and embedded in the check's ConfigMap; runs
// with `node` in the bridge CNI's image (Node's standard library only). It serves the TCP/UDP echo
// at once, writes its readiness marker (PODNET_CHECK_READY_FILE) once the echo listens, waits for
// the runner's plan (the probe pods' IPs), runs its share of the probes and writes the outcome back
// through the Kubernetes API (its service account: get the plan, create its result ConfigMaps).
// Then it keeps serving the echo for the others, and answers the plan of a later check that adopts
// it (`podnet check --keep` leaves the probes), until it is stopped. A pod probe that cannot reach
// the API goes through its node's hostNetwork probe (resultRelay.ts).
// PODNET_CHECK_PLAN_FILE / PODNET_CHECK_RESULT_FILE use files instead of the API (tests, debugging).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ApiClient, ApiError } from '../../kube/inClusterApiClient';
import type { CheckPlan } from '../../core/check/checkPlan';
import type { PodOutcome } from '../../core/check/checkOutcome';
import { planConfigMap, planKey } from '../checkNames';
import { resultConfigMaps } from '../resultObjects';
import type { RelayHandler } from './resultRelay';
import { relayOutcome, relayPlan, relayTarget } from './resultRelay';
import { startEchoServers } from './echoServer';
import { PlanWatch } from './planWatch';
import { runProbes } from './runProbes';

const log = (text: string): void => {
  process.stdout.write(`${new Date().toISOString()} ${text}\n`);
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const serviceAccountDir = '/var/run/secrets/kubernetes.io/serviceaccount';

interface PlanChannel {
  readPlan(): Promise<CheckPlan | undefined>;
  writeOutcome(plan: CheckPlan, outcome: PodOutcome): Promise<void>;
  /** Resolves when the plan may have changed, at the latest after `pollMs` (without a watch). */
  planChanged(pollMs: number): Promise<void>;
  close(): void;
}

function fileChannel(planFile: string, resultFile: string): PlanChannel {
  return {
    readPlan: async () => (existsSync(planFile) ? (JSON.parse(readFileSync(planFile, 'utf8')) as CheckPlan) : undefined),
    writeOutcome: async (_plan, outcome) => {
      writeFileSync(`${resultFile}.tmp`, JSON.stringify(outcome));
      renameSync(`${resultFile}.tmp`, resultFile);
    },
    planChanged: sleep,
    close: () => {},
  };
}

function apiChannel(env: NodeJS.ProcessEnv): PlanChannel {
  const namespace = env.POD_NAMESPACE;
  if (!namespace) throw new Error('POD_NAMESPACE is not set (the DaemonSet passes metadata.namespace through the downward API)');
  let server = env.PODNET_API_SERVER;
  if (!server) {
    const host = env.KUBERNETES_SERVICE_HOST;
    if (!host) throw new Error('neither PODNET_API_SERVER nor KUBERNETES_SERVICE_HOST is set');
    server = `https://${host.includes(':') ? `[${host}]` : host}:${env.KUBERNETES_SERVICE_PORT ?? '443'}`;
  }
  const api = new ApiClient(server, env.PODNET_TOKEN_FILE ?? `${serviceAccountDir}/token`, env.PODNET_CA_FILE ?? `${serviceAccountDir}/ca.crt`);
  const base = `/api/v1/namespaces/${encodeURIComponent(namespace)}/configmaps`;
  const watch = new PlanWatch(api, base, planConfigMap, log);
  return {
    readPlan: async () => {
      try {
        // Short: a pod network that cannot reach the API must not hold the relay up for long.
        const cm = await api.requestJson<{ data?: Record<string, string> }>('GET', `${base}/${planConfigMap}`, undefined, undefined, 5000);
        const text = cm.data?.[planKey];
        return text ? (JSON.parse(text) as CheckPlan) : undefined;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return undefined;
        throw error;
      }
    },
    writeOutcome: async (plan, outcome) => {
      // In parts under the ConfigMap size limit; a retry skips the parts written already.
      for (const body of resultConfigMaps(plan.runId, outcome)) {
        try {
          await api.requestJson('POST', base, body, undefined, 10_000);
        } catch (error) {
          // A restarted probe of the same run, or a retry: the first write stands.
          if (!(error instanceof ApiError && error.status === 409)) throw error;
          log(`result ConfigMap ${body.metadata.name} exists already; keeping it`);
        }
      }
    },
    planChanged: (pollMs) => watch.changed(pollMs),
    close: () => watch.close(),
  };
}

/** A pod probe's channel with its node's hostNetwork probe as the fallback when the API is out of reach. */
function withRelay(inner: PlanChannel, host: string, port: number): PlanChannel {
  const fallback = async <T>(what: string, direct: () => Promise<T>, relayed: () => Promise<T>): Promise<T> => {
    try {
      return await direct();
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      try {
        const value = await relayed();
        log(`${what} through the node's host probe at ${host}:${port} (the API directly: ${why})`);
        return value;
      } catch (relayError) {
        throw new Error(`${why}; through the host probe: ${relayError instanceof Error ? relayError.message : String(relayError)}`);
      }
    }
  };
  return {
    readPlan: () => fallback('plan read', () => inner.readPlan(), () => relayPlan(host, port)),
    writeOutcome: (plan, outcome) =>
      fallback('outcome written', () => inner.writeOutcome(plan, outcome), () => relayOutcome(host, port, { runId: plan.runId, outcome })),
    planChanged: (pollMs) => inner.planChanged(pollMs),
    close: () => inner.close(),
  };
}

/** The host probe's relay for its node's pod probes: the plans it read, and their outcomes written with its own account. */
function relayServer(node: string, channel: PlanChannel): RelayHandler & { seen(plan: CheckPlan): void } {
  const plans = new Map<string, CheckPlan>();
  let latest: string | undefined;
  return {
    seen: (plan) => {
      plans.set(plan.runId, plan);
      latest = JSON.stringify(plan);
    },
    plan: () => latest,
    outcome: async (peer, body) => {
      const { plan, outcome } = relayTarget(plans, node, peer, body);
      await channel.writeOutcome(plan, outcome);
      log(`run ${plan.runId}: relayed the outcome of ${outcome.pod}`);
    },
  };
}

/** Plans this probe answers: of the run that created it (or adopted it). */
const ours = (plan: CheckPlan, run: string | undefined): boolean => !run || (plan.probeRun ?? plan.runId) === run;

async function answer(channel: PlanChannel, plan: CheckPlan, pod: string, env: NodeJS.ProcessEnv): Promise<void> {
  const outcome = await runProbes(plan, pod, { log, ...(env.PODNET_CHECK_RESOLV_CONF ? { resolvConf: env.PODNET_CHECK_RESOLV_CONF } : {}) });
  for (let attempt = 1;; attempt++) {
    try {
      await channel.writeOutcome(plan, outcome);
      log(`run ${plan.runId}: outcome written (${outcome.results.length} results, ${outcome.notRun.length} not run)`);
      return;
    } catch (error) {
      log(`writing the outcome (attempt ${attempt}): ${error instanceof Error ? error.message : String(error)}`);
      if (attempt >= 5) throw error;
      await sleep(1000 * attempt);
    }
  }
}

async function main(): Promise<void> {
  const env = process.env;
  const pod = env.POD_NAME;
  if (!pod) throw new Error('POD_NAME is not set (the DaemonSet passes metadata.name through the downward API)');
  const port = Number(env.PODNET_CHECK_PORT);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`PODNET_CHECK_PORT "${env.PODNET_CHECK_PORT ?? ''}" is not a port`);
  const run = env.PODNET_CHECK_RUN;
  const direct = env.PODNET_CHECK_PLAN_FILE && env.PODNET_CHECK_RESULT_FILE
    ? fileChannel(env.PODNET_CHECK_PLAN_FILE, env.PODNET_CHECK_RESULT_FILE)
    : apiChannel(env);
  const node = env.NODE_NAME;
  const relay = env.PODNET_CHECK_RELAY === 'serve' && node ? relayServer(node, direct) : undefined;
  const relayPort = Number(env.PODNET_CHECK_RELAY_PORT);
  const channel = env.HOST_IP && Number.isInteger(relayPort) && relayPort > 0 && !relay ? withRelay(direct, env.HOST_IP, relayPort) : direct;
  const servers = await startEchoServers(port, relay);
  log(`podnet check probe ${pod} (${env.POD_IP ?? '?'} on ${env.NODE_NAME ?? '?'}) serving TCP and UDP echo on port ${port}`);
  if (servers.refused.length) log(`UDP echo not served on: ${servers.refused.join(', ')}`);
  // Every listener is bound: the pod's readinessProbe finds the marker and the pod turns Ready.
  const readyAt = env.PODNET_CHECK_READY_FILE;
  if (readyAt) {
    mkdirSync(dirname(readyAt), { recursive: true });
    writeFileSync(readyAt, `${new Date().toISOString()} port ${port}\n`);
  }
  const stop = (): void => {
    servers.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  const waitMs = Number(env.PODNET_CHECK_WAIT_SECONDS ?? '900') * 1000;
  const deadline = Date.now() + waitMs;
  const answered = new Set<string>();
  // Every plan of ours once: the first within the wait, later ones when a check adopts these
  // probes (they were kept with --keep); between plans only the echo serves, and polls (without a
  // watch) are rarer.
  for (;;) {
    if (!answered.size && Date.now() > deadline) {
      log(`no plan within ${waitMs / 1000} s; serving the echo only`);
      channel.close();
      return;
    }
    try {
      const found = await channel.readPlan();
      if (found && ours(found, run)) relay?.seen(found);
      if (found && ours(found, run) && !answered.has(found.runId)) {
        answered.add(found.runId);
        await answer(channel, found, pod, env);
      }
    } catch (error) {
      log(`run: ${error instanceof Error ? error.message : String(error)}`);
    }
    await channel.planChanged(answered.size ? 3000 : 1000);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`podnet check probe: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
