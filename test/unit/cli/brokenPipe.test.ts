import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// `podnet lint … | head`: the reader closes the pipe early. The built CLI stops quietly with 141
// (what a shell shows for kubectl and git, which die of SIGPIPE), not a stack trace and exit 2.
describe('the podnet binary when its reader goes away', () => {
  it('exits 141 with nothing on stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'podnet-pipe-'));
    try {
      const file = join(dir, 'pools.yaml');
      let text = '';
      for (let i = 0; i < 3000; i++) {
        text += `---\napiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: p${i}}\nspec:\n  addresses: ["10.${i % 200}.0.0/16"]\n`;
      }
      writeFileSync(file, text);
      const cli = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
      const r = spawnSync('bash', [
        '-c',
        `"${process.execPath}" "${cli}" lint --format json "${file}" 2>"${dir}/err" | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"; cat "${dir}/err"`,
      ], {
        encoding: 'utf8',
        env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' },
      });
      assert.equal(r.stdout.trim(), '141', r.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
