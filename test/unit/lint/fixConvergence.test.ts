// Every quick fix offered on the fixtures converges: applied, its finding is gone and no finding is
// added (checked here by counting findings per code and file, independently of the verifier's own
// position-keyed check); fixes that would not are dropped; `podnet lint --fix` leaves no error.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { ConfigFiles } from '../../../src/cli/commands/lintConfigFiles';
import { collectFiles, readAndExtract } from '../../../src/cli/commands/lintFiles';
import type { ClusterFacts } from '../../../src/core/cluster/clusterFacts';
import type { Finding, Fix } from '../../../src/core/lint/finding';
import { FixVerifier } from '../../../src/core/lint/fixVerification';
import type { LintInput } from '../../../src/core/lint/fixVerification';
import { lintFiles } from '../../../src/core/lint/lintEngine';
import type { FileExtract } from '../../../src/core/manifests/manifestFile';
import { ExtractCache, extractFile } from '../../../src/core/manifests/manifestFile';

const signal = new AbortController().signal;

/** A folder read the way `podnet lint DIR` reads it (its .podnet.yaml files included). */
async function loadSet(dir: string, cluster?: ClusterFacts): Promise<LintInput> {
  const configs = new ConfigFiles();
  const cache = new ExtractCache();
  const { files } = await collectFiles([dir], () => false, signal);
  const extracts: FileExtract[] = [];
  for (const f of files) extracts.push((await readAndExtract(f, cache, signal)).extract);
  for (const f of files) configs.configFor(f);
  return {
    files: extracts,
    options: { cluster, configOf: (f) => configs.configFor(f), configErrors: configs.errors, configs: configs.all(), canonical: (f) => resolve(f) },
    extract: (f, t) => extractFile(f, t, cache),
  };
}

/** Applies a fix's edits to the texts by hand and re-lints. */
function applyByHand(input: LintInput, fix: Fix): Finding[] {
  const files = input.files.map((x) => {
    const edits = fix.edits.filter((e) => e.file === x.file);
    if (!edits.length) return x;
    const lines = x.text.split('\n');
    for (const e of [...edits].sort((a, b) => b.start.line - a.start.line || b.start.character - a.start.character)) {
      assert.equal(e.start.line, e.end.line, 'fixes replace a range on one line');
      const l = lines[e.start.line];
      lines[e.start.line] = l.slice(0, e.start.character) + e.newText + l.slice(e.end.character);
    }
    return extractFile(x.file, lines.join('\n'));
  });
  return lintFiles(files, input.options).findings;
}

const countBy = (fs: readonly Finding[]) => {
  const m = new Map<string, number>();
  for (const f of fs) m.set(`${f.code} ${f.file}`, (m.get(`${f.code} ${f.file}`) ?? 0) + 1);
  return m;
};

function checkEveryFix(input: LintInput): { fixable: number; offered: number; dropped: number } {
  const result = lintFiles(input.files, input.options);
  const verifier = new FixVerifier(input, result);
  const before = countBy(result.findings);
  let fixable = 0;
  let offered = 0;
  let dropped = 0;
  for (const f of result.findings) {
    const candidates = verifier.candidates(f);
    const fixes = verifier.convergingFixes(f);
    if (candidates.length) fixable++;
    dropped += new Set(candidates.map((c) => JSON.stringify(c.edits))).size - fixes.length;
    assert.equal(new Set(fixes.map((x) => JSON.stringify(x.edits))).size, fixes.length, `${f.code} ${f.file}: a fix listed twice`);
    for (const fix of fixes) {
      offered++;
      const after = countBy(applyByHand(input, fix));
      const what = `${f.code} at ${f.file}:${f.start.line + 1} "${fix.title}"`;
      for (const [k, n] of after) assert.ok(n <= (before.get(k) ?? 0), `${what} adds ${k}`);
      assert.ok((after.get(`${f.code} ${f.file}`) ?? 0) < (before.get(`${f.code} ${f.file}`) ?? 0), `${what} leaves its finding`);
    }
  }
  return { fixable, offered, dropped };
}

describe('quick fixes converge', () => {
  for (const dir of ['test/fixtures/corpus', 'test/fixtures/upstream', 'test/fixtures/lint', 'test/fixtures/gitops', 'test/e2e/workspace']) {
    it(`every fix offered on ${dir} removes its finding and adds none`, async () => {
      const r = checkEveryFix(await loadSet(dir));
      assert.ok(r.offered > 0, `${dir}: some fix is offered (${JSON.stringify(r)})`);
    });
  }

  it('drops "Use X like kubeadm" when X is a value Podnet flags (overlap-a: 10.96.0.0/12 holds its pod network)', async () => {
    const input = await loadSet('test/fixtures/lint');
    const result = lintFiles(input.files, input.options);
    const pn121 = result.findings.find((f) => f.code === 'PN121' && f.fixes.some((x) => /like kubeadm/.test(x.title)));
    assert.ok(pn121, 'the fixture has a PN121 with an agreement fix');
    assert.deepEqual(new FixVerifier(input, result).convergingFixes(pn121).map((x) => x.title).filter((t) => /like kubeadm/.test(t)), []);
    const pn121Again = checkEveryFix(input);
    assert.ok(pn121Again.dropped > 0);
  });

  it('two findings on one range (PN110 and PN161 against the live service network) list their shared fix once', async () => {
    const facts: ClusterFacts = {
      context: 'lab',
      nodes: [{ name: 'n1', internalIPs: ['172.31.1.10'], podCIDRs: ['10.32.1.0/24'] }],
      serviceCIDRs: ['10.96.0.0/12'],
      podNetworks: ['10.32.0.0/12'],
    };
    const input = await loadSet('test/e2e/workspace', facts);
    const result = lintFiles(input.files, input.options);
    const onPod = result.findings.filter((f) => f.start.line === 8);
    assert.deepEqual(onPod.map((f) => f.code).sort(), ['PN110', 'PN161', 'PN162']);
    const verifier = new FixVerifier(input, result);
    const perFinding = onPod.flatMap((f) => verifier.convergingFixes(f));
    const listed = verifier.fixesFor(onPod);
    assert.ok(perFinding.length > listed.length, `${perFinding.length} fixes over the findings, ${listed.length} listed`);
    assert.equal(new Set(listed.map((x) => JSON.stringify(x.fix.edits))).size, listed.length);
    // The cluster's own pod network is among them, and it converges with the live facts.
    assert.ok(listed.some((x) => x.fix.edits[0].newText === '10.32.0.0/12'), JSON.stringify(listed.map((x) => x.fix.title)));
  });

  it('with a live cluster, its real pod network is offered for a warning that had no fix (PN162)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'podnet-fix-'));
    try {
      writeFileSync(
        join(dir, 'kubeadm.yaml'),
        'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: 10.244.0.0/16\n  serviceSubnet: 10.96.0.0/12\n',
      );
      const facts: ClusterFacts = {
        context: 'weave',
        nodes: [{ name: 'n1', internalIPs: ['172.31.1.10'], podCIDRs: ['10.32.0.0/24'] }],
        serviceCIDRs: ['10.96.0.0/12'],
        podNetworks: ['10.32.0.0/12'],
      };
      const input = await loadSet(dir, facts);
      const result = lintFiles(input.files, input.options);
      const pn162 = result.findings.find((f) => f.code === 'PN162');
      assert.ok(pn162);
      assert.deepEqual(pn162.fixes, []);
      const fixes = new FixVerifier(input, result).convergingFixes(pn162);
      assert.deepEqual(fixes.map((x) => x.edits.map((e) => e.newText)), [['10.32.0.0/12']]);
      assert.match(fixes[0].title, /pod network of cluster "weave"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function lint(...args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(['lint', ...args], { out: (t) => (out += t), err: (t) => (err += t), isInteractive: false, signal });
  return { code, out, err };
}

describe('podnet lint --fix', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'podnet-lintfix-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('on a copy of the e2e sample workspace: reports each change, writes it, leaves no error', async () => {
    cpSync('test/e2e/workspace', dir, { recursive: true });
    const file = join(dir, 'cluster', 'kubeadm-config.yaml');
    const before = readFileSync(file, 'utf8');
    assert.equal((await lint(dir)).code, 1);
    const r = await lint('--fix', dir);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /kubeadm-config\.yaml:9:14: fixed PN110: 10\.100\.0\.0\/16 → 10\.\d+\.0\.0\/16/);
    assert.match(r.out, /0 errors/);
    const after = readFileSync(file, 'utf8');
    assert.notEqual(after, before);
    // Only the fixed value changed: the comments and the rest are byte for byte the same.
    assert.equal(after.replace(/podSubnet: \S+/, ''), before.replace(/podSubnet: \S+/, ''));
    const again = await lint(dir);
    assert.equal(again.code, 0, again.out);
  });

  it('on the lint fixtures: JSON lists what changed, errors left keep exit 1, the BOM is kept', async () => {
    cpSync('test/fixtures/lint', dir, { recursive: true });
    const a = join(dir, 'overlap-a.yaml');
    writeFileSync(a, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(a)]));
    const r = await lint('--fix', '--format', 'json', dir);
    const report = JSON.parse(r.out);
    assert.ok(report.fixed.length > 0);
    for (const c of report.fixed) assert.ok(c.file && c.line >= 1 && c.oldText && c.newText && c.code);
    const left = await lint('--format', 'json', dir);
    assert.equal(r.code, JSON.parse(left.out).summary.errors ? 1 : 0);
    assert.deepEqual([...readFileSync(a).subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  });

  it('JSON without --fix lists the rules\' fixes unverified (no re-lint per fix), the PN121 "like kubeadm" one included', async () => {
    const report = JSON.parse((await lint('--format', 'json', 'test/fixtures/lint')).out);
    const fixes = report.findings.flatMap((f: { code: string; fixes: { title: string; verified: boolean }[] }) => f.fixes.map((x) => ({ code: f.code, ...x })));
    assert.ok(fixes.some((x: { code: string; title: string }) => x.code === 'PN121' && /like kubeadm/.test(x.title)), "the rule's own fix is listed");
    assert.ok(fixes.length > 0 && fixes.every((x: { verified: boolean }) => x.verified === false));
  });

  it('JSON with --fix lists the fixes of what is left verified against the fixed files', async () => {
    cpSync('test/fixtures/lint', dir, { recursive: true });
    // An invalid UTF-8 byte keeps --fix from writing overlap-a.yaml, so its findings are left with their fixes.
    const a = join(dir, 'overlap-a.yaml');
    writeFileSync(a, Buffer.concat([Buffer.from('# \xff\n', 'latin1'), readFileSync(a)]));
    const report = JSON.parse((await lint('--fix', '--format', 'json', dir)).out);
    const left = report.findings.filter((f: { file: string }) => f.file.endsWith('overlap-a.yaml'));
    const fixes = left.flatMap((f: { code: string; fixes: { title: string; verified: boolean }[] }) => f.fixes.map((x) => ({ code: f.code, ...x })));
    assert.ok(left.some((f: { code: string }) => f.code === 'PN121'), 'the PN121 finding is left');
    assert.ok(fixes.length > 0 && fixes.every((x: { verified: boolean }) => x.verified === true), JSON.stringify(fixes));
  });

  it('refuses standard input and leaves a file with invalid UTF-8 unwritten', async () => {
    assert.equal((await lint('--fix', '-')).code, 2);
    const bad = join(dir, 'bad.yaml');
    const bytes = Buffer.concat([Buffer.from('# \xff\n', 'latin1'), readFileSync('test/e2e/workspace/cluster/kubeadm-config.yaml')]);
    writeFileSync(bad, bytes);
    const r = await lint('--fix', dir);
    assert.equal(r.code, 1);
    assert.deepEqual(readFileSync(bad), bytes);
  });
});
