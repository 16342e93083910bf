import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLabChild } from '../../src/lab/labChildProcess';

// The extension's "Start Lab Cluster" runs the bundled CLI as a child: prove the real bundle does.
describe('lab as a child process (what Podnet: Start Lab Cluster runs)', function() {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    if (!existsSync('dist/cli.js')) execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
    dir = mkdtempSync(join(tmpdir(), 'podnet-labchild-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('answers kubectl once started, and removes its kubeconfig when stopped', async () => {
    const kubeconfigPath = join(dir, 'kubeconfig');
    const lab = await startLabChild({ cliPath: 'dist/cli.js', scenario: 'seed', kubeconfigPath });
    try {
      assert.match(lab.server, /^https:\/\/127\.0\.0\.1:\d+$/);
      const nodes = execFileSync('kubectl', ['--kubeconfig', kubeconfigPath, 'get', 'nodes', '-o', 'name'], { encoding: 'utf8' });
      assert.deepEqual(nodes.trim().split('\n'), ['node/node-1', 'node/node-2', 'node/node-3']);
    } finally {
      await lab.stop();
    }
    assert.equal(existsSync(kubeconfigPath), false, 'the kubeconfig outlived the lab');
    assert.throws(() => process.kill(lab.pid, 0), 'the lab process is still alive');
  });

  it('reports an unknown scenario with the lab’s own message instead of hanging', async () => {
    await assert.rejects(
      startLabChild({ cliPath: 'dist/cli.js', scenario: 'no-such-scenario', kubeconfigPath: join(dir, 'k2'), timeoutMs: 20_000 }),
      /exited with code 2 before it answered.*unknown scenario "no-such-scenario"/s,
    );
  });

  it('ends when its parent goes away (its stdin closes), removing its kubeconfig', async () => {
    const kubeconfigPath = join(dir, 'k4');
    const child = spawn(process.execPath, ['dist/cli.js', 'lab', 'up', '--scenario', 'empty', '--kubeconfig', kubeconfigPath], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, PODNET_LAB_STDIN_LIFELINE: '1' },
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => String(d).includes('Kubeconfig:') && resolve()));
    assert.equal(existsSync(kubeconfigPath), true);
    child.stdin.end(); // what the extension host's death looks like to the lab
    const code = await Promise.race([exited, new Promise((_, reject) => setTimeout(() => reject(new Error('the lab outlived its parent')), 15_000))]);
    assert.equal(code, 0);
    assert.equal(existsSync(kubeconfigPath), false);
  });

  it('can be cancelled while starting', async () => {
    const controller = new AbortController();
    const started = startLabChild({ cliPath: 'dist/cli.js', scenario: 'seed', kubeconfigPath: join(dir, 'k3'), signal: controller.signal });
    controller.abort();
    await assert.rejects(started, /cancelled/);
  });
});
