import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

// VS Code's extension host Node major by VS Code minor (Electron upgrades): 1.90–1.100 run Node 20,
// 1.101+ run Node 22. Unit tests must run on the Node major of the oldest VS Code we admit,
// or code that works in tests may crash in a user's extension host (client-node 2.x does on Node 20).
const hostNodeMajor = (minor: number): number => (minor <= 100 ? 20 : 22);

describe('node target', () => {
  it('tests run on the extension-host Node major of the oldest VS Code in engines.vscode', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { vscode: string } };
    const minor = Number(/^\^?1\.(\d+)\./.exec(pkg.engines.vscode)?.[1]);
    assert.ok(Number.isInteger(minor), `cannot read engines.vscode "${pkg.engines.vscode}"`);
    assert.equal(Number(process.versions.node.split('.')[0]), hostNodeMajor(minor));
  });
  it('bundles a client-node line that runs on that Node', () => {
    const pkg = JSON.parse(readFileSync('node_modules/@kubernetes/client-node/package.json', 'utf8')) as { version: string };
    assert.match(pkg.version, /^1\./, 'client-node 2.x crashes at import on Node 20');
  });
});
