import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { contributedCommands, podnet, registeredPodnetCommands } from './extensionUnderTest';
import { hostMetrics } from './metrics';

/** Activation on VS Code's own terms (ext.activate), timed, and the commands it must register. */
export function defineActivationTests(): void {
  describe('activation in the real extension host', () => {
    it('activates within 1.5 s', async () => {
      const ext = podnet();
      assert.equal(ext.isActive, false, 'Podnet was activated before the test could time it');
      const started = performance.now();
      await ext.activate();
      const ms = performance.now() - started;
      hostMetrics.activationMs = Math.round(ms);
      console.log(`Podnet activation: ${ms.toFixed(0)} ms`);
      assert.equal(ext.isActive, true);
      assert.ok(ms < 1500, `activation took ${ms.toFixed(0)} ms`);
    });

    it('registers every command the palette ships', async () => {
      const { shipped } = contributedCommands(podnet());
      const registered = await registeredPodnetCommands();
      assert.deepEqual(shipped.filter((c) => !registered.includes(c)), [], 'shipped in the palette but not registered');
      hostMetrics.commandsShipped = shipped.length;
      hostMetrics.commandsRegistered = registered.length;
    });
  });
}
