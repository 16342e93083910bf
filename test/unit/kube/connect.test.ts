import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { connectCluster } from '../../../src/kube/connectCluster';

const kubeConfigFor = (server: string) => {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server, skipTLSVerify: false }],
    users: [{ name: 'u', token: 'secret-token-value' }],
    contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
    currentContext: 'ctx',
  });
  return kc;
};

describe('kube/connectCluster', () => {
  it('reports an unreachable server with the error, without the token', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const { watcher, status } = await connectCluster(kubeConfigFor(`https://127.0.0.1:${port}`), { timeoutMs: 5_000 });
    watcher.stop();
    assert.equal(status.kind, 'unreachable');
    assert.match(status.kind === 'unreachable' ? status.error : '', /ECONNREFUSED/);
    assert.doesNotMatch(JSON.stringify(status), /secret-token-value/);
  });

  it('refuses a server whose certificate is not trusted (verification stays on)', async () => {
    // A TLS server with a self-signed certificate the kubeconfig does not name: the handshake must fail.
    const { createLabCertificates } = await import('../../../src/lab/tls/labCertificates');
    const { createServer: createHttps } = await import('node:https');
    const certs = createLabCertificates(['127.0.0.1']);
    const server = createHttps({ key: certs.keyPem, cert: certs.certPem }, (_req, res) => res.end('{}'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const { watcher, status } = await connectCluster(kubeConfigFor(`https://127.0.0.1:${port}`), { timeoutMs: 5_000 });
      watcher.stop();
      assert.equal(status.kind, 'unreachable');
      assert.match(status.kind === 'unreachable' ? status.error : '', /certificate|self.signed|issuer/i);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('leaves no timer behind once settled: a one-shot caller exits when it stops the watcher', function() {
    this.timeout(60_000); // a child process under tsx: seconds on a loaded machine
    // `podnet inspect --timeout 600` waited out a re-armed 600 s stall timer after its output.
    const script = `
      const { createServer } = require('node:net');
      const { KubeConfig } = require('@kubernetes/client-node');
      const { connectCluster } = require(${JSON.stringify(require.resolve('../../../src/kube/connectCluster'))});
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const port = probe.address().port;
        probe.close(async () => {
          const kc = new KubeConfig();
          kc.loadFromOptions({ clusters: [{ name: 'c', server: 'https://127.0.0.1:' + port }], users: [{ name: 'u', token: 't' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
          const { watcher, status } = await connectCluster(kc, { stallTimeoutMs: 600000 });
          watcher.stop();
          console.log(status.kind);
        });
      });`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.signal, null, `the process was still running after 30 s (stderr: ${r.stderr})`);
    assert.equal(r.stdout.trim(), 'unreachable');
  });
});
