import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseLabReadyLine } from '../../src/lab/labReadyLine';
import { runCli } from '../../src/cli/main';
import { Kubectl, parseTable, until } from './labKubectlSupport';

function startUp(args: string[]): { child: ReturnType<typeof spawn>; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', 'lab', 'up', ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

const groupAlive = (pid: number): boolean => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('podnet lab up / list', () => {
  const dir = mkdtempSync(join(tmpdir(), 'podnet-labup-test-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lab list names every scenario', async () => {
    let out = '';
    const code = await runCli(['lab', 'list'], { out: (t) => (out += t), err: () => undefined, isInteractive: false, signal: new AbortController().signal });
    assert.equal(code, 0);
    const names = out.trim().split('\n').map((l) => l.split(/\s+/)[0]);
    assert.deepEqual(names, [
      'seed',
      'weave',
      'flannel',
      'calico',
      'cilium',
      'kindnet',
      'no-cni',
      'empty',
      'broken-outside-block',
      'broken-overlap',
      'broken-node-network',
      'broken-service-network',
      'broken-no-podcidr',
      'scale',
    ]);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`runs in the foreground, writes the kubeconfig once the API answers, and leaves nothing behind on ${signal}`, async () => {
      const own = signal === 'SIGTERM' ? join(dir, 'own', 'kubeconfig') : undefined;
      const up = startUp(['--scenario', 'seed', ...(own ? ['--kubeconfig', own] : [])]);
      const pid = up.child.pid as number;
      try {
        const path = await until('export line', () => /export KUBECONFIG=(\S+)/.exec(up.output())?.[1], 30_000);
        if (own) assert.equal(path, own);
        // The file exists and the API behind it answers at the moment the path is printed.
        assert.ok(existsSync(path));
        const kubectl = new Kubectl(path);
        try {
          const nodes = parseTable(await kubectl.ok(['get', 'nodes', '-o', 'wide']));
          assert.deepEqual(nodes.map((n) => n['INTERNAL-IP']), ['172.31.1.10', '172.31.1.11', '172.31.1.12']);
        } finally {
          kubectl.dispose();
        }
        assert.match(up.output(), /Lab cluster "seed" is up at https:\/\/127\.0\.0\.1:\d+/);
        // The machine-readable line both launchers read names the same kubeconfig and server.
        const ready = parseLabReadyLine(up.output());
        assert.equal(ready?.kubeconfig, path);
        assert.equal(ready?.server, /is up at (\S+)/.exec(up.output())?.[1]);
        process.kill(pid, signal);
        assert.equal(await up.exited, 0);
        assert.match(up.output(), /Lab cluster stopped\./);
        assert.equal(existsSync(path), false);
        if (!own) assert.equal(existsSync(dirname(path)), false);
        await until('process group gone', () => !groupAlive(pid), 5_000);
      } finally {
        if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
      }
    });
  }

  it('refuses a non-loopback host and an unknown scenario', async () => {
    let err = '';
    const io = { out: () => undefined, err: (t: string) => (err += t), isInteractive: false, signal: new AbortController().signal };
    assert.equal(await runCli(['lab', 'up', '--host', '10.1.2.3'], io), 2);
    assert.match(err, /only loopback \(127\.0\.0\.0\/8\) or the benchmark range 198\.18\.0\.0\/15/);
    assert.equal(await runCli(['lab', 'up', '--scenario', 'nope'], io), 2);
    assert.match(err, /unknown scenario "nope"/);
  });
});
