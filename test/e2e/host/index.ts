// Entry point of the integration tests that run INSIDE the real extension host (code-server's payload
// `extensionTestsPath`). Mocha comes from the repo's node_modules at run time; results go to the browser
// (codeAutomationLog / codeAutomationExit) and, as JSON, to PODNET_E2E_HOST_RESULTS for the outer test.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type MochaType from 'mocha';
import { defineActivationTests } from './activation.host';
import { defineDisposalTests } from './disposal.host';
import { hostMetrics } from './metrics';

interface HostResult {
  passes: string[];
  failures: { title: string; error: string }[];
  pending: string[];
  metrics: Record<string, number>;
}

export function run(): Promise<void> {
  const repo = process.env.PODNET_E2E_REPO;
  if (!repo) return Promise.reject(new Error('PODNET_E2E_REPO is not set'));
  const Mocha = createRequire(join(repo, 'package.json'))('mocha') as typeof MochaType;
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, 'podnet-host', mocha);
  // Order matters: the disposal suite activates the module on a context it owns, before VS Code does.
  defineDisposalTests();
  defineActivationTests();
  const result: HostResult = { passes: [], failures: [], pending: [], metrics: hostMetrics };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const file = process.env.PODNET_E2E_HOST_RESULTS;
      if (file) writeFileSync(file, JSON.stringify(result, null, 2));
      if (failures > 0 || result.pending.length > 0) reject(new Error(`${failures} host test(s) failed, ${result.pending.length} pending`));
      else resolve();
    });
    runner.on('pass', (t) => result.passes.push(t.fullTitle()));
    runner.on('pending', (t) => result.pending.push(t.fullTitle()));
    runner.on('fail', (t, err: Error) => result.failures.push({ title: t.fullTitle(), error: err.stack ?? String(err) }));
  });
}
