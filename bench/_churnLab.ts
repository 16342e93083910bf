// The lab's generated cluster in a SEPARATE process (so its work does not count against the
// process being measured), fronted by a "churn proxy": every request is passed through to the
// lab, except pod watches, which get a stream of pod events at a chosen rate made from the lab's
// own pods, pre-serialised (at 160,000 pods the lab's store cannot itself produce 2,000 changes a
// second on this machine). A pod watch-list request is refused, as a server without watch-list
// refuses it: the generated stream has no initial events, so the client lists pods, then watches. It holds 65,000 nodes / 1,000,000 pods (docs/LAB.md "Scale"). Used by bench/modelLoad.ts and bench/extensionHostChurn.ts.
// Not a benchmark itself (bench.mjs skips files starting with "_").
import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

export interface GenerateResult {
  readonly emitted: number;
  readonly seconds: number;
  /** Pod watches open on the proxy when the stream ended (0: the events reached nobody). */
  readonly watchers: number;
}

export interface ChurnLab {
  /** The lab itself. */
  readonly server: string;
  /** The lab process (for its memory, read from /proc). */
  readonly pid: number;
  readonly kubeconfigPath: string;
  /** The churn proxy: the same cluster, with generated pod watch events on demand. */
  readonly proxy: string;
  readonly proxyCaPem: string;
  /** A kubeconfig like the lab's (same token) whose server is the proxy. */
  readonly proxyKubeconfigPath: string;
  /** Pods in the cluster (the generated ones plus each node's hostNetwork daemons). */
  readonly pods: number;
  /** Streams `rate` pod events/s for `seconds` to every open pod watch on the proxy. */
  generate(rate: number, seconds: number): Promise<GenerateResult>;
  stop(): Promise<void>;
}

const entryFlag = '--serve-churn-lab';

if (process.argv.includes(entryFlag)) void serve();

/** Starts the lab process; resolves once it serves. */
export async function startChurnLab(nodes: number, podsPerNode: number): Promise<ChurnLab> {
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, entryFlag, String(nodes), String(podsPerNode)], {
    stdio: ['pipe', 'pipe', 'inherit'],
    detached: true,
  });
  const kill = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('exit', kill);
  const replies = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => {
    const r = await replies.next();
    if (r.done) throw new Error('the churn lab process ended');
    return JSON.parse(r.value as string) as Record<string, unknown>;
  };
  const info = (await next()) as Omit<ChurnLab, 'generate' | 'stop'>;
  let queue = Promise.resolve();
  return {
    ...info,
    pid: child.pid!,
    generate: (rate, seconds) => {
      const reply = queue.then(async () => {
        child.stdin!.write(`generate ${rate} ${seconds}\n`);
        return (await next()) as unknown as GenerateResult;
      });
      queue = reply.then(() => undefined, () => undefined);
      return reply;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      child.stdin!.write('stop\n');
      await new Promise((r) => child.once('exit', r));
      process.off('exit', kill);
    },
  };
}

// ---------------------------------------------------------------- inside the lab process

async function serve(): Promise<void> {
  const i = process.argv.indexOf(entryFlag);
  const nodes = Number(process.argv[i + 1]);
  const podsPerNode = Number(process.argv[i + 2]);
  const { startLab } = await import('../src/lab/startLab');
  const { readFileSync, writeFileSync } = await import('node:fs');
  const lab = await startLab({ scenario: 'scale', nodes, podsPerNode });
  // The churn's bodies: the first 20,000 application pods as the lab serves them, from the
  // namespaces outside kube-* (a million generated pods are built on read: build only those).
  const podType = lab.store.typeOf('v1', 'Pod')!;
  const podCount = lab.store.entries(podType).length;
  const bodies: string[] = [];
  for (const ns of lab.store.list('v1', 'Namespace').map((n) => n.metadata.name).filter((n) => !n.startsWith('kube-'))) {
    for (const e of lab.store.entries(podType, ns)) {
      if (bodies.length === 20_000) break;
      if (!(e.object.spec as { hostNetwork?: boolean } | undefined)?.hostNetwork) bodies.push(e.json.toString());
    }
  }
  const proxy = await startProxy(lab.server, lab.caPem, bodies);
  const proxyKubeconfigPath = lab.kubeconfigPath.replace(/(\.ya?ml)?$/, '-churn-proxy.yaml');
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  writeFileSync(
    proxyKubeconfigPath,
    readFileSync(lab.kubeconfigPath, 'utf8').split(lab.server).join(proxy.url).split(b64(lab.caPem)).join(b64(proxy.caPem)),
    { mode: 0o600 },
  );
  process.stdout.write(
    `${
      JSON.stringify({
        server: lab.server,
        kubeconfigPath: lab.kubeconfigPath,
        proxy: proxy.url,
        proxyCaPem: proxy.caPem,
        proxyKubeconfigPath,
        pods: podCount,
      })
    }\n`,
  );
  for await (const line of createInterface({ input: process.stdin })) {
    const [cmd, a, b] = line.split(' ');
    if (cmd === 'generate') process.stdout.write(`${JSON.stringify(await proxy.generate(Number(a), Number(b)))}\n`);
    else if (cmd === 'stop') {
      proxy.close();
      await lab.stop();
      process.exit(0);
    }
  }
}

async function startProxy(labServer: string, labCaPem: string, bodies: readonly string[]) {
  const https = await import('node:https');
  const { createLabCertificates } = await import('../src/lab/tls/labCertificates');
  const certs = createLabCertificates(['127.0.0.1']);
  const streams = new Set<ServerResponse>();
  const lab = new URL(labServer);
  const agent = new https.Agent({ keepAlive: true, ca: labCaPem, maxSockets: 64 });
  const isPodWatch = (req: IncomingMessage) => /^\/api\/v1\/pods\?/.test(req.url ?? '') && /[?&]watch=(1|true)/.test(req.url ?? '');
  const server = https.createServer({ key: certs.keyPem, cert: certs.certPem }, (req, res) => {
    if (isPodWatch(req) && /[?&]sendInitialEvents=true/.test(req.url ?? '')) {
      // The generated stream has no initial events: answer as a server without watch-list does, so
      // the client lists pods (paged, protobuf) and then opens the plain watch served below.
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          reason: 'BadRequest',
          code: 400,
          message: 'sendInitialEvents is not served by the churn proxy',
        }),
      );
      return;
    }
    if (isPodWatch(req)) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.flushHeaders();
      streams.add(res);
      res.on('close', () => streams.delete(res));
      return;
    }
    const upstream = https.request(
      { hostname: lab.hostname, port: lab.port, path: req.url, method: req.method, headers: { ...req.headers, host: lab.host }, agent },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let rv = 10_000_000;
  const withRv = (body: string) => body.replace(/"resourceVersion":"\d+"/, `"resourceVersion":"${++rv}"`);
  return {
    url: `https://127.0.0.1:${port}`,
    caPem: certs.caPem,
    close: () => {
      for (const s of streams) s.destroy();
      server.close();
      agent.destroy();
    },
    generate: (rate: number, seconds: number) =>
      new Promise<GenerateResult>((resolve) => {
        let emitted = 0;
        let i = 0;
        const start = performance.now();
        const timer = setInterval(() => {
          const due = Math.min(rate * seconds, Math.round(((performance.now() - start) / 1000) * rate));
          let chunk = '';
          while (emitted < due) {
            const body = bodies[i++ % bodies.length]!;
            if (i % 4 === 0) {
              chunk += `{"type":"DELETED","object":${withRv(body)}}\n{"type":"ADDED","object":${withRv(body)}}\n`;
              emitted += 2;
            } else {
              chunk += `{"type":"MODIFIED","object":${withRv(body)}}\n`;
              emitted += 1;
            }
          }
          if (chunk) { for (const res of streams) res.write(chunk); }
          if (emitted >= rate * seconds) {
            clearInterval(timer);
            resolve({ emitted, seconds: (performance.now() - start) / 1000, watchers: streams.size });
          }
        }, 10);
      }),
  };
}
