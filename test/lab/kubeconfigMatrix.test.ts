// The same kubeconfig given to the real `kubectl get nodes` and to `podnet inspect`: both must
// agree (both succeed, or both fail with the same class of failure). kubectl is the oracle.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { dump } from 'js-yaml';
import { runCli } from '../../src/cli/main';
import type { RunningLab } from '../../src/lab/startLab';
import { startLab } from '../../src/lab/startLab';
import { createLabCertificates } from '../../src/lab/tls/labCertificates';

type Outcome = 'ok' | 'config' | 'tls' | 'auth' | 'network' | 'exec';

function kubectlOutcome(code: number, stderr: string): Outcome {
  if (code === 0) return 'ok';
  if (/getting credentials|exec: |exec plugin|executable .* not found/.test(stderr)) return 'exec';
  if (/x509|tls: /.test(stderr)) return 'tls';
  if (/Unauthorized|must be logged in|Please enter Username/.test(stderr)) return 'auth';
  if (/connection refused|no such host|i\/o timeout|Unable to connect/.test(stderr)) return 'network';
  if (
    /error loading config|Error in configuration|no such file|not allowed|must be specified|unable to|invalid configuration|context was not found|more than one authentication/
      .test(stderr)
  ) return 'config';
  return 'network';
}

function podnetOutcome(code: number, stderr: string): Outcome {
  if (code === 0 || code === 1) return 'ok';
  if (/exec plugin/.test(stderr)) return 'exec';
  if (/TLS/.test(stderr)) return 'tls';
  if (/not authorised|\(401\)/.test(stderr)) return 'auth';
  if (/connection refused|timed out|unreachable|does not resolve|reset/.test(stderr)) return 'network';
  if (/kubeconfig|context/.test(stderr)) return 'config';
  return 'network';
}

interface Variant {
  readonly name: string;
  /** Writes the files; returns how to point the tools at them. */
  make(dir: string): { file?: string; kubeconfigEnv?: string };
  readonly expect: Outcome;
  /** When kubectl's class differs for a documented reason. */
  readonly kubectlExpect?: Outcome;
}

describe('lab: kubeconfig matrix, kubectl vs podnet inspect', function() {
  this.timeout(120_000);
  let lab: RunningLab;
  let root: string;
  let home: string;
  let proxyChild: ChildProcess | undefined;
  let proxyPort = 0;
  let connectProxy: { server: Server; tunnels: number; sockets: Set<Socket> } | undefined;
  let podnetTunnels: number | undefined;
  const b64 = (s: string) => Buffer.from(s).toString('base64');

  before(async () => {
    lab = await startLab({ scenario: 'seed' });
    root = mkdtempSync(join(tmpdir(), 'podnet-matrix-'));
    home = join(root, 'home');
    mkdirSync(home);
    // A CONNECT proxy on loopback that counts its tunnels (for proxy-url).
    const sockets = new Set<Socket>();
    const server = createServer();
    const state = { server, tunnels: 0, sockets };
    server.on('connect', (req, client: Socket) => {
      state.tunnels++;
      const [host, port] = (req.url ?? '').split(':');
      if (host !== '127.0.0.1' && host !== 'localhost') return client.destroy();
      const upstream = connect(Number(port), '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      sockets.add(client).add(upstream);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    connectProxy = state;
  });

  after(async () => {
    if (proxyChild?.pid && proxyChild.exitCode === null) proxyChild.kill('SIGTERM');
    for (const s of connectProxy?.sockets ?? []) s.destroy();
    await new Promise<void>((r) => (connectProxy ? connectProxy.server.close(() => r()) : r()));
    await lab?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const cluster = (extra: Record<string, unknown> = {}) => ({ server: lab.server, 'certificate-authority-data': b64(lab.caPem), ...extra });
  const config = (c: Record<string, unknown>, user: Record<string, unknown> | undefined, more: Record<string, unknown> = {}) => {
    const doc: Record<string, unknown> = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: c }],
      users: user ? [{ name: 'u', user }] : [],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
      ...more,
    };
    for (const k of Object.keys(doc)) if (doc[k] === undefined) delete doc[k];
    return dump(doc);
  };
  const write = (dir: string, name: string, text: string, mode = 0o600) => {
    const p = join(dir, name);
    writeFileSync(p, text, { mode });
    chmodSync(p, mode);
    return p;
  };
  const plugin = (dir: string, name: string, body: string) => write(dir, name, `#!/bin/sh\n${body}\n`, 0o700);
  const execCred = (version: string, status: Record<string, string>) => JSON.stringify({ apiVersion: version, kind: 'ExecCredential', status });
  const v1 = 'client.authentication.k8s.io/v1';
  const v1beta1 = 'client.authentication.k8s.io/v1beta1';

  const variants: Variant[] = [
    { name: 'token, CA data (the lab kubeconfig as written)', make: () => ({ file: lab.kubeconfigPath }), expect: 'ok' },
    {
      name: 'client certificate data (kubeadm admin.conf style)',
      make: (d) => {
        const c = lab.issueClientCertificate('kubernetes-admin', ['system:masters']);
        return { file: write(d, 'kc', config(cluster(), { 'client-certificate-data': b64(c.certPem), 'client-key-data': b64(c.keyPem) })) };
      },
      expect: 'ok',
    },
    {
      name: 'client certificate and CA as files, relative to the kubeconfig (minikube style)',
      make: (d) => {
        const c = lab.issueClientCertificate('minikube-user', ['system:masters']);
        mkdirSync(join(d, 'certs'));
        write(d, 'certs/client.crt', c.certPem);
        write(d, 'certs/client.key', c.keyPem);
        write(d, 'certs/ca.crt', lab.caPem);
        return {
          file: write(
            d,
            'kc',
            config({ server: lab.server, 'certificate-authority': 'certs/ca.crt' }, {
              'client-certificate': 'certs/client.crt',
              'client-key': 'certs/client.key',
            }),
          ),
        };
      },
      expect: 'ok',
    },
    {
      name: 'tokenFile, absolute path, trailing newline',
      make: (d) => {
        const t = write(d, 'token', `${lab.token}\n`);
        return { file: write(d, 'kc', config(cluster(), { tokenFile: t })) };
      },
      expect: 'ok',
    },
    {
      name: 'tokenFile relative to the kubeconfig folder',
      make: (d) => {
        write(d, 'token', lab.token);
        return { file: write(d, 'kc', config(cluster(), { tokenFile: 'token' })) };
      },
      expect: 'ok',
    },
    {
      name: 'exec plugin v1, relative ./command, needs KUBERNETES_EXEC_INFO',
      make: (d) => {
        plugin(d, 'cred.sh', `[ -n "$KUBERNETES_EXEC_INFO" ] || { echo "no KUBERNETES_EXEC_INFO" >&2; exit 3; }\necho '${execCred(v1, { token: lab.token })}'`);
        return { file: write(d, 'kc', config(cluster(), { exec: { apiVersion: v1, command: './cred.sh', interactiveMode: 'Never' } })) };
      },
      expect: 'ok',
    },
    {
      name: 'exec plugin v1beta1 returning a client certificate',
      make: (d) => {
        const c = lab.issueClientCertificate('exec-user', ['system:masters']);
        plugin(
          d,
          'cred.sh',
          `cat <<'EOF'\n${
            JSON.stringify({ apiVersion: v1beta1, kind: 'ExecCredential', status: { clientCertificateData: c.certPem, clientKeyData: c.keyPem } })
          }\nEOF`,
        );
        return { file: write(d, 'kc', config(cluster(), { exec: { apiVersion: v1beta1, command: join(d, 'cred.sh') } })) };
      },
      expect: 'ok',
    },
    {
      name: 'tls-server-name naming a name the certificate has (localhost)',
      make: (d) => ({ file: write(d, 'kc', config(cluster({ 'tls-server-name': 'localhost' }), { token: lab.token })) }),
      expect: 'ok',
    },
    {
      name: 'server by DNS name https://localhost:PORT',
      make: (d) => ({ file: write(d, 'kc', config(cluster({ server: lab.server.replace('127.0.0.1', 'localhost') }), { token: lab.token })) }),
      expect: 'ok',
    },
    {
      name: 'insecure-skip-tls-verify without a CA',
      make: (d) => ({ file: write(d, 'kc', config({ server: lab.server, 'insecure-skip-tls-verify': true }, { token: lab.token })) }),
      expect: 'ok',
    },
    {
      name: 'KUBECONFIG list with an empty and a missing file first',
      make: (d) => ({ kubeconfigEnv: [write(d, 'empty', ''), join(d, 'missing'), lab.kubeconfigPath].join(delimiter) }),
      expect: 'ok',
    },
    {
      name: 'kubectl proxy (plain http, no user)',
      make: (d) => ({ file: write(d, 'kc', config({ server: `http://127.0.0.1:${proxyPort}` }, undefined)) }),
      expect: 'ok',
    },
    {
      name: 'proxy-url through an HTTP CONNECT proxy',
      make: (d) => ({
        file: write(
          d,
          'kc',
          config(cluster({ 'proxy-url': `http://127.0.0.1:${(connectProxy!.server.address() as AddressInfo).port}` }), { token: lab.token }),
        ),
      }),
      expect: 'ok',
    },
    {
      name: 'wrong CA',
      make: (d) => ({
        file: write(d, 'kc', config(cluster({ 'certificate-authority-data': b64(createLabCertificates(['127.0.0.1']).caPem) }), { token: lab.token })),
      }),
      expect: 'tls',
    },
    {
      name: 'wrong server name (tls-server-name not in the certificate)',
      make: (d) => ({ file: write(d, 'kc', config(cluster({ 'tls-server-name': 'kubernetes.example' }), { token: lab.token })) }),
      expect: 'tls',
    },
    { name: 'expired (refused) token', make: (d) => ({ file: write(d, 'kc', config(cluster(), { token: 'expired-token' })) }), expect: 'auth' },
    {
      name: 'client certificate from another CA (not a credential: 401)',
      make: (d) => {
        const c = createLabCertificates(['127.0.0.1']).issueClient('intruder', ['system:masters']);
        return { file: write(d, 'kc', config(cluster(), { 'client-certificate-data': b64(c.certPem), 'client-key-data': b64(c.keyPem) })) };
      },
      expect: 'auth',
    },
    {
      name: 'context naming an undefined user keeps the CA (no credentials: 401 / prompt)',
      make: (d) => ({ file: write(d, 'kc', config(cluster(), undefined)) }),
      expect: 'auth',
    },
    {
      name: 'exec plugin that fails',
      make: (d) => {
        plugin(d, 'cred.sh', 'echo "login expired, run sso-login" >&2; exit 1');
        return { file: write(d, 'kc', config(cluster(), { exec: { apiVersion: v1, command: './cred.sh', interactiveMode: 'Never' } })) };
      },
      expect: 'exec',
    },
    {
      name: 'exec plugin not installed (installHint)',
      make: (d) => ({
        file: write(
          d,
          'kc',
          config(cluster(), {
            exec: {
              apiVersion: v1,
              command: 'podnet-no-such-plugin',
              interactiveMode: 'Never',
              installHint: 'install podnet-no-such-plugin from your IT portal',
            },
          }),
        ),
      }),
      expect: 'exec',
    },
    { name: 'missing kubeconfig file (--kubeconfig)', make: (d) => ({ file: join(d, 'does-not-exist') }), expect: 'config' },
    {
      name: 'insecure-skip-tls-verify together with a CA',
      make: (d) => ({ file: write(d, 'kc', config(cluster({ 'insecure-skip-tls-verify': true }), { token: lab.token })) }),
      expect: 'config',
    },
    {
      name: 'client certificate without its key',
      make: (d) => ({ file: write(d, 'kc', config(cluster(), { 'client-certificate-data': b64(lab.caPem) })) }),
      expect: 'config',
    },
    { name: 'tokenFile that does not exist', make: (d) => ({ file: write(d, 'kc', config(cluster(), { tokenFile: 'nope' })) }), expect: 'config' },
    { name: 'not YAML', make: (d) => ({ file: write(d, 'kc', 'clusters: [ {') }), expect: 'config' },
    {
      name: 'connection refused (nothing listens)',
      make: (d) => ({ file: write(d, 'kc', config(cluster({ server: 'https://127.0.0.1:1' }), { token: lab.token })) }),
      expect: 'network',
    },
    // kubectl falls back to http://localhost:8080 (refused here); Podnet says no context is set.
    {
      name: 'no current-context',
      make: (d) => ({ file: write(d, 'kc', config(cluster(), { token: lab.token }, { 'current-context': undefined })) }),
      expect: 'config',
      kubectlExpect: 'network',
    },
  ];

  it(`has at least 20 variants (${variants.length})`, () => assert.ok(variants.length >= 20));

  it('starts kubectl proxy in front of the lab (loopback, a free port)', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    proxyPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    proxyChild = spawn('kubectl', ['proxy', '--port', String(proxyPort), '--address', '127.0.0.1', '--kubeconfig', lab.kubeconfigPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const deadline = Date.now() + 15_000;
    for (;;) {
      const ok = await new Promise<boolean>((resolve) => {
        const req = request(`http://127.0.0.1:${proxyPort}/version`, (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        });
        req.on('error', () => resolve(false));
        req.end();
      });
      if (ok) break;
      assert.ok(Date.now() < deadline, 'kubectl proxy did not answer within 15 s');
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  for (const [i, v] of variants.entries()) {
    it(`agrees on: ${v.name}`, async () => {
      const dir = join(root, `v${i}`);
      mkdirSync(dir);
      const target = v.make(dir);
      const env = { PATH: process.env.PATH ?? '', HOME: home, ...(target.kubeconfigEnv ? { KUBECONFIG: target.kubeconfigEnv } : {}) };
      const kubectlArgs = ['--cache-dir', join(dir, 'cache'), '--request-timeout=10s', ...(target.file ? ['--kubeconfig', target.file] : []), 'get', 'nodes'];
      const k = await new Promise<{ code: number; stderr: string }>((resolve) => {
        // kubectl's "Please enter Username:" prompt goes to stdout: classify both.
        const child = execFile(
          'kubectl',
          kubectlArgs,
          { env, timeout: 30_000, cwd: dir },
          (error, out, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr: `${out}\n${stderr}` }),
        );
        child.stdin?.end();
      });
      let err = '';
      const tunnelsBefore = connectProxy!.tunnels;
      const code = await runCli(['inspect', '--format', 'json', '--timeout', '15', ...(target.file ? ['--kubeconfig', target.file] : [])], {
        out: () => undefined,
        err: (t) => (err += t),
        isInteractive: false,
        signal: new AbortController().signal,
        kubeEnvironment: { env, serviceAccountDir: join(dir, 'no-service-account') },
      });
      if (v.name.startsWith('proxy-url')) podnetTunnels = connectProxy!.tunnels - tunnelsBefore;
      const kubectlGot = kubectlOutcome(k.code, k.stderr);
      const podnetGot = podnetOutcome(code, err);
      assert.equal(kubectlGot, v.kubectlExpect ?? v.expect, `kubectl: ${k.stderr.trim().split('\n').pop()}`);
      assert.equal(podnetGot, v.expect, `podnet: ${err.trim()}`);
      if (v.expect !== 'ok') assert.doesNotMatch(err, new RegExp(lab.token), 'the token must not be printed');
    });
  }

  it('proxy-url: one keep-alive agent, tunnels bounded by its sockets (not one per request)', () => {
    assert.ok(podnetTunnels !== undefined && podnetTunnels >= 1, `the proxy was used by podnet (${podnetTunnels})`);
    // inspect lists 9 kinds (no watches) on one keep-alive agent: at most one tunnel per kind listed at once,
    // reused for every further page (client-node opened one per request).
    assert.ok(podnetTunnels <= 9, `${podnetTunnels} tunnels for one inspect`);
    console.log(`      podnet inspect through proxy-url opened ${podnetTunnels} tunnels`);
  });
});
