// `podnet inspect` as a whole process against the lab's generated cluster served by a SEPARATE
// process (bench/_churnLab.ts), vs the floor measured alternately in the same run: a process
// that pages the same node and pod lists (limit=500) and only JSON.parses them
// (bench/_jsonFloorProcess.ts, bundled with the same esbuild options as dist/cli.js, so both pay
// the same start-up). Each is timed from spawn to exit; stdout goes to /dev/null.
//   floor                                   (baseline)
//   node dist/cli.js inspect --format json  (target ≤ 1.25× the floor)
//   node dist/cli.js inspect --format text  (target ≤ 1.25× the floor)
// Usage: node --import tsx bench/inspectProcess.ts [--nodes 5000] [--pods-per-node 30] [--runs 3]
//        [--profile DIR]  (one more run of each CLI format with --cpu-prof into DIR)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as esbuild from 'esbuild';
import { startChurnLab } from './_churnLab';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const argText = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

/** Runs one process to its end with stdout on /dev/null; wall time, exit code and its stderr. */
function timed(args: string[]): Promise<{ ms: number; code: number | null; stderr: string }> {
  const devNull = openSync('/dev/null', 'w');
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', devNull, 'pipe'] });
  closeSync(devNull);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ ms: performance.now() - t0, code, stderr })));
}

void main();

async function main(): Promise<void> {
  const nodes = arg('nodes', 5000);
  const podsPerNode = arg('pods-per-node', 30);
  const runs = arg('runs', 3);
  const profileDir = argText('profile');

  // The product build (dist/cli.js) and the floor bundled the same way.
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const work = mkdtempSync(join(tmpdir(), 'podnet-inspect-bench-'));
  const floorJs = join(work, 'floor.js');
  await esbuild.build({
    entryPoints: ['bench/_jsonFloorProcess.ts'],
    outfile: floorJs,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    mainFields: ['module', 'main'],
    external: ['vscode'],
  });

  console.log(`starting the lab (scale: ${nodes} nodes × ${podsPerNode} pods) in a separate process…`);
  const lab = await startChurnLab(nodes, podsPerNode);
  const commands = {
    floor: [floorJs, lab.kubeconfigPath],
    'inspect --format json': ['dist/cli.js', 'inspect', '--kubeconfig', lab.kubeconfigPath, '--format', 'json', '--quiet', '--timeout', '600'],
    'inspect --format text': ['dist/cli.js', 'inspect', '--kubeconfig', lab.kubeconfigPath, '--format', 'text', '--quiet', '--timeout', '600'],
  } as const;
  type Name = keyof typeof commands;
  const names = Object.keys(commands) as Name[];
  const times: Record<Name, number[]> = { floor: [], 'inspect --format json': [], 'inspect --format text': [] };
  const run = async (name: Name) => {
    const r = await timed([...commands[name]]);
    // inspect exits 1 when the model has error findings; 2 is a usage or connection error.
    if (r.code !== 0 && !(name !== 'floor' && r.code === 1)) throw new Error(`${name}: exit ${r.code}\n${r.stderr}`);
    return r.ms;
  };
  // Warm-up: the lab's per-object caches (its JSON and protobuf encodings), the page cache.
  for (const n of names) await run(n);
  // Alternate, so all see the same machine load; report the best of each.
  for (let r = 0; r < runs; r++) for (const n of names) times[n].push(await run(n));

  if (profileDir) {
    for (const format of ['json', 'text']) {
      const r = await timed([
        '--cpu-prof',
        '--cpu-prof-dir',
        profileDir,
        '--cpu-prof-name',
        `inspect-${format}.cpuprofile`,
        ...commands[`inspect --format ${format}` as Name].slice(0),
      ]);
      console.log(`CPU profile of inspect --format ${format}: ${join(profileDir, `inspect-${format}.cpuprofile`)} (${(r.ms / 1000).toFixed(2)} s)`);
    }
  }
  await lab.stop();
  rmSync(work, { recursive: true, force: true });

  const best = (xs: number[]) => Math.min(...xs);
  const all = (xs: number[]) => xs.map((x) => (x / 1000).toFixed(2)).join(', ');
  const base = best(times.floor);
  console.log(`\nload average at the end (1/5/15 min): ${loadavg().map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} CPUs`);
  console.log(`\nwhole processes, spawn to exit, stdout to /dev/null (${lab.pods} pods on ${nodes} nodes; best of ${runs})`);
  for (const n of names) {
    const ratio = n === 'floor' ? '(baseline)' : `→ ${(best(times[n]) / base).toFixed(2)}× the floor   (target ≤ 1.25×)`;
    console.log(`   ${n.padEnd(24)} ${(best(times[n]) / 1000).toFixed(2)} s   (${all(times[n])})  ${ratio}`);
  }
  process.exit(0);
}
