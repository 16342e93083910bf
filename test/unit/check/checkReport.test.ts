import assert from 'node:assert/strict';
import type { PodOutcome } from '../../../src/core/check/checkOutcome';
import { buildReport } from '../../../src/core/check/checkOutcome';
import type { ProbeResult } from '../../../src/core/check/checkReport';
import { tasksFor } from '../../../src/core/check/checkPlan';
import { checkExitCode, formatReportJson, formatReportText } from '../../../src/core/check/formatReport';
import { nodeMatrix } from '../../../src/core/check/nodeMatrix';
import { runExitCode } from '../../../src/cli/commands/check';
import { samplePlan } from './samplePlan';

/** What a probe pod would report if every probe passed with the source preserved. */
function allPass(pod: string): PodOutcome {
  const plan = samplePlan();
  const results: ProbeResult[] = tasksFor(plan, pod).map((t) => ({
    from: t.from,
    to: t.to,
    kind: t.kind,
    protocol: t.protocol,
    ok: true,
    sourcePreserved: t.kind === 'same-node' || t.kind === 'cross-node' ? true : null,
    latencyMs: 1.5,
  }));
  return { pod, results, notRun: [] };
}
const everyone = (): Map<string, PodOutcome> => new Map(['a-1', 'b-1', 'a-2', 'b-2', 'h-1', 'h-2'].map((p) => [p, allPass(p)]));
const report = (outcomes: Map<string, PodOutcome>) =>
  buildReport({ context: 'prod', startedAt: '2026-01-01T00:00:00.000Z', durationMs: 4200, plan: samplePlan(), outcomes });

describe('check: results → report, text and JSON, exit codes', () => {
  it('every planned probe answered: all passed, nothing missing, exit 0', () => {
    const r = report(everyone());
    assert.equal(r.schemaVersion, 1);
    assert.equal(r.pairs.length, 4 * 21 + 2 * 8);
    assert.deepEqual(r.summary, { passed: r.pairs.length, failed: 0 });
    assert.equal(r.missing, undefined);
    assert.equal(checkExitCode(r), 0);
    assert.match(formatReportText(r), /Result: every probe passed/);
    assert.deepEqual(JSON.parse(formatReportJson(r)), JSON.parse(JSON.stringify(r)));
  });

  it('a rewritten source counts as a failure even when the probe got through, and the text names the NAT', () => {
    const outcomes = everyone();
    const a1 = allPass('a-1');
    const results = a1.results.map((
      x,
    ) => (x.kind === 'cross-node' && x.protocol === 'tcp' && x.to.pod === 'a-2' ? { ...x, sourcePreserved: false, sourceSeen: '192.168.0.11' } : x));
    outcomes.set('a-1', { ...a1, results });
    const r = report(outcomes);
    assert.equal(r.summary.failed, 1);
    assert.equal(checkExitCode(r), 1);
    const text = formatReportText(r);
    assert.match(
      text,
      /✗ cross-node tcp\s+a-1 \(n1, 10\.244\.1\.5\) → a-2 \(n2, 10\.244\.2\.5\): the receiver saw 192\.168\.0\.11 instead of 10\.244\.1\.5: NAT between pods/,
    );
    assert.match(text, /Result: FAILED/);
  });

  it('with the uninstall signal read: the text names routes withdrawn as the likely cause of the cross-node failures, and the adopted run', () => {
    const outcomes = new Map(
      [...everyone()].map((
        [pod, o],
      ) => [pod, {
        ...o,
        results: o.results.map((x) => (x.kind === 'cross-node' ? { ...x, ok: false, latencyMs: null, sourcePreserved: null, error: 'timed out' } : x)),
      }]),
    );
    const r = { ...report(outcomes), routesWithdrawn: "Podnet's settings say state: remove", adoptedProbes: 'run-0' };
    const crossing = r.pairs.filter((p) => p.kind === 'cross-node').length;
    const text = formatReportText(r);
    assert.match(text, new RegExp(`Likely cause of ${crossing} cross-node failures: Routes withdrawn: Podnet's settings say state: remove`));
    assert.match(text, /Probe pods adopted from check run run-0 \(kept with --keep\)/);
    assert.doesNotMatch(formatReportText(report(outcomes)), /Likely cause/, 'no signal read, no cause claimed');
  });

  it('a probe pod that never reported is missing (exit 1), and a partial outcome names each probe it lacks', () => {
    const outcomes = everyone();
    outcomes.delete('h-2');
    const b2 = allPass('b-2');
    outcomes.set('b-2', { ...b2, results: b2.results.filter((x) => x.kind !== 'dns') });
    const r = buildReport({ context: 'prod', startedAt: '', durationMs: 0, plan: samplePlan(), outcomes, absentReason: (p) => `${p} timed out` });
    assert.deepEqual(r.missing?.map((m) => m.reason), ['h-2 timed out', 'no result for dns dns to kubernetes.default (10.96.0.10)']);
    assert.deepEqual(r.missing?.[0].from, { node: 'n2', ip: '192.168.0.12' });
    assert.equal(r.missing?.[0].to, undefined, 'a probe pod that never reported took all its probes with it');
    assert.deepEqual([r.missing?.[1].kind, r.missing?.[1].to?.name], ['dns', 'kubernetes.default'], 'a probe the plan knows says what and where');
    assert.equal(r.summary.failed, 0);
    assert.equal(checkExitCode(r), 1);
    assert.match(formatReportText(r), /Missing \(planned, never reported\):\n {2}\? node n2 \(192\.168\.0\.12\): h-2 timed out/);
  });

  it('results the plan did not ask for are dropped (a stale or foreign outcome proves nothing); not-run probes are neither passed nor failed', () => {
    const outcomes = everyone();
    const a1 = allPass('a-1');
    const icmp = a1.results.filter((x) => x.protocol === 'icmp');
    const stray: ProbeResult = { ...a1.results[0], to: { pod: 'ghost', node: 'n9', ip: '10.9.9.9' } };
    outcomes.set('a-1', {
      ...a1,
      results: [...a1.results.filter((x) => x.protocol !== 'icmp'), stray],
      notRun: icmp.map((x) => ({ from: x.from, to: x.to, kind: x.kind, protocol: x.protocol, reason: 'ping is not permitted here' })),
    });
    const r = report(outcomes);
    assert.ok(!r.pairs.some((p) => p.to.pod === 'ghost'));
    assert.equal(r.notRun?.length, 3);
    assert.equal(r.missing, undefined);
    assert.equal(checkExitCode(r), 0);
    assert.match(formatReportText(r), /Not run \(neither passed nor failed\):\n {2}- same-node icmp/);
  });

  it('the text shows the counts per kind and what is known about masquerade to the external target', () => {
    const outcomes = everyone();
    const a1 = allPass('a-1');
    const ext: ProbeResult = {
      from: a1.results[0].from,
      to: { name: 'example:443' },
      kind: 'external',
      protocol: 'tcp',
      ok: true,
      sourcePreserved: null,
      latencyMs: 3,
      masqueraded: null,
    };
    outcomes.set('a-1', { ...a1, results: [...a1.results, ext] });
    const r = buildReport({ context: 'prod', startedAt: '', durationMs: 0, plan: samplePlan({ external: { host: 'example', port: 443 } }), outcomes });
    const text = formatReportText(r);
    assert.match(text, /^same-node\s+12\s+0$/m);
    assert.match(text, /^cross-node\s+24\s+0$/m);
    assert.match(text, /external example:443: masquerade unknown/);
    assert.equal(r.missing?.length, 3, 'the other pods did not report their external probe');
  });

  it('exit codes of a run: report 0/1, dry-run 0, declined and could-not-run 2', () => {
    const ok = report(everyone());
    assert.equal(runExitCode({ outcome: 'report', report: ok, lines: [] }), 0);
    assert.equal(runExitCode({ outcome: 'report', report: { ...ok, summary: { passed: 1, failed: 1 } }, lines: [] }), 1);
    assert.equal(runExitCode({ outcome: 'dry-run', yaml: '', lines: [] }), 0);
    assert.equal(runExitCode({ outcome: 'declined', lines: [] }), 2);
    assert.equal(runExitCode({ outcome: 'could-not-run', lines: [] }), 2);
  });
});

describe('check: the node × node matrix of pod → pod probes', () => {
  it('counts same-node on the diagonal and cross-node + MTU off it, failures marked, in the text too', () => {
    const outcomes = everyone();
    const a1 = allPass('a-1');
    outcomes.set('a-1', {
      ...a1,
      results: a1.results.map((
        x,
      ) => (x.kind === 'mtu' && x.protocol === 'udp' && x.to.pod === 'a-2' ? { ...x, ok: false, latencyMs: null, error: 'message too long' } : x)),
    });
    const r = report(outcomes);
    const m = nodeMatrix(r);
    assert.deepEqual(m.nodes, ['n1', 'n2']);
    // n1 → n1: a-1 ↔ b-1 over tcp, udp, icmp and 2 MTU probes each way.
    assert.deepEqual(m.cells.get('n1')?.get('n1'), { passed: 10, total: 10 });
    // n1 → n2: 2 senders × 2 receivers × (3 + 2); one MTU probe failed.
    assert.deepEqual(m.cells.get('n1')?.get('n2'), { passed: 19, total: 20 });
    assert.deepEqual(m.cells.get('n2')?.get('n1'), { passed: 20, total: 20 });
    const text = formatReportText(r);
    assert.match(text, /^n1 {10}10\/10 {7}19\/20 ✗$/m);
    assert.match(text, /^n2 {10}20\/20 {7}10\/10$/m);
  });
});
