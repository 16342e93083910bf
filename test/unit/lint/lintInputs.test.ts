// What `podnet lint` reads and how: stdin, --rule, --config, podnet rules, Helm templates, special
// files (FIFO, /dev/zero), symlinks, encodings, the exit code when a file cannot be linted, SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { runCli } from '../../../src/cli/main';
import { RULES } from '../../../src/core/lint/ruleCatalog';

interface Run {
  code: number;
  out: string;
  err: string;
}
async function podnet(args: string[], stdin?: string | Buffer): Promise<Run> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    out: (t) => (out += t),
    err: (t) => (err += t),
    isInteractive: false,
    signal: new AbortController().signal,
    ...(stdin !== undefined ? { stdin: Readable.from([Buffer.from(stdin)]) } : {}),
  });
  return { code, out, err };
}
const lint = (...args: string[]) => podnet(['lint', ...args]);
const json = (r: Run) =>
  JSON.parse(r.out) as {
    filesLinted: number;
    findings: { file: string; code: string; severity: string; line: number; column: number; message: string; cluster: string | null }[];
  };
const codes = (r: Run) => json(r).findings.map((f) => f.code);

const OVERLAP = 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: 10.96.0.0/16\n  serviceSubnet: 10.96.0.0/12\n';
const POOL = 'apiVersion: crd.projectcalico.org/v1\nkind: IPPool\nmetadata:\n  name: p\nspec:\n  cidr: 10.50.0.0/16\n';

describe('podnet lint inputs', () => {
  let dir: string;
  // .git marks the repository root: the .podnet.yaml search stops there, never above the test's folder.
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'podnet-inputs-'));
    mkdirSync(join(dir, '.git'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('- reads standard input, named <stdin> or by --stdin-filename', async () => {
    const r = await podnet(['lint', '--format', 'json', '-'], OVERLAP);
    assert.equal(r.code, 1);
    assert.deepEqual(json(r).findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.code}`), ['<stdin>:4:14 PN110', '<stdin>:5:18 PN110']);
    const named = await podnet(['lint', '--format', 'json', '--stdin-filename', 'deploy/kubeadm.yaml', '-'], OVERLAP);
    assert.deepEqual(json(named).findings.map((f) => f.file), ['deploy/kubeadm.yaml', 'deploy/kubeadm.yaml']);
    assert.equal((await podnet(['lint', '--stdin-filename', 'x.yaml', 'a.yaml'])).code, 2, '--stdin-filename without -');
  });
  it('helm template … | podnet lint -: chart templates are skipped with one note each, the rendered output is linted in its cluster', async () => {
    const repo = await lint('--format', 'json', 'test/fixtures/gitops/charts');
    assert.equal(repo.code, 0, repo.err);
    assert.deepEqual(json(repo).findings.map((f) => `${f.file} ${f.code} ${f.severity}`), [
      'test/fixtures/gitops/charts/web/templates/pool.yaml PN154 information',
    ]);
    assert.match(json(repo).findings[0].message, /helm template … \| podnet lint -/);
    // The rendered chart, piped in and named inside clusters/prod: prod's .podnet.yaml and cluster apply.
    const rendered = readFileSync('test/fixtures/helm-rendered/web.yaml');
    const r = await podnet([
      'lint',
      '--format',
      'json',
      '--stdin-filename',
      'test/fixtures/gitops/clusters/prod/web-rendered.yaml',
      '-',
      'test/fixtures/gitops/clusters/prod',
    ], rendered);
    const onStdin = json(r).findings.filter((f) => f.file.endsWith('web-rendered.yaml'));
    assert.deepEqual(onStdin.map((f) => `${f.code} ${f.cluster}`), ['PN113 prod']);
    assert.match(onStdin[0].message, /10\.96\.5\.0\/24.*service network 10\.96\.0\.0\/12/);
    // Without a Chart.yaml a templates/ folder is ordinary YAML.
    mkdirSync(join(dir, 'templates'));
    writeFileSync(join(dir, 'templates', 'x.yaml'), 'kind: x\n{{- if .Values.a }}\nb: 1\n{{- end }}\n');
    assert.deepEqual(codes(await lint('--format', 'json', dir)), ['PN151']);
  });
  it('--rule CODE=SEVERITY overrides the default and .podnet.yaml; bad values are usage errors', async () => {
    writeFileSync(join(dir, 'k.yaml'), OVERLAP);
    const warned = await lint('--format', 'json', '--rule', 'PN110=warning', join(dir, 'k.yaml'));
    assert.equal(warned.code, 0);
    assert.deepEqual(json(warned).findings.map((f) => f.severity), ['warning', 'warning']);
    assert.deepEqual(codes(await lint('--format', 'json', '--rule=pn110=off', join(dir, 'k.yaml'))), []);
    // The repository config says PN170: warning; the command line wins.
    const gitops = json(await lint('--format', 'json', '--rule', 'PN170=error', 'test/fixtures/gitops'));
    assert.deepEqual([...new Set(gitops.findings.filter((f) => f.code === 'PN170').map((f) => f.severity))], ['error']);
    for (const bad of ['PN999=off', 'PN110=loud', 'PN110']) {
      const r = await lint('--rule', bad, join(dir, 'k.yaml'));
      assert.equal(r.code, 2, bad);
      assert.match(r.err, /--rule/);
    }
  });
  it('--config FILE applies to every file; an invalid config exits 2 with file:line:column: key', async () => {
    writeFileSync(join(dir, 'k.yaml'), OVERLAP);
    writeFileSync(join(dir, 'quiet.yaml'), 'rules: {PN110: "off"}\n');
    const quiet = await lint('--format', 'json', '--config', join(dir, 'quiet.yaml'), join(dir, 'k.yaml'));
    assert.equal(quiet.code, 0, quiet.err);
    assert.deepEqual(codes(quiet), []);
    writeFileSync(join(dir, 'bad.yaml'), 'rules:\n  PN110: loud\n');
    const bad = await lint('--config', join(dir, 'bad.yaml'), join(dir, 'k.yaml'));
    assert.equal(bad.code, 2);
    assert.match(bad.err, /bad\.yaml:2:10: rules\.PN110: must be one of error, warning, information, hint, off/);
    assert.equal((await lint('--config', join(dir, 'missing.yaml'), join(dir, 'k.yaml'))).code, 2);
    // Found by itself too: the nearest .podnet.yaml.
    writeFileSync(join(dir, '.podnet.yaml'), 'networks:\n  - {name: x, cidr: 10.0.0.0/33}\n');
    const found = await lint(join(dir, 'k.yaml'));
    assert.equal(found.code, 2);
    assert.match(found.err, /\.podnet\.yaml:2:21: networks\[0\]\.cidr: /);
  });
  it('podnet rules lists every rule (text and JSON) with default severity, summary and doc anchor', async () => {
    const text = await podnet(['rules']);
    assert.equal(text.code, 0);
    for (const r of RULES) {
      assert.match(
        text.out,
        new RegExp(`^${r.code}  ${r.severity} +${r.title.replace(/[.()]/g, '\\$&')}  \\(docs/rules\\.md#${r.code.toLowerCase()}\\)$`, 'm'),
      );
    }
    const j = JSON.parse((await podnet(['rules', '--format', 'json'])).out) as {
      rules: { code: string; defaultSeverity: string; summary: string; doc: string; helpUri: string }[];
    };
    assert.deepEqual(j.rules.map((r) => r.code), RULES.map((r) => r.code));
    const doc = readFileSync('docs/rules.md', 'utf8');
    for (const r of j.rules) {
      assert.ok(doc.includes(`<a id="${r.doc.split('#')[1]}"></a>`), r.doc);
      assert.match(r.helpUri, new RegExp(`#${r.code.toLowerCase()}$`));
    }
    assert.equal((await podnet(['rules', '--format', 'xml'])).code, 2);
  });
  it('a FIFO is refused without blocking, named on the command line or found in a folder; /dev/zero is refused unread', async () => {
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    const started = Date.now();
    const r = await lint(join(dir, 'pipe.yaml'));
    assert.equal(r.code, 2);
    assert.match(r.err, /pipe\.yaml: not linted: a FIFO \(named pipe\), not a regular file/);
    const walked = await lint('--format', 'json', dir);
    assert.equal(walked.code, 2);
    assert.deepEqual(codes(walked), ['PN152']);
    const zero = await lint('/dev/zero');
    assert.equal(zero.code, 2);
    assert.match(zero.err, /\/dev\/zero: not linted: a character device, not a regular file/);
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  });
  it('symlinks are followed once: a folder loop ends, a linked file and a file named twice are linted once', async () => {
    writeFileSync(join(dir, 'pool.yaml'), POOL);
    symlinkSync('.', join(dir, 'loop'));
    symlinkSync('pool.yaml', join(dir, 'alias.yaml'));
    mkdirSync(join(dir, 'sub'));
    symlinkSync('..', join(dir, 'sub', 'up'));
    const r = await lint('--format', 'json', dir, join(dir, 'pool.yaml'), join(dir, 'sub'));
    assert.equal(r.code, 0, r.out);
    assert.equal(json(r).filesLinted, 1);
    // (Linted twice, the pool would overlap itself: PN114.)
    assert.deepEqual(codes(r), []);
    symlinkSync('self.yaml', join(dir, 'self.yaml'));
    const loop = await lint(dir);
    assert.equal(loop.code, 2);
    assert.match(loop.err, /self\.yaml: not linted: a symbolic link loop/);
  });
  it('UTF-16 LE and BE (with BOM) and UTF-8 with BOM are decoded: the same findings at the same positions', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(OVERLAP, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    writeFileSync(join(dir, 'le.yaml'), le);
    writeFileSync(join(dir, 'be.yaml'), be);
    writeFileSync(join(dir, 'bom.yaml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(OVERLAP)]));
    for (const f of ['le.yaml', 'be.yaml', 'bom.yaml']) {
      const r = await lint('--format', 'json', join(dir, f));
      assert.deepEqual(json(r).findings.map((x) => `${x.line}:${x.column} ${x.code}`), ['4:14 PN110', '5:18 PN110'], f);
    }
  });
  it('invalid UTF-8 is linted with U+FFFD: the byte offset reported, the overlap after it still found', async () => {
    const head = Buffer.from('# caf');
    writeFileSync(join(dir, 'l1.yaml'), Buffer.concat([head, Buffer.from([0xe9, 0x0a]), Buffer.from(OVERLAP)]));
    const r = await lint('--format', 'json', join(dir, 'l1.yaml'));
    assert.equal(r.code, 1);
    assert.deepEqual(json(r).findings.map((f) => `${f.line}:${f.column} ${f.code}`), ['1:6 PN153', '5:14 PN110', '6:18 PN110']);
    assert.match(json(r).findings[0].message, /^Invalid UTF-8 at byte 5: replaced with U\+FFFD/);
  });
  it('a file that cannot be linted makes the exit code 2 and says why, unless .podnet.yaml ignores it', async () => {
    writeFileSync(join(dir, 'ok.yaml'), POOL);
    mkdirSync(join(dir, 'blobs'));
    writeFileSync(join(dir, 'blobs', 'x.yaml'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]));
    const r = await lint(dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /blobs\/x\.yaml: not linted: it looks binary/);
    writeFileSync(join(dir, '.podnet.yaml'), 'ignore: ["blobs/**"]\n');
    const ignored = await lint('--format', 'json', dir);
    assert.equal(ignored.code, 0, ignored.err);
    assert.deepEqual(codes(ignored), []);
    assert.equal(json(ignored).filesLinted, 1);
  });
  it('a file over the size limit is refused from its size, unread (exit 2)', async () => {
    // Sparse: 33 MiB on paper, nothing on disk.
    execFileSync('truncate', ['-s', '33M', join(dir, 'huge.yaml')]);
    const r = await lint(join(dir, 'huge.yaml'));
    assert.equal(r.code, 2);
    assert.match(r.err, /huge\.yaml: not linted: 34603008 bytes is over the 33554432-byte limit/);
  });
  it('SIGTERM stops a real `podnet lint -` waiting on its input at once (exit 143)', async function() {
    this.timeout(60_000);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', 'lint', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdin.write('apiVersion: v1\n');
    // Wait until it is idle: loaded, signal handlers installed, blocked on stdin (CPU time stops growing).
    const cpu = () => {
      const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return Number(f[11]) + Number(f[12]);
    };
    let last = -1;
    for (let i = 0; i < 200; i++) {
      await new Promise((r) => setTimeout(r, 150));
      const now = cpu();
      if (now === last && now > 0) break;
      last = now;
    }
    const sent = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    assert.equal(code, 143, err);
    assert.ok(Date.now() - sent < 2000, `exited ${Date.now() - sent} ms after SIGTERM`);
    assert.match(err, /interrupted/);
  });
});
