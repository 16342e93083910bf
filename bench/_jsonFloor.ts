// The JSON floor the model-load benchmarks compare against: page through nodes and pods
// (limit=500) and only JSON.parse each page. Not a benchmark itself (bench.mjs skips "_" files).
import { performance } from 'node:perf_hooks';
import type { KubeConfig } from '@kubernetes/client-node';

export async function jsonFloor(kc: KubeConfig): Promise<{ ms: number; items: number }> {
  const { KubeTransport } = await import('../src/kube/kubeTransport');
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
}
