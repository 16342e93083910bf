// The JSON floor as a whole process (bench/inspectProcess.ts bundles this file with esbuild the
// way dist/cli.js is bundled, so both pay the same start-up): reads the kubeconfig, pages nodes
// and pods (limit=500) and only JSON.parses each page (bench/_jsonFloor.ts), then exits.
// Usage: node floor.js KUBECONFIG
import { jsonFloor } from './_jsonFloor';
import { loadKubeconfig } from '../src/kube/kubeconfigLoader';

void (async () => {
  const loaded = loadKubeconfig({ files: [process.argv[2]!], origin: '--kubeconfig' });
  if (loaded.kind !== 'ok') throw new Error(loaded.message);
  const r = await jsonFloor(loaded.kubeConfig);
  process.stderr.write(`floor: ${r.items} objects in ${r.ms.toFixed(0)} ms\n`);
  process.exit(0);
})();
