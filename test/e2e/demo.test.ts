import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/e2e/freePort';
import { REPO_ROOT } from '../../scripts/e2e/packageVsix';
import { groupAlive, killGroup, spawnGroup } from '../../scripts/e2e/processGroup';
import { RUN_PREFIX } from '../../scripts/e2e/runDir';

const demoDirs = () => readdirSync(tmpdir()).filter((n) => n.startsWith(`${RUN_PREFIX}demo-`));

describe("e2e: npm run demo (the README's first command)", function() {
  this.timeout(600_000); // on a fresh machine the demo installs code-server first

  it('serves Podnet on the lab at the printed URL and leaves nothing behind on Ctrl+C', async () => {
    const port = await freePort();
    const before = new Set(demoDirs());
    const demo = spawnGroup(process.execPath, ['scripts/demo.mjs', '--port', String(port)], {
      cwd: REPO_ROOT,
      env: { ...process.env, PODNET_E2E_SOURCE: process.env.PODNET_E2E_SOURCE },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    demo.child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    demo.child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL within 420 s:\n${out}`)), 420_000);
        const check = () => {
          const m = /Open (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        };
        demo.child.stdout?.on('data', check);
        void demo.exited.then((c) => reject(new Error(`demo exited (${c}) before serving:\n${out}`)));
      });
      assert.ok(url.startsWith(`http://127.0.0.1:${port}/`), url);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.equal(health.status, 200);
      const page = await fetch(url);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /vscode-workbench|workbench/i);
      assert.match(out, /lab API server https:\/\/127\.0\.0\.1:\d+/);
      const runDir = demoDirs().find((d) => !before.has(d));
      assert.ok(runDir, 'no demo run dir');
      // Every process group the demo started (code-server, the lab), as recorded for the stale-run sweep.
      const groups = readFileSync(join(tmpdir(), runDir, 'groups.pid'), 'utf8').split(/\s+/).filter(Boolean).map(Number);
      assert.ok(groups.length >= 2, `recorded groups: ${groups.join(', ')}`);
      assert.ok(groups.every(groupAlive));

      demo.child.kill('SIGINT');
      const code = await Promise.race([demo.exited, new Promise<string>((r) => setTimeout(() => r('timeout'), 20_000))]);
      assert.equal(code, 0, `demo exit after SIGINT: ${code}\n${out}`);
      assert.match(out, /nothing left running/);
      // Helpers of the demo process (esbuild's service for tsx) exit when their parent's pipe closes.
      for (let i = 0; i < 40 && groupAlive(demo.pgid); i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(groupAlive(demo.pgid), false, 'the demo process is still running');
      assert.deepEqual(groups.filter(groupAlive), [], 'process groups of the demo still running');
      assert.equal(existsSync(join(tmpdir(), runDir)), false, `${runDir} was not removed`);
      await fetch(`http://127.0.0.1:${port}/healthz`).then(
        () => assert.fail('code-server still answers after Ctrl+C'),
        () => undefined,
      );
    } finally {
      await killGroup(demo.pgid);
    }
  });
});
