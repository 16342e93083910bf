// Model load over Kubernetes protobuf and watch-list against the lab's generated cluster served
// by a SEPARATE process (bench/_churnLab.ts). Prints, in one run, against the JSON floor
// (page + JSON.parse of nodes and pods, bench/_jsonFloor.ts) measured alternately with them:
//   1. complete model over protobuf (paged LIST)  vs the floor (target ≤ 0.5×)
//   2. complete model over JSON (paged LIST)       vs the floor (target ≤ 1.25×)
//   3. watch-list start vs paged LIST start (protobuf, and JSON): time, and the lab process's
//      peak RSS above its idle RSS while serving the initial state (sampled every 10 ms).
// And this process's CPU time for each (the client's own work, without the lab's encoding).
// Usage: node --expose-gc --import tsx bench/protobufLoad.ts [--nodes 5000] [--pods-per-node 30] [--runs 2]
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { startChurnLab } from './_churnLab';
import { jsonFloor } from './_jsonFloor';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};

/** The lab process's resident memory in MB (VmRSS). */
const rssMb = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
/** This process's CPU time (user + system) since `from`, in ms. */
const cpuSince = (from: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};
/** The lab process's CPU time (user + system) in ms, from /proc/PID/stat (clock ticks of 10 ms). */
const cpuMs = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

void main();

async function main(): Promise<void> {
  const nodes = arg('nodes', 5000);
  const podsPerNode = arg('pods-per-node', 30);
  const runs = arg('runs', 2);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (npm run bench does)');
  // Each measurement starts from a collected heap: the previous model must not slow the next load.
  const collected = <T>(f: () => Promise<T>): Promise<T> => {
    gc();
    gc();
    return f();
  };
  const { loadKubeconfig } = await import('../src/kube/kubeconfigLoader');
  const { connectCluster } = await import('../src/kube/connectCluster');

  console.log(`starting the lab (scale: ${nodes} nodes × ${podsPerNode} pods) in a separate process…`);
  const lab = await startChurnLab(nodes, podsPerNode);
  const loaded = loadKubeconfig({ files: [lab.kubeconfigPath], origin: '--kubeconfig' });
  if (loaded.kind !== 'ok') throw new Error(loaded.message);
  const kc = loaded.kubeConfig;

  const variants = {
    'protobuf, paged LIST': { protobuf: true, watchList: false },
    'JSON, paged LIST': { protobuf: false, watchList: false },
    'protobuf, watch-list': { protobuf: true, watchList: true },
    'JSON, watch-list': { protobuf: false, watchList: true },
  } as const;
  type Variant = keyof typeof variants;

  /** One complete model load; the lab's peak RSS over its RSS just before, sampled every 10 ms. */
  const load = async (variant: Variant) => {
    const before = rssMb(lab.pid);
    const cpu0 = cpuMs(lab.pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(lab.pid))), 10);
    const t0 = performance.now();
    const own0 = process.cpuUsage();
    const { watcher, status } = await connectCluster(kc, { timeoutMs: 600_000, ...variants[variant] });
    const ms = performance.now() - t0;
    const ownCpuMs = cpuSince(own0);
    clearInterval(sampler);
    peak = Math.max(peak, rssMb(lab.pid));
    if (status.kind !== 'connected') throw new Error(`${variant}: ${JSON.stringify(status)}`);
    const pods = watcher.model.podCount;
    const nodeCount = watcher.model.nodeNames().length;
    watcher.stop();
    return { ms, pods, nodes: nodeCount, labPeakMb: peak - before, labCpuMs: cpuMs(lab.pid) - cpu0, ownCpuMs };
  };

  // Warm-up: TLS, JIT, and the lab's per-object caches (its JSON and protobuf encodings).
  await collected(() => jsonFloor(kc));
  for (const v of Object.keys(variants) as Variant[]) await collected(() => load(v));

  const floor: number[] = [];
  const times: Record<Variant, number[]> = { 'protobuf, paged LIST': [], 'JSON, paged LIST': [], 'protobuf, watch-list': [], 'JSON, watch-list': [] };
  const labPeak: Record<Variant, number[]> = { 'protobuf, paged LIST': [], 'JSON, paged LIST': [], 'protobuf, watch-list': [], 'JSON, watch-list': [] };
  const labCpu: Record<Variant, number[]> = { 'protobuf, paged LIST': [], 'JSON, paged LIST': [], 'protobuf, watch-list': [], 'JSON, watch-list': [] };
  const ownCpu: Record<Variant, number[]> = { 'protobuf, paged LIST': [], 'JSON, paged LIST': [], 'protobuf, watch-list': [], 'JSON, watch-list': [] };
  const floorCpu: number[] = [];
  let objects = 0;
  let shape = '';
  // Alternate, so all see the same machine load; report the best of each.
  for (let r = 0; r < runs; r++) {
    const own0 = process.cpuUsage();
    const f = await collected(() => jsonFloor(kc));
    floorCpu.push(cpuSince(own0));
    floor.push(f.ms);
    objects = f.items;
    for (const v of Object.keys(variants) as Variant[]) {
      const m = await collected(() => load(v));
      times[v].push(m.ms);
      labPeak[v].push(m.labPeakMb);
      labCpu[v].push(m.labCpuMs);
      ownCpu[v].push(m.ownCpuMs);
      shape = `${m.nodes} nodes, ${m.pods} pods`;
    }
  }
  const best = (xs: number[]) => Math.min(...xs);
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const all = (xs: number[]) => xs.map((x) => (x / 1000).toFixed(2)).join(', ');
  const base = best(floor);
  console.log(`\nload average at the end (1/5/15 min): ${loadavg().map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} CPUs`);
  console.log(`\nmodel load vs the JSON floor (${objects} nodes+pods listed; model: ${shape}; best of ${runs})`);
  console.log(`   JSON floor (page + JSON.parse):     ${s(base)}   (${all(floor)})`);
  for (const v of Object.keys(variants) as Variant[]) {
    console.log(`   model, ${v.padEnd(22)}      ${s(best(times[v]))}   (${all(times[v])})  → ${(best(times[v]) / base).toFixed(2)}× the floor`);
  }
  console.log(`\n1. protobuf (paged LIST) / JSON floor:   ${(best(times['protobuf, paged LIST']) / base).toFixed(2)}×   (target ≤ 0.5×)`);
  console.log(`2. JSON (paged LIST) / JSON floor:       ${(best(times['JSON, paged LIST']) / base).toFixed(2)}×   (target ≤ 1.25×)`);
  // Wall time on 2 shared cores is mostly the lab's encoding (a JavaScript server, where a real API
  // server's protobuf is cheaper than its JSON): Podnet's own share, in CPU time of this process.
  const floorOwn = best(floorCpu);
  console.log(
    `   this process's CPU (the client's own work): JSON floor ${s(floorOwn)}; ${
      (Object.keys(variants) as Variant[]).map((v) => `${v} ${s(best(ownCpu[v]))} (${(best(ownCpu[v]) / floorOwn).toFixed(2)}×)`).join('; ')
    }`,
  );
  const mb = (xs: number[]) => `${Math.max(...xs).toFixed(0)} MB`;
  console.log("3. watch-list start vs paged LIST start (time; the lab's peak RSS above idle while serving it, worst of the runs)");
  for (const enc of ['protobuf', 'JSON'] as const) {
    const wl = `${enc}, watch-list` as Variant;
    const pl = `${enc}, paged LIST` as Variant;
    console.log(
      `   ${enc.padEnd(8)} watch-list ${s(best(times[wl]))}, lab +${mb(labPeak[wl])}   paged LIST ${s(best(times[pl]))}, lab +${
        mb(labPeak[pl])
      }   → time ratio ${(best(times[wl]) / best(times[pl])).toFixed(2)}×`,
    );
    // On 2 shared cores the lab's CPU is taken from the client's: what each start costs the lab itself.
    console.log(`            the lab's CPU serving it: watch-list ${s(best(labCpu[wl]))}, paged LIST ${s(best(labCpu[pl]))} (best of the runs)`);
  }
  await lab.stop();
  process.exit(0);
}
