// Cluster model at scale against the lab's generated cluster served by a SEPARATE process
// (this file re-runs itself with --serve-lab). Prints, in one run:
//   1. time to a complete model vs a baseline that only pages the same lists and JSON.parses them
//   2. `kubectl get pods -A -o wide` on the same server (one run)
//   3. retained heap of the model
//   4. 2,000 pod watch events/s applied with coalesced refreshes (≤ 4/s) and the event loop's
//      worst delay (perf_hooks.monitorEventLoopDelay), during the churn and during the list.
// Usage: node --expose-gc --import tsx bench/modelLoad.ts [--nodes 5000] [--pods-per-node 30] [--rate 2000] [--seconds 10] [--no-kubectl]
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};

if (process.argv.includes('--serve-lab')) void serveLab();
else void main();

// ---------------------------------------------------------------- the lab process

async function serveLab(): Promise<void> {
  const { startLab } = await import('../src/lab/startLab');
  const lab = await startLab({ scenario: 'scale', nodes: arg('nodes', 5000), podsPerNode: arg('pods-per-node', 30) });
  process.stdout.write(`${JSON.stringify({ server: lab.server, kubeconfigPath: lab.kubeconfigPath })}\n`);
  const pods = lab.store.list('v1', 'Pod').filter((p) => !(p.spec as { hostNetwork?: boolean } | undefined)?.hostNetwork);
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const [cmd, a, b] = line.split(' ');
    if (cmd === 'churn') {
      const rate = Number(a);
      const seconds = Number(b);
      let emitted = 0;
      let i = 0;
      // Copies made up front so the timed loop only does the store's own work.
      const copies = pods.slice(0, Math.ceil((rate * seconds) / 2)).map((p) => {
        const c = structuredClone(p) as typeof p & { metadata: { resourceVersion?: string } };
        delete c.metadata.resourceVersion;
        return c;
      });
      const start = performance.now();
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          const due = Math.min(rate * seconds, Math.round(((performance.now() - start) / 1000) * rate));
          while (emitted < due && i < copies.length) {
            // A pod re-created under the same name (DELETED + ADDED), as a rollout does.
            const c = copies[i++]!;
            lab.store.delete({ apiVersion: 'v1', kind: 'Pod', namespace: c.metadata.namespace!, name: c.metadata.name });
            lab.store.create(c as never);
            emitted += 2;
          }
          if (emitted >= rate * seconds || i >= copies.length) {
            clearInterval(timer);
            resolve();
          }
        }, 10);
      });
      process.stdout.write(`${JSON.stringify({ emitted, seconds: (performance.now() - start) / 1000 })}\n`);
    } else if (cmd === 'stop') {
      await lab.stop();
      process.exit(0);
    }
  }
}

// ---------------------------------------------------------------- the measuring process

async function main(): Promise<void> {
  const nodes = arg('nodes', 5000);
  const podsPerNode = arg('pods-per-node', 30);
  const rate = arg('rate', 2000);
  const seconds = arg('seconds', 10);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (npm run bench does)');

  const { loadKubeconfig } = await import('../src/kube/kubeconfigLoader');
  const { KubeTransport } = await import('../src/kube/kubeTransport');
  const { connectCluster } = await import('../src/kube/connectCluster');
  const { RefreshCoalescer } = await import('../src/core/cluster/refreshCoalescer');

  console.log(`starting the lab (scale: ${nodes} nodes × ${podsPerNode} pods) in a separate process…`);
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/modelLoad.ts', '--serve-lab', '--nodes', String(nodes), '--pods-per-node', String(podsPerNode)], {
    stdio: ['pipe', 'pipe', 'inherit'],
    detached: true,
  });
  const killChild = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('exit', killChild);
  const out = createInterface({ input: child.stdout! });
  const replies = out[Symbol.asyncIterator]();
  const next = async () => JSON.parse(((await replies.next()).value as string) ?? 'null') as Record<string, unknown>;
  const info = (await next()) as { server: string; kubeconfigPath: string };
  const loaded = loadKubeconfig({ files: [info.kubeconfigPath], origin: '--kubeconfig' });
  if (loaded.kind !== 'ok') throw new Error(loaded.message);
  const kc = loaded.kubeConfig;

  // 1. baseline: page through nodes and pods, JSON.parse each page, nothing else.
  const baseline = async () => {
    const t = new KubeTransport(kc);
    const t0 = performance.now();
    let items = 0;
    for (const path of ['/api/v1/nodes', '/api/v1/pods']) {
      let cont: string | undefined;
      do {
        const text = await t.get(`${path}?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
        const page = JSON.parse(text) as { metadata?: { continue?: string }; items?: unknown[] };
        items += page.items?.length ?? 0;
        cont = page.metadata?.continue || undefined;
      } while (cont);
    }
    t.dispose();
    return { ms: performance.now() - t0, items };
  };
  let onChange: (n: number) => void = () => undefined;
  const model = async (measureDelay: boolean) => {
    const h = monitorEventLoopDelay({ resolution: 10 });
    if (measureDelay) h.enable();
    const t0 = performance.now();
    const { watcher, status } = await connectCluster(kc, { timeoutMs: 600_000, onChange: (n) => onChange(n) });
    const ms = performance.now() - t0;
    h.disable();
    if (status.kind !== 'connected') throw new Error(`model: ${JSON.stringify(status)}`);
    return { ms, watcher, maxDelayMs: h.max / 1e6 };
  };

  await baseline(); // warm-up: TLS, JIT, the lab's caches
  const b1 = await baseline();
  const m1 = await model(true);
  m1.watcher.stop();
  const b2 = await baseline();
  gc();
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const m2 = await model(false);
  const pods = m2.watcher.model.podCount;
  const nodeCount = m2.watcher.model.nodeNames().length;
  const bestBase = Math.min(b1.ms, b2.ms);
  const bestModel = Math.min(m1.ms, m2.ms);
  console.log(`\n1. complete model vs baseline (${b1.items} objects listed; best of 2 each)`);
  console.log(`   baseline (page + JSON.parse):   ${(bestBase / 1000).toFixed(2)} s   (${(b1.ms / 1000).toFixed(2)}, ${(b2.ms / 1000).toFixed(2)})`);
  console.log(`   Podnet model (all kinds):       ${(bestModel / 1000).toFixed(2)} s   (${(m1.ms / 1000).toFixed(2)}, ${(m2.ms / 1000).toFixed(2)})  → ${nodeCount} nodes, ${pods} pods, ${m2.watcher.model.findings().length} findings`);
  console.log(`   ratio model / baseline:         ${(bestModel / bestBase).toFixed(2)}×   (target ≤ 1.25×)`);
  console.log(`   worst event-loop delay during the first load: ${m1.maxDelayMs.toFixed(1)} ms`);

  // 3. retained heap: the model alone (watches stopped, model kept).
  const liveModel = m2.watcher.model;
  m2.watcher.stop();
  gc();
  gc();
  const retainedMb = (process.memoryUsage().heapUsed - heapBefore) / 1048576;
  console.log(`\n3. retained heap of the model: ${retainedMb.toFixed(1)} MB for ${liveModel.podCount} pods (target ≤ 150 MB)`);

  // 2. kubectl, one run.
  if (!process.argv.includes('--no-kubectl')) {
    const t0 = performance.now();
    const r = spawnSync('kubectl', ['get', 'pods', '-A', '-o', 'wide', '--kubeconfig', info.kubeconfigPath], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
    const ms = performance.now() - t0;
    console.log(`\n2. kubectl get pods -A -o wide (one run): ${(ms / 1000).toFixed(2)} s (exit ${r.status}) → Podnet model is ${(ms / bestModel).toFixed(1)}× faster`);
  }

  // 4. churn: the lab process emits `rate` pod events/s; we apply them and refresh coalesced.
  const live = await model(false);
  let refreshes = 0;
  let refreshedNodes = 0;
  let events = 0;
  const coalescer = new RefreshCoalescer(250, () => {
    // What the tree does on a refresh: the changed nodes' items and pods, and the findings.
    refreshes++;
    const changes = live.watcher.model.drainChanges();
    for (const name of changes.nodes) {
      live.watcher.model.node(name);
      live.watcher.model.podsOn(name);
      refreshedNodes++;
    }
    live.watcher.model.findings();
  });
  onChange = (n: number) => {
    events += n;
    coalescer.schedule();
  };
  live.watcher.model.drainChanges();
  // Control: an idle Node process measuring its own event-loop delay over the same window shows
  // the machine's noise floor (other processes competing for the CPU delay every timer).
  const idle = spawn(process.execPath, ['-e', `const h=require('perf_hooks').monitorEventLoopDelay({resolution:10});h.enable();setTimeout(()=>{h.disable();console.log((h.max/1e6).toFixed(1)+' '+(h.percentile(99)/1e6).toFixed(1))},${seconds * 1000})`], { stdio: ['ignore', 'pipe', 'inherit'] });
  let idleOut = '';
  idle.stdout!.on('data', (d: Buffer) => (idleOut += d.toString()));
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  child.stdin!.write(`churn ${rate} ${seconds}\n`);
  const done = (await next()) as { emitted: number; seconds: number };
  // Let the last events arrive (the lab may still be sending).
  const sent = performance.now();
  while (events < done.emitted && performance.now() - sent < 20_000) await new Promise((r) => setTimeout(r, 20));
  const lagMs = performance.now() - sent;
  const cpu = process.cpuUsage(cpu0);
  const elapsed = (performance.now() - t0) / 1000;
  h.disable();
  coalescer.dispose();
  console.log(`\n4. watch churn: lab emitted ${done.emitted} pod events in ${done.seconds.toFixed(1)} s (${(done.emitted / done.seconds).toFixed(0)}/s)`);
  console.log(`   applied here: ${events} events in ${elapsed.toFixed(1)} s (${(events / elapsed).toFixed(0)}/s; last one ${lagMs.toFixed(0)} ms after the lab finished), model ${live.watcher.model.podCount} pods`);
  console.log(`   CPU used here: ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms = ${((cpu.user + cpu.system) / Math.max(1, events)).toFixed(0)} µs per event (capacity ≈ ${(1e6 / ((cpu.user + cpu.system) / Math.max(1, events))).toFixed(0)} events/s on one core)`);
  console.log(`   coalesced refreshes: ${refreshes} in ${elapsed.toFixed(1)} s = ${(refreshes / elapsed).toFixed(2)}/s (target ≤ 4/s), ${refreshedNodes} node refreshes`);
  await new Promise((r) => (idle.exitCode === null ? idle.once('exit', r) : r(undefined)));
  const [idleMax, idleP99] = idleOut.trim().split(' ');
  console.log(`   event loop delay: max ${(h.max / 1e6).toFixed(1)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms (target: never > 50 ms)`);
  console.log(`   control, an idle Node process over the same ${seconds} s: max ${idleMax} ms, p99 ${idleP99} ms (this machine's scheduling noise)`);
  live.watcher.stop();
  child.stdin!.write('stop\n');
  await new Promise((r) => child.once('exit', r));
  process.exit(0);
}
