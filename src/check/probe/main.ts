// Entry of the probe script, bundled to dist/probe.js and embedded in the check's ConfigMap; runs
// with `node` in the bridge CNI's image (Node's standard library only). It serves the TCP/UDP echo
// at once, waits for the runner's plan (the probe pods' IPs), runs its share of the probes and
// writes the outcome back through the Kubernetes API (its service account: get the plan, create
// its result ConfigMap). Then it keeps serving the echo for the others until it is stopped.
// PODNET_CHECK_PLAN_FILE / PODNET_CHECK_RESULT_FILE use files instead of the API (tests, debugging).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { ApiClient, ApiError } from '../../kube/inClusterApiClient';
import type { CheckPlan } from '../../core/check/checkPlan';
import type { PodOutcome } from '../../core/check/checkOutcome';
import { checkLabels, outcomeKey, planConfigMap, planKey, resultConfigMapName, resultOfLabel, runLabel } from '../checkNames';
import { startEchoServers } from './echoServer';
import { runProbes } from './runProbes';

const log = (text: string): void => {
  process.stdout.write(`${new Date().toISOString()} ${text}\n`);
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const serviceAccountDir = '/var/run/secrets/kubernetes.io/serviceaccount';

interface PlanChannel {
  readPlan(): Promise<CheckPlan | undefined>;
  writeOutcome(plan: CheckPlan, outcome: PodOutcome): Promise<void>;
}

function fileChannel(planFile: string, resultFile: string): PlanChannel {
  return {
    readPlan: async () => (existsSync(planFile) ? (JSON.parse(readFileSync(planFile, 'utf8')) as CheckPlan) : undefined),
    writeOutcome: async (_plan, outcome) => {
      writeFileSync(`${resultFile}.tmp`, JSON.stringify(outcome));
      renameSync(`${resultFile}.tmp`, resultFile);
    },
  };
}

function apiChannel(env: NodeJS.ProcessEnv, pod: string): PlanChannel {
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
  return {
    readPlan: async () => {
      try {
        const cm = await api.get<{ data?: Record<string, string> }>(`${base}/${planConfigMap}`);
        const text = cm.data?.[planKey];
        return text ? (JSON.parse(text) as CheckPlan) : undefined;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return undefined;
        throw error;
      }
    },
    writeOutcome: async (plan, outcome) => {
      const body = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: resultConfigMapName(pod), labels: { ...checkLabels, [runLabel]: plan.runId, [resultOfLabel]: pod } },
        data: { [outcomeKey]: JSON.stringify(outcome) },
      };
      try {
        await api.requestJson('POST', base, body);
      } catch (error) {
        // A restarted probe of the same run: the first outcome stands.
        if (!(error instanceof ApiError && error.status === 409)) throw error;
        log(`result ConfigMap ${body.metadata.name} exists already; keeping it`);
      }
    },
  };
}

async function main(): Promise<void> {
  const env = process.env;
  const pod = env.POD_NAME;
  if (!pod) throw new Error('POD_NAME is not set (the DaemonSet passes metadata.name through the downward API)');
  const port = Number(env.PODNET_CHECK_PORT);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`PODNET_CHECK_PORT "${env.PODNET_CHECK_PORT ?? ''}" is not a port`);
  const run = env.PODNET_CHECK_RUN;
  const servers = await startEchoServers(port);
  log(`podnet check probe ${pod} (${env.POD_IP ?? '?'} on ${env.NODE_NAME ?? '?'}) serving TCP and UDP echo on port ${port}`);
  if (servers.refused.length) log(`UDP echo not served on: ${servers.refused.join(', ')}`);
  const stop = (): void => {
    servers.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  const channel = env.PODNET_CHECK_PLAN_FILE && env.PODNET_CHECK_RESULT_FILE
    ? fileChannel(env.PODNET_CHECK_PLAN_FILE, env.PODNET_CHECK_RESULT_FILE)
    : apiChannel(env, pod);
  const waitMs = Number(env.PODNET_CHECK_WAIT_SECONDS ?? '900') * 1000;
  const deadline = Date.now() + waitMs;
  let plan: CheckPlan | undefined;
  while (Date.now() < deadline) {
    try {
      const found = await channel.readPlan();
      // A plan of another run (a leftover) is not ours to answer.
      if (found && (!run || found.runId === run)) {
        plan = found;
        break;
      }
    } catch (error) {
      log(`reading the plan: ${error instanceof Error ? error.message : String(error)}`);
    }
    await sleep(1000);
  }
  if (!plan) {
    log(`no plan within ${waitMs / 1000} s; serving the echo only`);
    return;
  }
  const outcome = await runProbes(plan, pod, { log, ...(env.PODNET_CHECK_RESOLV_CONF ? { resolvConf: env.PODNET_CHECK_RESOLV_CONF } : {}) });
  for (let attempt = 1;; attempt++) {
    try {
      await channel.writeOutcome(plan, outcome);
      log(`outcome written (${outcome.results.length} results, ${outcome.notRun.length} not run)`);
      return;
    } catch (error) {
      log(`writing the outcome (attempt ${attempt}): ${error instanceof Error ? error.message : String(error)}`);
      if (attempt >= 5) throw error;
      await sleep(1000 * attempt);
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`podnet check probe: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
