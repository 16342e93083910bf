// The extension connects the way kubectl does: through `kubectl proxy` (plain http, no user),
// through an exec credential plugin context, and to a server that is not at 127.0.0.1 (VS Code's
// proxy support replaces an extension's agent for such servers) by client certificate and with
// insecure-skip-tls-verify, and shows the lab's nodes in the tree.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { readFileSync } from 'node:fs';
import { startLab } from '../../src/lab/startLab';
import { labNodes, startTestLab } from './support/lab';
import type { RunningLab } from './support/lab';
import { openTreeSession, SETUP_TIMEOUT_MS } from './support/session';
import type { Session } from './support/session';
import { treeRow } from './support/workbench';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

async function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

describe('e2e: connecting through kubectl proxy and an exec plugin', function() {
  this.timeout(240_000);
  let lab: RunningLab;
  let dir: string;
  let proxy: ChildProcess | undefined;
  let s: Session | undefined;
  let remote: RunningLab | undefined;

  before(async function() {
    this.timeout(SETUP_TIMEOUT_MS);
    lab = await startTestLab('seed');
    dir = mkdtempSync(join(tmpdir(), 'podnet-connect-test-'));
  });
  after(async () => {
    await s?.close();
    await remote?.stop();
    if (proxy?.pid && proxy.exitCode === null) proxy.kill('SIGTERM');
    await lab?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const showsNodes = (label: string, kubeconfigPath: string) => showsNodesOf(lab, label, kubeconfigPath);

  async function showsNodesOf(of: RunningLab, label: string, kubeconfigPath: string): Promise<void> {
    s = await openTreeSession(label, { kubeconfigPath });
    try {
      for (const n of labNodes(of)) await treeRow(s.page, `${n.name} ${n.internalIP} · ${n.podCIDR} · `).waitFor({ state: 'visible', timeout: 60_000 });
    } catch (error) {
      // What the tree shows instead (the connection error, say) is the useful part of the failure.
      const rows = await s.page.locator('.sidebar [role=treeitem]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent));
      throw new Error(`${(error as Error).message.split('\n')[0]}; the tree shows: ${rows.join(' | ')}`);
    } finally {
      await s.close();
      s = undefined;
    }
  }

  it('through kubectl proxy: server http://127.0.0.1:PORT, no user', async function() {
    this.timeout(SETUP_TIMEOUT_MS);
    const port = await freePort();
    proxy = spawn('kubectl', ['proxy', '--port', String(port), '--address', '127.0.0.1', '--kubeconfig', lab.kubeconfigPath], { stdio: 'ignore' });
    const deadline = Date.now() + 15_000;
    while (!(await answers(`http://127.0.0.1:${port}/version`))) {
      assert.ok(Date.now() < deadline, 'kubectl proxy did not answer');
      await new Promise((r) => setTimeout(r, 200));
    }
    const kubeconfig = join(dir, 'proxy.kubeconfig');
    writeFileSync(
      kubeconfig,
      dump({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'proxy',
        clusters: [{ name: 'proxy', cluster: { server: `http://127.0.0.1:${port}` } }],
        contexts: [{ name: 'proxy', context: { cluster: 'proxy' } }],
      }),
    );
    await showsNodes('connect-proxy', kubeconfig);
  });

  it('through an exec credential plugin (relative ./command, KUBERNETES_EXEC_INFO required)', async function() {
    this.timeout(SETUP_TIMEOUT_MS);
    const plugin = join(dir, 'cred.sh');
    const credential = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: lab.token } });
    writeFileSync(plugin, `#!/bin/sh\n[ -n "$KUBERNETES_EXEC_INFO" ] || exit 3\necho '${credential}'\n`);
    chmodSync(plugin, 0o700);
    const kubeconfig = join(dir, 'exec.kubeconfig');
    writeFileSync(
      kubeconfig,
      dump({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'exec',
        clusters: [{ name: 'lab', cluster: { server: lab.server, 'certificate-authority-data': Buffer.from(lab.caPem).toString('base64') } }],
        users: [{ name: 'exec', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: './cred.sh', interactiveMode: 'Never' } } }],
        contexts: [{ name: 'exec', context: { cluster: 'lab', user: 'exec' } }],
      }),
    );
    await showsNodes('connect-exec', kubeconfig);
  });

  /** The lab on another loopback address: VS Code treats only localhost and 127.0.0.1 as local. */
  async function remoteLab(): Promise<RunningLab> {
    remote ??= await startLab({ scenario: 'seed', port: 0, host: '127.0.0.2' });
    return remote;
  }

  it('a server not at 127.0.0.1, by the client certificate of the kubeconfig (like kubeadm admin.conf)', async function() {
    this.timeout(SETUP_TIMEOUT_MS);
    const r = await remoteLab();
    const config = load(readFileSync(r.kubeconfigPath, 'utf8')) as Record<string, unknown>;
    const kubeconfig = join(dir, 'cert.kubeconfig');
    writeFileSync(kubeconfig, dump({ ...config, 'current-context': r.certContextName }));
    await showsNodesOf(r, 'connect-cert', kubeconfig);
  });

  it('a server not at 127.0.0.1, with insecure-skip-tls-verify and a token', async function() {
    this.timeout(SETUP_TIMEOUT_MS);
    const r = await remoteLab();
    const kubeconfig = join(dir, 'insecure.kubeconfig');
    writeFileSync(
      kubeconfig,
      dump({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'insecure',
        clusters: [{ name: 'lab', cluster: { server: r.server, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'admin', user: { token: r.token } }],
        contexts: [{ name: 'insecure', context: { cluster: 'lab', user: 'admin' } }],
      }),
    );
    await showsNodesOf(r, 'connect-insecure', kubeconfig);
  });
});
