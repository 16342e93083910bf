import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { connectionConfig } from '../../../src/kube/connectionConfig';
import { ExecCredentialSource } from '../../../src/kube/execCredential';
import { KubeConnection } from '../../../src/kube/kubeConnection';
import { listContexts, loadKubeconfig } from '../../../src/kube/kubeconfigLoader';
import { runCli } from '../../../src/cli/main';
import { createLabCertificates } from '../../../src/lab/tls/labCertificates';

const v1 = 'client.authentication.k8s.io/v1';

async function fakeApi(accept: (auth: string | undefined) => boolean) {
  const certs = createLabCertificates(['127.0.0.1']);
  const seen: (string | undefined)[] = [];
  const server = createServer({ key: certs.keyPem, cert: certs.certPem }, (req: IncomingMessage, res: ServerResponse) => {
    seen.push(req.headers.authorization);
    const ok = accept(req.headers.authorization);
    res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' });
    res.end(ok ? '{"kind":"Status","status":"Success"}' : '{"kind":"Status","code":401,"reason":"Unauthorized","message":"Unauthorized"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    server: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    caData: Buffer.from(certs.caPem).toString('base64'),
    seen,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const kubeconfig = (server: string, caData: string, user: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}) =>
  dump({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'x',
    clusters: [{ name: 'c', cluster: { server, 'certificate-authority-data': caData } }],
    users: user ? [{ name: 'u', user }] : [],
    contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
    ...extra,
  });

async function status(conn: KubeConnection, path = '/api/v1/namespaces'): Promise<number> {
  const res = await conn.send(path);
  res.resume();
  return res.statusCode ?? 0;
}

describe('kube/KubeConnection', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'podnet-conn-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const load = (text: string) => {
    const file = join(dir, 'kubeconfig');
    writeFileSync(file, text);
    const r = loadKubeconfig({ files: [file], origin: '--kubeconfig' });
    assert.equal(r.kind, 'ok', r.kind === 'ok' ? '' : r.message);
    return r.kind === 'ok' ? r.kubeConfig : assert.fail();
  };

  it('exec plugin without expiry: one run for 20 concurrent requests, with KUBERNETES_EXEC_INFO (interactive false)', async () => {
    const api = await fakeApi((a) => a === 'Bearer plugin-token');
    try {
      const infoFile = join(dir, 'info.json');
      const counter = join(dir, 'runs');
      writeFileSync(
        join(dir, 'cred.sh'),
        `#!/bin/sh\necho run >> "${counter}"\nprintf '%s' "$KUBERNETES_EXEC_INFO" > "${infoFile}"\necho '{"apiVersion":"${v1}","kind":"ExecCredential","status":{"token":"plugin-token"}}'\n`,
      );
      chmodSync(join(dir, 'cred.sh'), 0o700);
      const conn = new KubeConnection(
        load(kubeconfig(api.server, api.caData, { exec: { apiVersion: v1, command: './cred.sh', interactiveMode: 'IfAvailable' } })),
      );
      try {
        const codes = await Promise.all(Array.from({ length: 20 }, () => status(conn)));
        assert.deepEqual(new Set(codes), new Set([200]));
        assert.equal(await status(conn), 200);
        assert.equal(readFileSync(counter, 'utf8').trim().split('\n').length, 1, 'the plugin ran more than once');
        const info = JSON.parse(readFileSync(infoFile, 'utf8')) as { kind: string; apiVersion: string; spec: { interactive: boolean } };
        assert.deepEqual(info, { apiVersion: v1, kind: 'ExecCredential', spec: { interactive: false } });
      } finally {
        conn.dispose();
      }
    } finally {
      await api.close();
    }
  });

  it('exec plugin: a 401 runs it again and the request is retried with the fresh token', async () => {
    const api = await fakeApi((a) => a === 'Bearer second');
    try {
      const counter = join(dir, 'runs');
      writeFileSync(counter, '');
      // First run prints "first" (refused), later runs "second".
      writeFileSync(
        join(dir, 'cred.sh'),
        `#!/bin/sh\nn=$(wc -l < "${counter}")\necho run >> "${counter}"\nt=second; [ "$n" -eq 0 ] && t=first\necho "{\\"apiVersion\\":\\"${v1}\\",\\"kind\\":\\"ExecCredential\\",\\"status\\":{\\"token\\":\\"$t\\"}}"\n`,
      );
      chmodSync(join(dir, 'cred.sh'), 0o700);
      const conn = new KubeConnection(load(kubeconfig(api.server, api.caData, { exec: { apiVersion: v1, command: './cred.sh', interactiveMode: 'Never' } })));
      try {
        assert.equal(await status(conn), 200);
        assert.deepEqual(api.seen, ['Bearer first', 'Bearer second']);
        assert.equal(await status(conn), 200);
        assert.equal(readFileSync(counter, 'utf8').trim().split('\n').length, 2);
      } finally {
        conn.dispose();
      }
    } finally {
      await api.close();
    }
  });

  it('exec credentials are reused until expirationTimestamp, then the plugin runs again', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    writeFileSync(
      join(dir, 'cred.sh'),
      `#!/bin/sh\necho '{"apiVersion":"${v1}","kind":"ExecCredential","status":{"token":"t","expirationTimestamp":"2026-01-01T00:10:00Z"}}'\n`,
    );
    chmodSync(join(dir, 'cred.sh'), 0o700);
    let runs = 0;
    const src = new ExecCredentialSource(
      { apiVersion: v1, command: join(dir, 'cred.sh'), args: [], env: [], provideClusterInfo: false, interactiveMode: 'Never' },
      {
        interactive: false,
        onRun: () => runs++,
      },
      () => now,
    );
    await src.get();
    now += 9 * 60_000;
    await src.get();
    assert.equal(runs, 1);
    now += 2 * 60_000;
    await src.get();
    assert.equal(runs, 2);
  });

  it('a failing plugin reports its stderr and installHint', async () => {
    writeFileSync(join(dir, 'cred.sh'), '#!/bin/sh\necho "session expired: run corp-login" >&2\nexit 4\n');
    chmodSync(join(dir, 'cred.sh'), 0o700);
    const fail = new ExecCredentialSource({
      apiVersion: v1,
      command: join(dir, 'cred.sh'),
      args: [],
      env: [],
      provideClusterInfo: false,
      interactiveMode: 'Never',
      installHint: 'see the wiki',
    }, { interactive: false });
    await assert.rejects(fail.get(), /exit code 4: session expired: run corp-login\nsee the wiki/);
    const missing = new ExecCredentialSource({
      apiVersion: v1,
      command: 'podnet-absent-plugin',
      args: [],
      env: [],
      provideClusterInfo: false,
      interactiveMode: 'Never',
      installHint: 'brew install it',
    }, { interactive: false });
    await assert.rejects(missing.get(), /executable podnet-absent-plugin not found\nbrew install it/);
  });

  it('tokenFile: relative to the kubeconfig, trimmed, re-read when the server refuses the old token', async () => {
    let good = 'token-one';
    const api = await fakeApi((a) => a === `Bearer ${good}`);
    try {
      writeFileSync(join(dir, 'tok'), 'token-one\n');
      const conn = new KubeConnection(load(kubeconfig(api.server, api.caData, { tokenFile: 'tok' })));
      try {
        assert.equal(await status(conn), 200);
        good = 'token-two';
        writeFileSync(join(dir, 'tok'), 'token-two\n');
        assert.equal(await status(conn), 200);
        assert.deepEqual(api.seen, ['Bearer token-one', 'Bearer token-one', 'Bearer token-two']);
      } finally {
        conn.dispose();
      }
    } finally {
      await api.close();
    }
  });
});

describe('kube/kubeconfig like kubectl', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'podnet-kc2-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('without current-context picks nothing, says so and still lists the contexts', () => {
    const f = join(dir, 'a');
    writeFileSync(
      f,
      dump({
        clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
        contexts: [{ name: 'prod-cluster', context: { cluster: 'c' } }, { name: 'dev', context: { cluster: 'c' } }],
      }),
    );
    const r = loadKubeconfig({ files: [f], origin: 'KUBECONFIG' });
    assert.equal(r.kind, 'invalid');
    assert.ok(r.kind === 'invalid' && r.noCurrentContext);
    assert.match(r.kind === 'invalid' ? r.message : '', /no current-context.*"prod-cluster", "dev"/);
    assert.deepEqual(listContexts({ files: [f], origin: 'KUBECONFIG' }), { names: ['prod-cluster', 'dev'], current: undefined });
    assert.equal(loadKubeconfig({ files: [f], origin: 'KUBECONFIG' }, 'dev').kind, 'ok');
  });

  it('skips empty and missing files in a KUBECONFIG list', () => {
    const empty = join(dir, 'empty');
    writeFileSync(empty, '\n');
    const f = join(dir, 'a');
    writeFileSync(
      f,
      dump({
        'current-context': 'x',
        clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
        contexts: [{ name: 'x', context: { cluster: 'c' } }],
      }),
    );
    const r = loadKubeconfig({ files: [empty, join(dir, 'missing'), f], origin: 'KUBECONFIG' });
    assert.equal(r.kind, 'ok', r.kind === 'ok' ? '' : r.message);
    assert.deepEqual(r.kind === 'ok' && r.files, [f]);
  });

  it('a context with no user, or an undefined one, keeps the cluster CA, insecure and tls-server-name', () => {
    const ca = Buffer.from(createLabCertificates(['127.0.0.1']).caPem).toString('base64');
    const f = join(dir, 'a');
    writeFileSync(
      f,
      dump({
        'current-context': 'ghost',
        clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1', 'certificate-authority-data': ca, 'tls-server-name': 'api.internal' } }, {
          name: 'i',
          cluster: { server: 'https://127.0.0.1:2', 'insecure-skip-tls-verify': true },
        }],
        contexts: [{ name: 'ghost', context: { cluster: 'c', user: 'nobody' } }, { name: 'none', context: { cluster: 'i' } }],
      }),
    );
    const a = loadKubeconfig({ files: [f], origin: 'KUBECONFIG' });
    const cfg = connectionConfig(a.kind === 'ok' ? a.kubeConfig : assert.fail());
    assert.ok(cfg.tls.ca?.toString().includes('BEGIN CERTIFICATE'));
    assert.equal(cfg.tls.serverName, 'api.internal');
    assert.deepEqual(cfg.auth, { kind: 'none' });
    const b = loadKubeconfig({ files: [f], origin: 'KUBECONFIG' }, 'none');
    assert.equal(connectionConfig(b.kind === 'ok' ? b.kubeConfig : assert.fail()).tls.insecure, true);
  });

  it('names the file and the field of what kubectl refuses', () => {
    const f = join(dir, 'bad');
    const cases: [unknown, RegExp][] = [
      [{ clusters: [{ name: 'c', cluster: { server: 1234 } }] }, /bad: clusters\[0\]\.cluster\.server: must be a string/],
      [{
        'current-context': 'x',
        clusters: [{ name: 'c', cluster: { server: 'https://a', 'insecure-skip-tls-verify': true, 'certificate-authority': 'ca.crt' } }],
        contexts: [{ name: 'x', context: { cluster: 'c' } }],
      }, /insecure-skip-tls-verify: specifying a root certificates file with the insecure flag is not allowed/],
      [{
        'current-context': 'x',
        clusters: [{ name: 'c', cluster: { server: 'https://a' } }],
        users: [{ name: 'u', user: { exec: { apiVersion: v1, command: 'x' } } }],
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      }, /users\[0\]\.user\.exec\.interactiveMode: must be specified/],
      [{
        'current-context': 'x',
        clusters: [{ name: 'c', cluster: { server: 'https://a', 'certificate-authority': 'missing-ca.crt' } }],
        contexts: [{ name: 'x', context: { cluster: 'c' } }],
      }, new RegExp(`certificate-authority: unable to read ${join(dir, 'missing-ca.crt').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`)],
    ];
    for (const [doc, want] of cases) {
      writeFileSync(f, dump(doc));
      const r = loadKubeconfig({ files: [f], origin: '--kubeconfig' });
      assert.equal(r.kind, 'invalid');
      assert.match(r.kind === 'invalid' ? r.message : '', want);
    }
  });

  it('plain http server without a user connects (kubectl proxy); no scheme means http without TLS settings', () => {
    const f = join(dir, 'a');
    writeFileSync(
      f,
      dump({
        'current-context': 'p',
        clusters: [{ name: 'p', cluster: { server: 'http://127.0.0.1:8001' } }, { name: 'q', cluster: { server: '127.0.0.1:8001' } }],
        contexts: [{ name: 'p', context: { cluster: 'p' } }, { name: 'q', context: { cluster: 'q' } }],
      }),
    );
    for (const ctx of ['p', 'q']) {
      const r = loadKubeconfig({ files: [f], origin: '--kubeconfig' }, ctx);
      assert.equal(new KubeConnection(r.kind === 'ok' ? r.kubeConfig : assert.fail()).server, 'http://127.0.0.1:8001');
    }
  });

  it('podnet cni install refuses a kubeconfig without current-context (installs nowhere)', async () => {
    const f = join(dir, 'a');
    writeFileSync(
      f,
      dump({ clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }], contexts: [{ name: 'prod-cluster', context: { cluster: 'c' } }] }),
    );
    let err = '';
    const code = await runCli(['cni', 'install', '--kubeconfig', f, '--dry-run'], {
      out: () => undefined,
      err: (t) => (err += t),
      isInteractive: false,
      signal: new AbortController().signal,
    });
    assert.equal(code, 2);
    assert.match(err, /sets no current-context; choose one of "prod-cluster"/);
    assert.doesNotMatch(err, /Target/);
  });
});

describe('kube/KubeConnection errors in words', () => {
  it('names a TLS server that requires a client certificate, an unknown authority and a refused connection', async () => {
    const certs = createLabCertificates(['127.0.0.1']);
    const strict = createServer(
      { key: certs.keyPem, cert: certs.certPem, ca: certs.caPem, requestCert: true, rejectUnauthorized: true },
      (_req, res) => res.end('{}'),
    );
    await new Promise<void>((r) => strict.listen(0, '127.0.0.1', r));
    const server = `https://127.0.0.1:${(strict.address() as AddressInfo).port}`;
    const conf = (caPem: string) => ({
      server,
      context: 'x',
      cluster: 'c',
      user: undefined,
      tls: { ca: Buffer.from(caPem), insecure: false },
      auth: { kind: 'none' as const },
      clusterInfo: { server, insecure: false },
    });
    try {
      const noCert = new KubeConnection(conf(certs.caPem));
      await assert.rejects(noCert.send('/api'), /TLS: 127\.0\.0\.1:\d+ requires a client certificate/);
      noCert.dispose();
      const otherCa = new KubeConnection(conf(createLabCertificates(['127.0.0.1']).caPem));
      await assert.rejects(otherCa.send('/api'), /TLS: the certificate of 127\.0\.0\.1:\d+ is signed by an unknown authority/);
      otherCa.dispose();
    } finally {
      strict.closeAllConnections();
      await new Promise<void>((r) => strict.close(() => r()));
    }
    const refused = new KubeConnection({ ...conf(certs.caPem), server: 'https://127.0.0.1:1' });
    await assert.rejects(refused.send('/api'), /connection refused by 127\.0\.0\.1:1.*\(ECONNREFUSED\)/);
  });
});
