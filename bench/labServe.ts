// How fast the lab serves a big pod list (pages of --limit via continue tokens) compared with a
// plain HTTPS server handing out the very same page bytes from memory: the lab's own cost per
// page should be small next to what a client spends, so client benchmarks measure the client.
// Usage: node --import tsx bench/labServe.ts [--nodes 5000] [--pods-per-node 30] [--limit 500]
import { createServer, request, Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { startLab } from '../src/lab/startLab';
import { createLabCertificates } from '../src/lab/tls/labCertificates';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};

function get(url: string, headers: Record<string, string>, ca: string, agent: Agent): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, ca, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Reads every page; returns the page bodies (to replay them from the baseline server). */
async function pageThrough(base: string, headers: Record<string, string>, ca: string, limit: number): Promise<{ pages: Buffer[]; ms: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const pages: Buffer[] = [];
  const t0 = performance.now();
  let token = '';
  do {
    const body = await get(`${base}/api/v1/pods?limit=${limit}${token ? `&continue=${encodeURIComponent(token)}` : ''}`, headers, ca, agent);
    pages.push(body);
    // Only the continue token is read (from the head of the page), not the whole JSON.
    token = /"continue":"([^"]+)"/.exec(body.subarray(0, 512).toString('latin1'))?.[1] ?? '';
  } while (token);
  const ms = performance.now() - t0;
  agent.destroy();
  return { pages, ms };
}

async function main(): Promise<void> {
  const nodes = arg('nodes', 5000);
  const perNode = arg('pods-per-node', 30);
  const limit = arg('limit', 500);
  const t0 = performance.now();
  const lab = await startLab({ scenario: 'scale', nodes, podsPerNode: perNode });
  const startMs = performance.now() - t0;
  const podCount = lab.store.list('v1', 'Pod').length;
  const auth = { Authorization: `Bearer ${lab.token}`, Accept: 'application/json' };
  await pageThrough(lab.server, auth, lab.caPem, limit); // warm-up
  const labRun = await pageThrough(lab.server, auth, lab.caPem, limit);
  const bytes = labRun.pages.reduce((s, p) => s + p.length, 0);

  // Baseline: the same bytes from a static HTTPS server (same TLS, same client, no lab logic).
  const certs = createLabCertificates(['127.0.0.1']);
  let served = 0;
  const pages = labRun.pages;
  const server = createServer({ key: certs.keyPem, cert: certs.certPem }, (_req, res) => {
    const body = pages[served++ % pages.length];
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(body.length) });
    // The same 64 KB write size the lab uses (zero-copy slices), so only the lab's own work differs.
    for (let at = 0; at < body.length; at += 65536) res.write(body.subarray(at, Math.min(body.length, at + 65536)));
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const staticBase = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  served = 0;
  await pageThrough(staticBase, {}, certs.caPem, limit);
  served = 0;
  const staticRun = await pageThrough(staticBase, {}, certs.caPem, limit);
  server.close();
  server.closeAllConnections();

  // What a client then spends on the same pages: JSON.parse of each.
  const p0 = performance.now();
  for (const p of labRun.pages) JSON.parse(p.toString('utf8'));
  const parseMs = performance.now() - p0;
  await lab.stop();

  const pps = (r: { pages: Buffer[]; ms: number }): number => (r.pages.length / r.ms) * 1000;
  console.log(
    `scale scenario: ${nodes} nodes, ${podCount} pods, started in ${(startMs / 1000).toFixed(1)} s; ${labRun.pages.length} pages of ${limit}, ${
      (bytes / 1e6).toFixed(0)
    } MB (${Math.round(bytes / podCount)} B/pod)`,
  );
  console.log(`lab:      ${pps(labRun).toFixed(1)} pages/s (${(labRun.ms / 1000).toFixed(2)} s for the full list)`);
  console.log(`static:   ${pps(staticRun).toFixed(1)} pages/s (${(staticRun.ms / 1000).toFixed(2)} s)  <- baseline, same bytes`);
  console.log(`ratio lab/static throughput: ${(pps(labRun) / pps(staticRun)).toFixed(2)}`);
  console.log(`client JSON.parse of the same pages: ${(parseMs / 1000).toFixed(2)} s = ${(parseMs / labRun.ms).toFixed(2)}x the lab's serving time`);
}

void main();
