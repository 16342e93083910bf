import assert from 'node:assert/strict';
import { build } from 'esbuild';

describe('cni agent: bundle', () => {
  it('bundles to one script that needs nothing beyond Node built-ins', async function() {
    this.timeout(20_000);
    const result = await build({
      entryPoints: ['src/cni/agent/main.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    const text = result.outputFiles[0].text;
    const required = [...new Set([...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))];
    assert.ok(required.length > 0);
    assert.deepEqual(required.filter((r) => !r.startsWith('node:')), []);
    assert.ok(text.length < 200_000, `agent is ${text.length} bytes`);
  });
});
