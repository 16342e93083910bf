// How fast the lab serves a big pod list (pages of --limit via continue tokens, JSON and protobuf)
// compared with a plain HTTPS server handing out the very same page bytes from memory: the lab's
// own cost per page should be small next to what a client spends, so client benchmarks measure
// the client. Measured in one run for the lab as it serves generated objects (from templates,
// store/objectTemplate.ts) and as it did before (each object built and encoded on read).
// Usage: node --import tsx bench/labServe.ts [--nodes 5000] [--pods-per-node 30] [--limit 500]
import { createServer, request, Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
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
async function pageThrough(base: string, headers: Record<string, string>, ca: string, limit: number): Promise<{ pages: Buffer[]; ms: number; cpuMs: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const pages: Buffer[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let token = '';
  do {
    const body = await get(`${base}/api/v1/pods?limit=${limit}${token ? `&continue=${encodeURIComponent(token)}` : ''}`, headers, ca, agent);
    pages.push(body);
    // Only the continue token is read (from the head of the page: JSON's "continue", protobuf's base64url '{"…'), not the whole page.
    const head = body.subarray(0, 512).toString('latin1');
    token = (/"continue":"([^"]+)"/.exec(head)?.[1] ?? /^k8s\0[^]{0,300}?(eyJ[A-Za-z0-9_-]+)/.exec(head)?.[1]) ?? '';
  } while (token);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  return { pages, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** The same pages from a static HTTPS server (same TLS, same client, no lab logic). */
async function staticRun(pages: Buffer[], type: string, limit: number): Promise<{ pages: Buffer[]; ms: number; cpuMs: number }> {
  const certs = createLabCertificates(['127.0.0.1']);
  let served = 0;
  const server = createServer({ key: certs.keyPem, cert: certs.certPem }, (_req, res) => {
    const body = pages[served++ % pages.length]!;
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': String(body.length) });
    // The same 64 KB write size the lab uses (zero-copy slices), so only the lab's own work differs.
    for (let at = 0; at < body.length; at += 65536) res.write(body.subarray(at, Math.min(body.length, at + 65536)));
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await pageThrough(base, {}, certs.caPem, limit);
  served = 0;
  const run = await pageThrough(base, {}, certs.caPem, limit);
  server.close();
  server.closeAllConnections();
  return run;
}

async function main(): Promise<void> {
  const nodes = arg('nodes', 5000);
  const perNode = arg('pods-per-node', 30);
  const limit = arg('limit', 500);
  const t0 = performance.now();
  const lab = await startLab({ scenario: 'scale', nodes, podsPerNode: perNode });
  const startMs = performance.now() - t0;
  const before = await startLab({ scenario: 'scale', nodes, podsPerNode: perNode, generatedTemplates: false });
  const podCount = lab.store.list('v1', 'Pod').length;
  console.log(
    `scale scenario: ${nodes} nodes, ${podCount} pods, started in ${(startMs / 1000).toFixed(1)} s; pages of ${limit}; load average ${
      loadavg().map((x) => x.toFixed(2)).join(' ')
    }`,
  );
  const pps = (r: { pages: Buffer[]; ms: number }): number => (r.pages.length / r.ms) * 1000;
  // CPU time of this process (lab or static server, and the client): less at the mercy of a shared machine's scheduling than wall time.
  const line = (name: string, r: { pages: Buffer[]; ms: number; cpuMs: number }, note = '') =>
    console.log(
      `   ${name.padEnd(34)} ${pps(r).toFixed(1).padStart(6)} pages/s (${(r.ms / 1000).toFixed(2)} s for the full list, ${
        (r.cpuMs / 1000).toFixed(2)
      } s CPU)${note}`,
    );
  for (const accept of ['application/json', 'application/vnd.kubernetes.protobuf']) {
    const run = async (l: typeof lab) => {
      const auth = { Authorization: `Bearer ${l.token}`, Accept: accept };
      await pageThrough(l.server, auth, l.caPem, limit); // warm-up
      return pageThrough(l.server, auth, l.caPem, limit);
    };
    const now = await run(lab);
    const old = await run(before);
    const same = now.pages.length === old.pages.length && now.pages.every((p, i) => p.equals(old.pages[i]!));
    const base = await staticRun(now.pages, accept, limit);
    const bytes = now.pages.reduce((s, p) => s + p.length, 0);
    console.log(
      `${accept}: ${now.pages.length} pages, ${(bytes / 1e6).toFixed(0)} MB (${Math.round(bytes / podCount)} B/pod); both labs' bytes identical: ${same}`,
    );
    line('lab, generated from templates', now, `  → ${(pps(now) / pps(base)).toFixed(2)}× static throughput`);
    line('lab, built and encoded per read', old, `  → ${(pps(old) / pps(base)).toFixed(2)}× static throughput`);
    line('static server, same bytes', base, '  (baseline)');
    console.log(
      `   templates vs built: ${(old.ms / now.ms).toFixed(2)}× the throughput; CPU above the static server's: ${
        ((now.cpuMs - base.cpuMs) / 1000).toFixed(2)
      } s vs ${((old.cpuMs - base.cpuMs) / 1000).toFixed(2)} s`,
    );
    if (accept === 'application/json') {
      // What a client then spends on the same pages: JSON.parse of each.
      const p0 = performance.now();
      for (const p of now.pages) JSON.parse(p.toString('utf8'));
      const parseMs = performance.now() - p0;
      console.log(`   client JSON.parse of the same pages: ${(parseMs / 1000).toFixed(2)} s = ${(parseMs / now.ms).toFixed(2)}x the lab's serving time`);
    }
  }
  await lab.stop();
  await before.stop();
  console.log(`load average at the end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}

void main();
