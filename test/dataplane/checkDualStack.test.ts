// `podnet check` on a dual-stack data-plane lab: the bridge CNI installed with one IPv4 and one IPv6
// pod network, then the real check, whose plan probes every pair once per family. IPv6 pod → pod
// across nodes must pass with the sender's own IPv6 address seen by the receiver, like IPv4. Needs
// root (the dataplane tier).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckReport } from '../../src/core/check/checkReport';
import { dataplaneUnavailable } from '../../src/lab/dataplane/labDataplane';
import type { RunningLab } from '../../src/lab/startLab';
import { startLab } from '../../src/lab/startLab';

const cli = 'dist/cli.js';

function exec(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { env: { ...process.env, ...env }, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 },
      (error, out, err) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out, err }),
    );
  });
}

describe('dataplane: podnet check on a dual-stack lab probes IPv4 and IPv6 alike', function() {
  let lab: RunningLab | undefined;
  let dir = '';
  const env = (): NodeJS.ProcessEnv => ({ KUBECONFIG: lab?.kubeconfigPath ?? '' });

  before(async function() {
    this.timeout(180_000);
    // Not a skip: the dataplane tier (scripts/test.mjs) says loudly when it cannot run here.
    assert.equal(dataplaneUnavailable(), undefined);
    assert.ok(existsSync(cli), `${cli} is missing: npm run build`);
    dir = mkdtempSync(join(tmpdir(), 'podnet-check-dual-'));
    lab = await startLab({ scenario: 'no-cni', dataplane: true, clusterCidr: '198.19.0.0/16,2001:2:0:100::/56', kubeconfigPath: join(dir, 'kubeconfig') });
    const install = await exec(['cni', 'install', '--yes', '--cluster-cidr', '198.19.0.0/16,2001:2:0:100::/56'], env());
    assert.equal(install.code, 0, install.out + install.err);
  });

  after(async function() {
    this.timeout(60_000);
    await lab?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("every pod pair once per family, IPv6 across nodes with the sender's own address seen", async function() {
    this.timeout(300_000);
    const run = await exec(['check', '--yes', '--format', 'json', '--timeout', '180'], env());
    assert.ok(run.code === 0 || run.code === 1, `podnet check could not run (exit ${run.code}):\n${run.err}`);
    const report = JSON.parse(run.out) as CheckReport;
    const failed = report.pairs.filter((r) => !r.ok || r.sourcePreserved === false);
    assert.equal(run.code, 0, `${run.err}\n${JSON.stringify(failed, null, 1)}`);
    const podToPod = report.pairs.filter((r) => (r.kind === 'same-node' || r.kind === 'cross-node') && r.protocol !== 'icmp');
    const v6 = podToPod.filter((r) => isIPv6(r.to.ip ?? ''));
    const v4 = podToPod.filter((r) => !isIPv6(r.to.ip ?? ''));
    assert.ok(v6.length > 0, 'no IPv6 pod → pod probe in the plan');
    assert.equal(v6.length, v4.length, 'each pair is probed in both families');
    assert.ok(
      v6.every((r) => isIPv6(r.from.ip ?? '') && r.from.ip!.startsWith('2001:2:0:1') && r.to.ip!.startsWith('2001:2:0:1')),
      'IPv6 pairs use pod addresses',
    );
    assert.ok(v6.every((r) => r.sourcePreserved === true && r.sourceSeen === r.from.ip), "every IPv6 receiver saw the sender pod's IPv6 address");
    const crossV6 = new Set(v6.filter((r) => r.kind === 'cross-node').map((r) => `${r.from.node}>${r.to.node}`));
    assert.equal(crossV6.size, 6, `IPv6 across every ordered pair of nodes: ${[...crossV6].join(' ')}`);
    const left = await new Promise<string>((resolve) =>
      execFile(
        'kubectl',
        ['get', 'namespace', 'podnet-check', '--ignore-not-found', '-o', 'name'],
        { env: { ...process.env, ...env() } },
        (_e, out) => resolve(out),
      )
    );
    assert.equal(left.trim(), '', 'the check left its namespace behind');
  });
});
