// The extension connects the way kubectl does: through `kubectl proxy` (plain http, no user) and
// through an exec credential plugin context, and shows the lab's nodes in the tree.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
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

  before(async function() {
    this.timeout(SETUP_TIMEOUT_MS);
    lab = await startTestLab('seed');
    dir = mkdtempSync(join(tmpdir(), 'podnet-connect-test-'));
  });
  after(async () => {
    await s?.close();
    if (proxy?.pid && proxy.exitCode === null) proxy.kill('SIGTERM');
    await lab?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function showsNodes(label: string, kubeconfigPath: string): Promise<void> {
    s = await openTreeSession(label, { kubeconfigPath });
    try {
      for (const n of labNodes(lab)) await treeRow(s.page, `${n.name} ${n.internalIP} · ${n.podCIDR} · `).waitFor({ state: 'visible', timeout: 60_000 });
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
});
