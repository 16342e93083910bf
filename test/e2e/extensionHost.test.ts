import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { REPO_ROOT } from '../../scripts/e2e/packageVsix';
import { startTestLab } from './support/lab';
import { ARTIFACTS } from './support/workbench';
import type { RunningLab } from './support/lab';
import { SETUP_TIMEOUT_MS, startSession } from './support/session';
import type { Session } from './support/session';

interface HostResult {
  passes: string[];
  failures: { title: string; error: string }[];
  pending: string[];
  metrics: Record<string, number>;
}

/** Builds test/e2e/host into one CJS file the extension host can load (mocha is required at run time). */
async function buildHostTests(outDir: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'index.js');
  await esbuild.build({
    entryPoints: [join(REPO_ROOT, 'test', 'e2e', 'host', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return outfile;
}

describe('e2e: integration tests inside the real extension host', function() {
  this.timeout(SETUP_TIMEOUT_MS);
  let s: Session | undefined;
  let lab: RunningLab | undefined;
  after(async () => {
    await s?.close();
    await lab?.stop();
  });

  it("runs test/e2e/host in code-server's extension host and they all pass", async () => {
    const hostDir = join(ARTIFACTS, 'host');
    mkdirSync(hostDir, { recursive: true });
    const resultsFile = join(hostDir, `results-${process.pid}.json`);
    // A live cluster, so that the disposal test sees real watches to close.
    lab = await startTestLab('seed');
    s = await startSession({
      label: 'host',
      extensionTests: true,
      // The disposal test needs live watches to close: connect at activation, not on the view.
      settings: { 'podnet.cluster.connect': 'onStartup' },
      env: {
        PODNET_E2E_REPO: REPO_ROOT,
        PODNET_E2E_HOST_RESULTS: resultsFile,
        KUBECONFIG: lab.kubeconfigPath,
        PODNET_E2E_LAB_PORT: new URL(lab.server).port,
      },
    });
    const bundle = await buildHostTests(join(s.run.root, 'host-tests'));
    const log: string[] = [];
    const exitCode = new Promise<number>((resolve) => {
      void s!.page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await s.page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      log.push(`${type}: ${Array.isArray(args) ? args.join(' ') : String(args)}`);
    });
    const remote = (p: string) => `vscode-remote://127.0.0.1:${s!.codeServer.port}${p}`;
    await s.open([
      ['extensionDevelopmentPath', remote(s.packed.dir)],
      ['extensionTestsPath', remote(bundle)],
    ]);
    const code = await Promise.race([
      exitCode,
      new Promise<number>((_, reject) =>
        setTimeout(() => reject(new Error(`no exit code from the extension host:\n${log.join('\n')}\n${s!.console.slice(-30).join('\n')}`)), 120_000)
      ),
    ]);
    assert.ok(existsSync(resultsFile), `the host tests wrote no results (exit ${code}):\n${log.join('\n')}`);
    const result = JSON.parse(readFileSync(resultsFile, 'utf8')) as HostResult;
    console.log(`      host: ${result.passes.length} passed, ${result.failures.length} failed; ${JSON.stringify(result.metrics)}`);
    assert.deepEqual(result.failures, [], 'host test failures');
    assert.deepEqual(result.pending, []);
    assert.ok(result.passes.length >= 3, `only ${result.passes.length} host tests ran`);
    assert.ok((result.metrics.labSocketsWhileActive ?? 0) > 0, 'the extension never connected to the lab during the disposal test');
    assert.equal(code, 0, `exit code ${code}`);
  });
});
