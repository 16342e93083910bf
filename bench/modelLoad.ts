// Cluster model at scale against the lab's generated cluster served by a SEPARATE process
// (bench/_churnLab.ts, which also streams the pod events for part 4). Prints, in one run:
//   1. time to a complete model vs a baseline that only pages the same lists and JSON.parses them
//   2. `kubectl get pods -A -o wide` on the same server (one run)
//   3. retained heap + ArrayBuffers of the model
//   4. 2,000 pod watch events/s applied with coalesced refreshes (≤ 4/s) and the event loop's
//      worst delay (perf_hooks.monitorEventLoopDelay), during the churn and during the list.
// Usage: node --expose-gc --import tsx bench/modelLoad.ts [--nodes 5000] [--pods-per-node 30] [--rate 2000] [--seconds 10] [--no-kubectl]
import { spawn, spawnSync } from 'node:child_process';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { startChurnLab } from './_churnLab';
import { jsonFloor } from './_jsonFloor';
import { heldBytes } from './_memory';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};

void main();

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
  const { clusterResources } = await import('../src/kube/clusterResources');
  const { ListWatch } = await import('../src/kube/listWatch');
  const { KubeConfig } = await import('@kubernetes/client-node');
  const { RefreshCoalescer, treeRefreshIntervalMs } = await import('../src/core/cluster/refreshCoalescer');

  console.log(`starting the lab (scale: ${nodes} nodes × ${podsPerNode} pods) in a separate process…`);
  const info = await startChurnLab(nodes, podsPerNode);
  const loaded = loadKubeconfig({ files: [info.kubeconfigPath], origin: '--kubeconfig' });
  if (loaded.kind !== 'ok') throw new Error(loaded.message);
  const kc = loaded.kubeConfig;

  // 1. baseline: page through nodes and pods, JSON.parse each page, nothing else.
  const baseline = () => jsonFloor(kc);
  // The JSON path (paged LIST, JSON): bench/protobufLoad.ts measures protobuf and watch-list.
  const jsonPath = { protobuf: false, watchList: false } as const;
  let onChange: (n: number) => void = () => undefined;
  const model = async (measureDelay: boolean) => {
    const h = monitorEventLoopDelay({ resolution: 10 });
    if (measureDelay) h.enable();
    const t0 = performance.now();
    const { watcher, status } = await connectCluster(kc, { timeoutMs: 600_000, onChange: (n) => onChange(n), ...jsonPath });
    const ms = performance.now() - t0;
    h.disable();
    if (status.kind !== 'connected') throw new Error(`model: ${JSON.stringify(status)}`);
    return { ms, watcher, maxDelayMs: h.max / 1e6 };
  };

  await baseline(); // warm-up: TLS, JIT, the lab's caches
  const runs = arg('runs', 2);
  const baseTimes: number[] = [];
  const modelTimes: number[] = [];
  let firstItems = 0;
  let worstDelay = 0;
  // Alternate, so both see the same machine load; report the best of each.
  for (let r = 0; r < runs; r++) {
    const b = await baseline();
    baseTimes.push(b.ms);
    firstItems = b.items;
    const m = await model(true);
    modelTimes.push(m.ms);
    worstDelay = Math.max(worstDelay, m.maxDelayMs);
    m.watcher.stop();
  }
  gc();
  gc();
  const heapBefore = heldBytes();
  let m2: Awaited<ReturnType<typeof model>> | undefined = await model(false);
  modelTimes.push(m2.ms);
  const pods = m2.watcher.model.podCount;
  const nodeCount = m2.watcher.model.nodeNames().length;
  const bestBase = Math.min(...baseTimes);
  const bestModel = Math.min(...modelTimes);
  const list = (xs: number[]) => xs.map((x) => (x / 1000).toFixed(2)).join(', ');
  console.log(`\n1. complete model vs baseline (${firstItems} objects listed; best of ${baseTimes.length} / ${modelTimes.length})`);
  console.log(`   baseline (page + JSON.parse):   ${(bestBase / 1000).toFixed(2)} s   (${list(baseTimes)})`);
  console.log(
    `   Podnet model (all kinds):       ${(bestModel / 1000).toFixed(2)} s   (${
      list(modelTimes)
    })  → ${nodeCount} nodes, ${pods} pods, ${m2.watcher.model.findings().length} findings`,
  );
  const findingCount = m2.watcher.model.findings().length;
  console.log(`   ratio model / baseline:         ${(bestModel / bestBase).toFixed(2)}×   (target ≤ 1.25×)`);
  console.log(`   worst event-loop delay during the loads: ${worstDelay.toFixed(1)} ms`);

  // 3. retained heap: the model alone (watches stopped, model kept).
  m2.watcher.stop();
  gc();
  gc();
  const retainedMb = (heldBytes() - heapBefore) / 1048576;
  console.log(
    `\n3. retained heap + ArrayBuffers of the model: ${
      retainedMb.toFixed(1)
    } MB for ${m2.watcher.model.podCount} pods, ${findingCount} findings (target ≤ 150 MB)`,
  );
  m2 = undefined; // the churn below runs on a fresh model; do not make the GC carry two

  // 2. kubectl, one run.
  if (!process.argv.includes('--no-kubectl')) {
    const t0 = performance.now();
    const r = spawnSync('kubectl', ['get', 'pods', '-A', '-o', 'wide', '--kubeconfig', info.kubeconfigPath], {
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: 1 << 30,
    });
    const ms = performance.now() - t0;
    console.log(
      `\n2. kubectl get pods -A -o wide (one run): ${(ms / 1000).toFixed(2)} s (exit ${r.status}) → Podnet model is ${(ms / bestModel).toFixed(1)}× faster`,
    );
  }

  // 4. churn: the model of the whole cluster is live; a separate process streams `rate` pod
  // watch events/s at it; we apply them and refresh coalesced, as the tree does.
  const live = await model(false);
  let refreshes = 0;
  let refreshedNodes = 0;
  let events = 0;
  let longestRefreshMs = 0;
  const expanded = new Set(live.watcher.model.nodeNames().slice(0, 20));
  const fireTimes: number[] = [];
  // The tree's cursor on the model's change clock.
  let cursor = 0;
  // The same interval as the session in VS Code.
  const coalescer = new RefreshCoalescer(treeRefreshIntervalMs, () => {
    fireTimes.push(performance.now());
    // What the tree does on a refresh: the changed nodes' items and pods, and the findings.
    const r0 = performance.now();
    refreshes++;
    // VS Code asks for the item of every refreshed node, and for the children of expanded ones
    // only (here: 20 expanded nodes).
    const changes = live.watcher.model.clock.changesSince(cursor);
    cursor = live.watcher.model.clock.any;
    for (const name of changes.nodes) {
      live.watcher.model.node(name);
      if (expanded.has(name)) live.watcher.model.podsOn(name);
      refreshedNodes++;
    }
    live.watcher.model.findings();
    longestRefreshMs = Math.max(longestRefreshMs, performance.now() - r0);
  });
  onChange = () => coalescer.schedule();
  const genConfig = new KubeConfig();
  genConfig.loadFromOptions({
    clusters: [{ name: 'generator', server: info.proxy, caData: Buffer.from(info.proxyCaPem).toString('base64'), skipTLSVerify: false }],
    users: [{ name: 'generator', token: 'unused' }],
    contexts: [{ name: 'generator', cluster: 'generator', user: 'generator' }],
    currentContext: 'generator',
  });
  const podKind = clusterResources(live.watcher.model).find((r) => r.spec.id === 'pods')!;
  const stream = new ListWatch(new KubeTransport(genConfig), podKind.spec, podKind.sink, {
    initialResourceVersion: '1',
    onApplied: (n) => {
      events += n;
      coalescer.schedule();
    },
  });
  stream.start();
  await new Promise((r) => setTimeout(r, 500)); // the watch connects
  cursor = live.watcher.model.clock.any;
  // Control: an idle Node process measuring its own event-loop delay over the same window shows
  // the machine's noise floor (other processes competing for the CPU delay every timer).
  const idle = spawn(process.execPath, [
    '-e',
    `const h=require('perf_hooks').monitorEventLoopDelay({resolution:10});h.enable();setTimeout(()=>{h.disable();console.log((h.max/1e6).toFixed(1)+' '+(h.percentile(99)/1e6).toFixed(1))},${
      seconds * 1000
    })`,
  ], { stdio: ['ignore', 'pipe', 'inherit'] });
  let idleOut = '';
  idle.stdout!.on('data', (d: Buffer) => (idleOut += d.toString()));
  const h = monitorEventLoopDelay({ resolution: 10 });
  const profiler = await startProfiler();
  h.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const done = await info.generate(rate, seconds);
  const sent = performance.now();
  while (events < done.emitted && performance.now() - sent < 20_000) await new Promise((r) => setTimeout(r, 20));
  const lagMs = performance.now() - sent;
  const cpu = process.cpuUsage(cpu0);
  const elapsed = (performance.now() - t0) / 1000;
  h.disable();
  await profiler?.stop();
  stream.stop();
  coalescer.dispose();
  await new Promise((r) => (idle.exitCode === null ? idle.once('exit', r) : r(undefined)));
  const [idleMax, idleP99] = idleOut.trim().split(' ');
  console.log(
    `\n4. watch churn on the ${live.watcher.model.podCount}-pod model: a separate process streamed ${done.emitted} pod events in ${
      done.seconds.toFixed(1)
    } s (${(done.emitted / done.seconds).toFixed(0)}/s)`,
  );
  console.log(`   applied here: ${events} events in ${elapsed.toFixed(1)} s (last one ${lagMs.toFixed(0)} ms after the stream finished)`);
  console.log(
    `   CPU used here: ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms = ${((cpu.user + cpu.system) / Math.max(1, events)).toFixed(0)} µs per event`,
  );
  let busiestSecond = 0;
  for (let a = 0; a < fireTimes.length; a++) {
    let b = a;
    while (b + 1 < fireTimes.length && fireTimes[b + 1]! - fireTimes[a]! <= 1000) b++;
    busiestSecond = Math.max(busiestSecond, b - a + 1);
  }
  console.log(
    `   coalesced refreshes: ${refreshes} in ${elapsed.toFixed(1)} s = ${
      (refreshes / elapsed).toFixed(2)
    }/s, at most ${busiestSecond} in any 1 s window (target ≤ 4/s); ${refreshedNodes} node refreshes, longest refresh ${longestRefreshMs.toFixed(1)} ms`,
  );
  console.log(`   event loop delay: max ${(h.max / 1e6).toFixed(1)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms (target: never > 50 ms)`);
  console.log(`   control, an idle Node process over the same ${seconds} s: max ${idleMax} ms, p99 ${idleP99} ms (this machine's scheduling noise)`);
  live.watcher.stop();
  await info.stop();
  process.exit(0);
}

/** --profile FILE: a V8 CPU profile of the churn window (to find what blocks the event loop). */
async function startProfiler(): Promise<{ stop(): Promise<void> } | undefined> {
  const i = process.argv.indexOf('--profile');
  if (i < 0) return undefined;
  const file = process.argv[i + 1]!;
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      console.log(`   CPU profile of the churn: ${file}`);
    },
  };
}
