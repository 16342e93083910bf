import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { podnet, registeredPodnetCommands } from './extensionUnderTest';
import { fakeContext } from './fakeContext';
import { installLeakProbe, socketsTo } from './leakProbe';
import { hostMetrics } from './metrics';

interface ExtensionModule {
  activate(ctx: vscode.ExtensionContext): Promise<void> | void;
  deactivate?(): Promise<void> | void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Activates the extension's module on a context the test owns, lets it run, then does what VS Code does on
 * shutdown (dispose the subscriptions, call deactivate) and checks that nothing it started is left running.
 */
export function defineDisposalTests(): void {
  describe('disposal leaves nothing behind', () => {
    it('unregisters its commands and ends its timers, watchers and cluster connections', async () => {
      const ext = podnet();
      assert.equal(ext.isActive, false, 'VS Code activated Podnet before the disposal test could own its context');
      assert.deepEqual(await registeredPodnetCommands().then((c) => c.filter((x) => !x.startsWith('podnet.clusterNetwork.'))), []);
      const storage = mkdtempSync(join(tmpdir(), 'podnet-host-ctx-'));
      const probe = installLeakProbe(ext.extensionPath);
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the very module VS Code loads
        const mod = require(join(ext.extensionPath, (ext.packageJSON as { main: string }).main)) as ExtensionModule;
        const ctx = fakeContext(ext, storage);
        await mod.activate(ctx);
        const registered = (await registeredPodnetCommands()).filter((c) => !c.startsWith('podnet.clusterNetwork.'));
        hostMetrics.subscriptions = ctx.subscriptions.length;
        assert.ok(ctx.subscriptions.length > 0, 'activate() put nothing on context.subscriptions');
        // Let it connect (this session sets podnet.cluster.connect: onStartup) and poll for a while.
        await sleep(Number(process.env.PODNET_E2E_SETTLE_MS ?? 1500));
        const labPort = Number(process.env.PODNET_E2E_LAB_PORT ?? 0);
        if (labPort) hostMetrics.labSocketsWhileActive = socketsTo(labPort);

        for (const d of ctx.subscriptions.splice(0).reverse()) await d.dispose();
        await mod.deactivate?.();
        await sleep(1500); // debounces and in-flight requests finish
        hostMetrics.timersCreated = probe.created('setInterval') + probe.created('setTimeout');
        assert.deepEqual(probe.alive(), [], 'timers or file watchers still alive after dispose');
        assert.deepEqual(
          (await registeredPodnetCommands()).filter((c) => !c.startsWith('podnet.clusterNetwork.')),
          [],
          `commands still registered after dispose (registered while active: ${registered.join(', ')})`,
        );
        if (labPort) assert.equal(socketsTo(labPort), 0, 'connections to the cluster still open after dispose');
      } finally {
        probe.uninstall();
        rmSync(storage, { recursive: true, force: true });
      }
    });
  });
}
