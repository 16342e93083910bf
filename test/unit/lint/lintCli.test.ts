import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { extractFile } from '../../../src/core/manifests/manifestFile';

async function run(...args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(['lint', ...args], { out: (t) => (out += t), err: (t) => (err += t), isInteractive: false, signal: new AbortController().signal });
  return { code, out, err };
}

describe('podnet lint (CLI)', () => {
  let dir: string;
  // .git marks the repository root: the .podnet.yaml search stops there, never above the test's folder.
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'podnet-lint-'));
    mkdirSync(join(dir, '.git'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exit 0 on a clean file, 1 with error findings, 2 on usage and I/O errors', async () => {
    assert.equal((await run('test/fixtures/lint/clean.yaml')).code, 0);
    assert.equal((await run('test/fixtures/lint')).code, 1);
    assert.equal((await run()).code, 2);
    assert.equal((await run('--format', 'xml', 'test/fixtures/lint')).code, 2);
    const missing = await run(join(dir, 'nope.yaml'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /ENOENT/);
  });
  it('JSON findings carry 1-based file/line/column/endLine/endColumn, code, severity, related', async () => {
    const r = await run('--format', 'json', 'test/fixtures/lint/overlap-a.yaml', 'test/fixtures/lint/overlap-b.yaml');
    assert.equal(r.code, 1);
    const report = JSON.parse(r.out);
    const onA = report.findings.find((f: { file: string; code: string }) => f.file.endsWith('overlap-a.yaml') && f.code === 'PN110');
    // `  podSubnet: 10.96.0.0/16` on line 4: columns 14..26 (end exclusive).
    assert.deepEqual([onA.line, onA.column, onA.endLine, onA.endColumn], [4, 14, 4, 26]);
    assert.equal(onA.severity, 'error');
    assert.match(onA.helpUri, /rules\.md#pn110$/);
    assert.equal(onA.related[0].file.endsWith('overlap-b.yaml'), true);
    assert.deepEqual([onA.related[0].line, onA.related[0].column], [7, 5]);
    assert.equal(report.summary.errors > 0, true);
  });
  it('JSON goes to a byte sink as it does to a text one (the binary writes bytes to stdout)', async () => {
    const args = ['lint', '--format', 'json', 'test/fixtures/lint'];
    const bytes: Uint8Array[] = [];
    let textOut = '';
    const signal = new AbortController().signal;
    const viaBytes = await runCli(args, { out: (t) => (textOut += t), outBytes: (b) => bytes.push(b), err: () => undefined, isInteractive: false, signal });
    assert.equal(textOut, '', 'nothing went to the text sink');
    const viaText = await run('--format', 'json', 'test/fixtures/lint');
    assert.equal(viaBytes, viaText.code);
    assert.equal(Buffer.concat(bytes).toString('utf8'), viaText.out);
    assert.ok(JSON.parse(viaText.out).findings.length > 0);
  });
  it('SARIF 2.1.0 with rules (helpUri), regions and related locations', async () => {
    const r = await run('--format=sarif', 'test/fixtures/lint');
    const sarif = JSON.parse(r.out);
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    assert.equal(run0.tool.driver.name, 'podnet');
    // The bundled docs as installed (here: the repository's docs/rules.md), never a placeholder host.
    for (const rule of run0.tool.driver.rules) assert.match(rule.helpUri, /^file:\/\/\/.*\/docs\/rules\.md#pn\d{3}$/);
    assert.ok(existsSync(fileURLToPath(run0.tool.driver.rules[0].helpUri.replace(/#.*/, ''))));
    const res = run0.results.find((x: { ruleId: string }) => x.ruleId === 'PN110');
    assert.equal(run0.tool.driver.rules[res.ruleIndex].id, 'PN110');
    const region = res.locations[0].physicalLocation.region;
    assert.ok(region.startLine >= 1 && region.startColumn >= 1 && region.endColumn > region.startColumn);
    assert.equal(res.relatedLocations[0].id, 1);
    assert.ok(res.relatedLocations[0].physicalLocation.artifactLocation.uri.endsWith('.yaml'));
    assert.deepEqual(res.locations[0].physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.ok(!res.locations[0].physicalLocation.artifactLocation.uri.startsWith('/'));
    const abs = JSON.parse(
      (await run('--format=sarif', join(process.cwd(), 'test/fixtures/lint/overlap-a.yaml'), join(process.cwd(), 'test/fixtures/lint/overlap-b.yaml'))).out,
    );
    const loc = abs.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    assert.match(loc.uri, /^file:\/\/\/.*overlap-[ab]\.yaml$/);
    assert.equal(loc.uriBaseId, undefined);
  });
  it('a binary file is not linted (PN152, exit 2, the reason on stderr); a Latin-1 byte is replaced and reported (PN153)', async () => {
    const sub = join(dir, 'enc');
    mkdirSync(sub);
    writeFileSync(join(sub, 'bin.yaml'), Buffer.from([0x61, 0x00, 0x62]));
    writeFileSync(join(sub, 'latin1.yaml'), Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
    const r = await run('--format', 'json', sub);
    assert.equal(r.code, 2);
    assert.match(r.err, /bin\.yaml: not linted: it looks binary/);
    const report = JSON.parse(r.out);
    assert.deepEqual(report.findings.map((f: { code: string }) => f.code), ['PN152', 'PN153']);
    assert.match(report.findings[1].message, /Invalid UTF-8 at byte 3/);
    assert.deepEqual([report.findings[1].line, report.findings[1].column], [1, 4]);
  });
  it("reads Podnet's own bridge CNI manifest (podnet cni render): cluster-cidr and node-mask-size", async () => {
    let manifest = '';
    const code = await runCli(['cni', 'render', '--cluster-cidr', '10.250.0.0/16', '--node-mask', '25'], {
      out: (t) => (manifest += t),
      err: () => undefined,
      isInteractive: false,
      signal: new AbortController().signal,
    });
    assert.equal(code, 0);
    const r = extractFile('podnet.yaml', manifest);
    assert.deepEqual(r.ranges.map((x) => [x.role, x.text, x.source]), [['pod-network', '10.250.0.0/16', 'podnet']]);
    assert.deepEqual(r.blocks.map((b) => [b.field, b.prefix]), [['data.node-mask-size', 25]]);
    assert.deepEqual(r.problems, []);
  });
});
