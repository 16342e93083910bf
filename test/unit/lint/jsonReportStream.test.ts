import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { jsonReportChunks } from '../../../src/core/lint/jsonReportStream';
import { lintFiles } from '../../../src/core/lint/lintEngine';
import type { JsonReportOptions } from '../../../src/core/lint/reportFormats';
import { toJsonReport } from '../../../src/core/lint/reportFormats';
import { extractFile } from '../../../src/core/manifests/manifestFile';

// The streamed JSON report (what `podnet lint --format json` writes) against the one-object form
// it replaced: byte for byte JSON.stringify(report, null, 2) + "\n", whatever the report holds.
const lintDir = (dir: string) =>
  lintFiles(readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => extractFile(join(dir, f), readFileSync(join(dir, f), 'utf8'))));
const whole = (report: ReturnType<typeof lintFiles>, o: JsonReportOptions, fixed?: object[]) =>
  `${JSON.stringify({ ...toJsonReport(report, o), ...(fixed ? { fixed } : {}) }, null, 2)}\n`;
const text = (chunks: Iterable<Uint8Array>) => Buffer.concat([...chunks]).toString('utf8');
const streamed = (report: ReturnType<typeof lintFiles>, o: JsonReportOptions, fixed?: object[]) => text(jsonReportChunks(report, o, fixed as never));
const options: JsonReportOptions = { filesLinted: 3, docUrl: 'file:///opt/podnet/docs/rules.md', fixesVerified: false };

describe('the streamed JSON lint report', () => {
  it('equals the one-object report on findings with related locations and fixes', () => {
    const report = lintDir('test/fixtures/lint');
    assert.ok(report.findings.some((f) => f.related.length && f.fixes.length), 'the fixture has related locations and fixes');
    assert.equal(streamed(report, options), whole(report, options));
    assert.equal(streamed(report, { ...options, fixesVerified: true }), whole(report, { ...options, fixesVerified: true }));
    assert.match(streamed(report, options), /"verified": false/);
  });
  it('equals it with suppressed findings (a quote and a newline in a reason) and with --fix changes', () => {
    const text =
      '# podnet-disable-next-line PN110 -- "why"\\n\nkind: ClusterConfiguration\napiVersion: kubeadm.k8s.io/v1beta3\nnetworking:\n  # podnet-disable-next-line PN110 -- "why"\n  podSubnet: 10.96.0.0/16\n  serviceSubnet: 10.96.0.0/16\n';
    const report = lintFiles([extractFile('s.yaml', text)]);
    assert.ok(report.suppressed.length > 0 && report.findings.length > 0);
    const fixed = [{ file: 's.yaml', line: 6, column: 14, code: 'PN110', title: 'Replace with "x"', oldText: '10.96.0.0/16', newText: '10.97.0.0/16' }];
    assert.equal(streamed(report, options), whole(report, options));
    assert.equal(streamed(report, options, fixed), whole(report, options, fixed));
    assert.equal(streamed(report, options, []), whole(report, options, []));
  });
  it('equals it for an empty report', () => {
    const report = lintFiles([extractFile('clean.yaml', 'kind: ConfigMap\n')]);
    assert.deepEqual([report.findings.length, report.suppressed.length], [0, 0]);
    assert.equal(streamed(report, options), whole(report, options));
  });
  it('is written in chunks of at most 256 KB, never as one string', () => {
    const report = lintDir('test/fixtures/lint');
    const many = { ...report, findings: Array.from({ length: 400 }, () => report.findings).flat() };
    const chunks = [...jsonReportChunks(many, options)];
    assert.ok(chunks.length > 3, `${chunks.length} chunks`);
    // Full but for the room a next batch of findings needs.
    assert.ok(chunks.slice(0, -1).every((c) => c.length > 128 * 1024 && c.length <= 256 * 1024), chunks.map((c) => c.length).join(' '));
    assert.equal(text(chunks), whole(many, options));
  });
});
