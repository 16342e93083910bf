// The connectivity check's probe (the built dist/probe.js) against the lab's API: it watches the plan
// ConfigMap rather than polling it, and answers a plan as soon as the watch shows it. On a cluster of
// 1,000 nodes three probes per node that polled once a second would send 3,000 GETs a second.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckPlan } from '../../src/core/check/checkPlan';
import { checkNamespace, planConfigMap, planKey, resultPrefix } from '../../src/check/checkNames';
import { startLab } from '../../src/lab/startLab';
import type { RunningLab } from '../../src/lab/startLab';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A loopback port nobody listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

describe('lab: the check probe watches its plan (dist/probe.js against the lab API)', function() {
  this.timeout(60_000);
  let lab: RunningLab;
  let dir = '';
  let probe: ChildProcess | undefined;
  let output = '';

  before(async () => {
    if (!existsSync('dist/probe.js')) throw new Error('dist/probe.js is missing: run `npm run build` first');
    dir = mkdtempSync(join(tmpdir(), 'podnet-probe-watch-'));
    lab = await startLab({ scenario: 'seed', port: 0, host: '127.0.0.1' });
    lab.store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: checkNamespace } });
    writeFileSync(join(dir, 'token'), lab.token, { mode: 0o600 });
    writeFileSync(join(dir, 'ca.crt'), lab.caPem);
  });
  after(async () => {
    probe?.kill('SIGTERM');
    await lab?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the plan once while it waits, then answers a plan within a second of its creation', async () => {
    const port = await freePort();
    const planPath = `/api/v1/namespaces/${checkNamespace}/configmaps/${planConfigMap}`;
    const before = lab.requestPaths().length;
    probe = spawn(process.execPath, ['dist/probe.js'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        POD_NAME: 'probe-host-n1',
        POD_NAMESPACE: checkNamespace,
        NODE_NAME: 'n1',
        PODNET_CHECK_PORT: String(port),
        PODNET_CHECK_RUN: 'run-1',
        PODNET_API_SERVER: lab.server,
        PODNET_TOKEN_FILE: join(dir, 'token'),
        PODNET_CA_FILE: join(dir, 'ca.crt'),
      },
    });
    probe.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    probe.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    // Five seconds of waiting: a polling probe would have read the plan five times.
    await sleep(5_000);
    const waited = lab.requestPaths().slice(before);
    assert.ok(waited.includes(`/api/v1/namespaces/${checkNamespace}/configmaps`), `the probe opened no watch: ${waited.join(', ')}\n${output}`);
    assert.equal(waited.filter((p) => p === planPath).length, 1, `plan reads while waiting: ${waited.join(', ')}\n${output}`);

    // A plan naming it as its node's host probe (no pods: no probe to send, an empty outcome to write).
    const plan: CheckPlan = {
      runId: 'run-1',
      pods: [],
      hosts: [{ name: 'probe-host-n1', node: 'n1', ip: '127.0.0.1' }],
      port,
      hostPort: port,
      dns: { domain: 'cluster.local' },
      bulkBytes: 2 * 1024 * 1024,
      probeTimeoutMs: 1000,
    };
    const created = Date.now();
    lab.store.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: planConfigMap, namespace: checkNamespace },
      data: { [planKey]: JSON.stringify(plan) },
    });
    const results = () => lab.store.list('v1', 'ConfigMap', checkNamespace).filter((c) => c.metadata.name.startsWith(resultPrefix));
    while (!results().length && Date.now() - created < 10_000) await sleep(50);
    assert.equal(results().length, 1, `no result ConfigMap within 10 s\n${output}`);
    assert.ok(Date.now() - created < 1_500, `the outcome came ${Date.now() - created} ms after the plan: the probe polled, it did not watch\n${output}`);
  });
});
