// The network map of a big cluster (bench/mapRender.ts --nodes 65000 --pods-per-node 30: ~1,000,000
// pods), as the panel host builds it from a live ClusterModel and the real webview bundle draws it
// in headless Chromium. Measured in the same run: today's single-level map (the whole model: adapter
// + build + wire + VS Code's serialisation) as the baseline, then the aggregated first message
// (adapter without pods + node groups + overview + serialisation), its payload, its first frame, a
// drill-down (a group of groups, a group of nodes), and the host's pod search over every pod.
// The canvas baseline: as many plain rects as nodes in the same page.
import { ClusterModel } from '../src/core/cluster/clusterModel';
import { nodeGroupLevels } from '../src/core/cluster/nodeGroups';
import { buildMapModel } from '../src/core/map/buildMapModel';
import { buildNetworks } from '../src/core/map/buildMapModel';
import { buildOverview } from '../src/core/map/buildOverview';
import { inputFromClusterModel } from '../src/core/map/fromClusterModel';
import type { HostMessage } from '../src/core/map/mapMessages';
import { resolveScope, scopedInput } from '../src/core/map/mapScope';
import { encodeModel, plainWire } from '../src/core/map/mapWire';
import { searchPodsSteps } from '../src/core/map/podSearch';
import { runToEnd } from '../src/core/steps';
import { cpus, loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { launch, openMapPage } from '../test/e2e/map/mapPage';
import { scaleInput } from '../test/unit/map/mapFixtures';
import { median, serializeLikeVsCode } from './mapBenchUtil';

const ms = (x: number) => `${x.toFixed(0)} ms`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
/** This process's CPU time since `from` (user + system): less at the mercy of a shared machine's load than wall time. */
const cpuMs = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};
const list = (xs: number[]) => `[${xs.map((x) => x.toFixed(0)).join(', ')}]`;

function timed<T>(f: () => T): [T, number] {
  const t = performance.now();
  const r = f();
  return [r, performance.now() - t];
}

/** Each phase starts from a collected heap (with --expose-gc): none pays for the garbage of the one before. */
const collect = () => (globalThis as { gc?: () => void }).gc?.();

export async function aggregatedBench(nodes: number, podsPerNode: number, runs: number, fullFrame: boolean): Promise<void> {
  const cluster = new ClusterModel();
  const [, loadMs] = timed(() => {
    // The generated input is dropped once loaded: the extension host holds the model, not its source.
    const input = scaleInput(nodes, podsPerNode);
    for (const n of input.nodes) cluster.upsertNode({ name: n.name, internalIPs: [...n.internalIPs], ready: true, podCIDRs: n.blocks.map((b) => b.cidr) });
    for (const p of input.pods) {
      cluster.upsertPod({ namespace: p.namespace, name: p.name, nodeName: p.node, podIPs: [p.ip], hostNetwork: false, phase: 'Running', containers: [] });
    }
    cluster.findings();
  });
  console.log(
    `cluster: ${cluster.nodeNames().length} nodes, ${cluster.podCount} pods in a live ClusterModel (loaded in ${ms(loadMs)}, not part of any figure below)`,
  );

  // Baseline: today's single level, the whole model per update.
  const fullTimes: number[] = [];
  const fullCpu: number[] = [];
  let fullMessage: HostMessage | undefined;
  let fullSent = { json: 0, buffers: 0 };
  for (let i = 0; i < Math.min(runs, 3); i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    const model = buildMapModel(inputFromClusterModel('bench', cluster));
    const message: HostMessage = { type: 'model', model: encodeModel(model), status: 'bench' };
    fullSent = serializeLikeVsCode(message);
    fullTimes.push(performance.now() - t);
    fullCpu.push(cpuMs(c));
    if (fullFrame) fullMessage = message; // else let it go: the aggregated path is measured without it in the heap
    collect();
  }
  console.log(
    `baseline, the whole map (adapter + build + wire + serialisation): median ${ms(median(fullTimes))} ${list(fullTimes)} (CPU ${
      ms(median(fullCpu))
    }); payload ${mb(fullSent.json)} JSON + ${mb(fullSent.buffers)} typed arrays`,
  );

  // The aggregated first message, from nothing cached (the host's first update after connecting).
  const aggTimes: number[] = [];
  const aggCpu: number[] = [];
  let overviewMessage: HostMessage | undefined;
  let aggBytes = 0;
  let levels: ReturnType<typeof nodeGroupLevels> = undefined;
  let base = inputFromClusterModel('bench', cluster, { pods: false });
  for (let i = 0; i < runs; i++) {
    collect();
    const t = performance.now();
    const c = process.cpuUsage();
    base = inputFromClusterModel('bench', cluster, { pods: false });
    levels = nodeGroupLevels(cluster.nodeNames());
    const overview = buildOverview(base, levels!)!;
    const message: HostMessage = { type: 'overview', overview, status: 'bench' };
    aggBytes = serializeLikeVsCode(message).json;
    aggTimes.push(performance.now() - t);
    aggCpu.push(cpuMs(c));
    overviewMessage = message;
  }
  const top = (overviewMessage as Extract<HostMessage, { type: 'overview' }>).overview;
  console.log(
    `aggregated first message (adapter without pods + node groups + overview + serialisation): median ${ms(median(aggTimes))} ${list(aggTimes)} (CPU ${
      ms(median(aggCpu))
    }); payload ${mb(aggBytes)} JSON, no buffers; ${top.groups.length} groups of ${levels!.length} levels (${levels!.map((l) => l.length).join(' → ')})`,
  );
  console.log(
    `  ratio: build ${(median(aggTimes) / median(fullTimes)).toFixed(3)}× the whole map's (CPU ${(median(aggCpu) / median(fullCpu)).toFixed(3)}×); payload ${
      (aggBytes / (fullSent.json + fullSent.buffers)).toFixed(4)
    }×`,
  );

  // Drill-down: the first group of groups (when there are levels above the nodes), then its first group of nodes.
  const names = cluster.nodeNames();
  const networks = buildNetworks(base);
  const upper = levels!.length > 1 ? top.groups[0]!.group : undefined;
  const [mid, midMs] = timed(() => (upper ? buildOverview(base, levels!, upper) : undefined));
  const leafRef = { level: 0, index: 0 };
  const [leaf, leafMs] = timed(() => {
    const scope = resolveScope(levels!, names, leafRef)!;
    const own = inputFromClusterModel('bench', cluster, { nodes: scope.names });
    const model = buildMapModel(scopedInput(own, networks));
    const message: HostMessage = { type: 'model', model: encodeModel(model), status: 'bench', scope: scope.scope };
    return { message, model, bytes: serializeLikeVsCode(message) };
  });
  if (mid) console.log(`drill-down: a group of ${mid.nodes} nodes (${mid.groups.length} groups) built in ${ms(midMs)}, ${mb(JSON.stringify(mid).length)}`);
  console.log(
    `drill-down: a group of ${leaf.model.nodes.length} nodes with its ${leaf.model.pods.length} pods built in ${ms(leafMs)}, ${mb(leaf.bytes.json)} JSON + ${
      mb(leaf.bytes.buffers)
    } buffers`,
  );
  let last = cluster.pods().next().value!;
  for (const p of cluster.pods()) last = p; // the last one listed: the search's worst case
  const [found, searchMs] = timed(() => runToEnd(searchPodsSteps(cluster.pods(), (p) => p.podIPs[0] ?? '', `${last.namespace}/${last.name}`)));
  console.log(
    `pod search on the host over ${cluster.podCount} pods for the last pod listed: ${found.length} found in ${ms(searchMs)} (sliced on the extension host)`,
  );

  const browser = await launch();
  try {
    const frames: number[] = [];
    const rects: number[] = [];
    const leafFrames: number[] = [];
    const fullFrames: number[] = [];
    for (let i = 0; i < runs; i++) {
      const map = await openMapPage(browser, { width: 1400, height: 900 });
      try {
        frames.push(await map.timeFirstFrameOf(overviewMessage!));
        rects.push(await plainRects(map.page, nodes));
        const m = leaf.message as Extract<HostMessage, { type: 'model' }>;
        leafFrames.push(await map.timeFirstFrameOf({ ...m, model: plainWire(m.model) }));
        if (fullFrame && i === 0) {
          const f = fullMessage as Extract<HostMessage, { type: 'model' }>;
          fullFrames.push(await map.timeFirstFrameOf({ ...f, model: plainWire(f.model) }));
        }
      } finally {
        await map.close();
      }
    }
    const f = median(frames);
    console.log(`aggregated first frame in the webview (JSON text → parse → postMessage → frame): median ${ms(f)} over ${runs} runs ${list(frames)}`);
    console.log(`  baseline: ${nodes} plain canvas rects → frame: median ${median(rects).toFixed(1)} ms; ratio ${(f / median(rects)).toFixed(1)}x`);
    console.log(`drill-down frame (a group of nodes and its pods): median ${ms(median(leafFrames))} ${list(leafFrames)}`);
    if (fullFrames.length) console.log(`the whole map's first frame (today's single level, one run): ${ms(fullFrames[0]!)}`);
    const total = median(aggTimes) + f;
    console.log(
      `first frame, build + serialisation + draw: ${ms(total)} wall (build CPU ${ms(median(aggCpu))} + draw ${ms(f)}; load average ${
        loadavg()[0]!.toFixed(1)
      } on ${cpus().length} cores) (budget ≤ 1000 ms → ${total <= 1000 ? 'OK' : 'OVER BUDGET'})`,
    );
    if (total > 1000) process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

/** n plain rects on a fresh canvas in the page, until the next frame. */
function plainRects(page: Page, n: number): Promise<number> {
  return page.evaluate(
    (count) =>
      new Promise<number>((resolve) => {
        const t = performance.now();
        const c = document.createElement('canvas');
        c.width = 1400;
        c.height = 1000;
        document.body.appendChild(c);
        const ctx = c.getContext('2d')!;
        for (let k = 0; k < count; k++) {
          ctx.fillStyle = k % 2 ? '#3794ff' : '#808080';
          ctx.fillRect((k % 280) * 5, Math.floor(k / 280) * 4, 4, 3);
        }
        requestAnimationFrame(() => resolve(performance.now() - t));
      }),
    n,
  );
}
