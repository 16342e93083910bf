import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkFindings, checkFindingsAbout, checkFindingSeverity, checkFindingTitles } from '../../../src/core/check/checkFindings';
import type { CheckFindingCode } from '../../../src/core/check/checkFindings';
import { withCheckFindings } from '../../../src/core/check/checkFindingsDocument';
import { findingsDocument } from '../../../src/core/cluster/findingsDocument';
import { ruleByCode } from '../../../src/core/lint/ruleCatalog';
import { breakWhere, failed, passingPairs, probePod, report } from './checkFixtures';

const between = (kind: string, a: string, b: string) => (p: { kind: string; from: { node?: string }; to: { node?: string } }) =>
  p.kind === kind && p.from.node === a && p.to.node === b;

describe('check: findings with PN codes', () => {
  it('a passing report has none (external masquerade included)', () => {
    assert.deepEqual(checkFindings(report(passingPairs())), []);
    assert.deepEqual(
      checkFindings(report(breakWhere(passingPairs(), (p) => p.kind === 'external', { sourcePreserved: false, sourceSeen: '172.31.0.11' }))),
      [],
    );
  });

  it('every code is in the one catalog with the same title and severity, documented in docs/rules.md', () => {
    const doc = readFileSync('docs/rules.md', 'utf8');
    for (const code of Object.keys(checkFindingTitles) as CheckFindingCode[]) {
      const rule = ruleByCode.get(code);
      assert.ok(rule, code);
      assert.deepEqual([rule.title, rule.severity, rule.scope], [checkFindingTitles[code], checkFindingSeverity[code], 'cluster']);
      assert.ok(doc.includes(`<a id="${code.toLowerCase()}"></a>\n## ${code}`), code);
    }
  });

  it('PN200: cross-node failures, one per ordered node pair, naming protocols and errors', () => {
    const pairs = breakWhere(passingPairs(), (p) => p.kind === 'cross-node' && p.to.node === 'node-2', failed);
    const f = checkFindings(report(pairs));
    assert.deepEqual(f.map((x) => x.code), ['PN200', 'PN200']);
    assert.match(f[0].message, /^3 probes of 3 from pods on node-1 to pods on node-2 failed \(tcp, udp, icmp\): timeout after 2000 ms$/);
    assert.deepEqual(f[0].subjects, [{ kind: 'node', name: 'node-1' }, { kind: 'node', name: 'node-2' }]);
    assert.equal(f[0].pairs.length, 3);
    assert.ok(f[0].pairs.every((i) => pairs[i].kind === 'cross-node' && !pairs[i].ok));
  });

  it('PN201: same-node failure, about that node only', () => {
    const f = checkFindings(report(breakWhere(passingPairs(), between('same-node', 'node-3', 'node-3'), { ...failed, protocol: 'udp' })));
    assert.deepEqual(f.map((x) => [x.code, x.subjects]), [['PN201', [{ kind: 'node', name: 'node-3' }]]]);
    assert.equal(checkFindingsAbout(f, 'node-3').length, 1);
    assert.equal(checkFindingsAbout(f, 'node-1').length, 0);
  });

  it('PN202: NAT between pods (sourcePreserved false), with the address the receiver saw', () => {
    const f = checkFindings(
      report(
        breakWhere(passingPairs(), (p) => between('cross-node', 'node-1', 'node-3')(p) && p.protocol === 'tcp', {
          sourcePreserved: false,
          sourceSeen: '172.31.0.11',
        }),
      ),
    );
    assert.deepEqual(f.map((x) => x.code), ['PN202']);
    assert.match(f[0].message, /arrived as 172\.31\.0\.11, not from the pod's own IP/);
  });

  it('PN203: an MTU black hole, and whether small probes pass', () => {
    const alone = checkFindings(report(breakWhere(passingPairs(), between('mtu', 'node-2', 'node-1'), failed)));
    assert.deepEqual(alone.map((x) => x.code), ['PN203']);
    assert.match(alone[0].message, /^1472-byte packets with DF set from pods on node-2 to pods on node-1 are lost \(1 probe\); small probes between them pass/);
    const both = checkFindings(
      report(breakWhere(breakWhere(passingPairs(), between('mtu', 'node-2', 'node-1'), failed), between('cross-node', 'node-2', 'node-1'), failed)),
    );
    assert.deepEqual(both.map((x) => x.code), ['PN200', 'PN203']);
    assert.match(both[1].message, /small probes between them fail too/);
  });

  it('PN204: pod → node and node → pod', () => {
    const f = checkFindings(
      report(breakWhere(breakWhere(passingPairs(), between('pod-node', 'node-1', 'node-2'), failed), between('node-pod', 'node-3', 'node-3'), failed)),
    );
    assert.deepEqual(f.map((x) => x.code), ['PN204', 'PN204']);
    assert.match(f[0].message, /from pods on node-1 to node node-2 failed/);
    assert.match(f[1].message, /from node node-3 \(host network\) to pods on node-3 failed/);
    assert.equal(f[0].severity, 'warning');
  });

  it('PN205, PN206, PN207: Service, DNS and egress, one per source node', () => {
    const pairs = breakWhere(
      breakWhere(breakWhere(passingPairs(), (p) => p.kind === 'service' && p.from.node === 'node-2', failed), (p) => p.kind === 'dns', {
        ...failed,
        error: 'NXDOMAIN',
      }),
      (p) => p.kind === 'external' && p.from.node === 'node-1',
      { ...failed, error: 'connection refused' },
    );
    const f = checkFindings(report(pairs));
    assert.deepEqual(f.map((x) => x.code), ['PN205', 'PN206', 'PN206', 'PN206', 'PN207']);
    assert.match(f[0].message, /from pods on node-2 to the kubernetes\.default Service at 10\.96\.0\.1 failed: timeout/);
    assert.match(f[1].message, /a DNS query for kubernetes\.default to 10\.96\.0\.10 failed: NXDOMAIN/);
    assert.match(f[4].message, /to 198\.18\.200\.1:443 failed: connection refused/);
  });

  it('PN208: probes that never reported, per node with the reasons', () => {
    const f = checkFindings(report(passingPairs(), [
      { from: probePod(2, 0), reason: 'probe pod Pending: 0/1 nodes available' },
      { from: probePod(2, 1), reason: 'probe pod Pending: 0/1 nodes available' },
    ]));
    assert.deepEqual(f.map((x) => [x.code, x.missing, x.subjects]), [['PN208', [0, 1], [{ kind: 'node', name: 'node-2' }]]]);
    assert.match(f[0].message, /^2 probes from the probe pods on node-2 never reported: probe pod Pending: 0\/1 nodes available$/);
  });
});

describe('check: findings in the Problems document', () => {
  it('appends one line per finding after the cluster findings, at the line the diagnostic points to', () => {
    const pairs = breakWhere(passingPairs(), (p) => p.kind === 'same-node' && p.from.node === 'node-1', failed);
    const r = report(pairs);
    const base = findingsDocument('podnet-lab', 'https://127.0.0.1:6443', [{
      code: 'node-without-block',
      severity: 'warning',
      message: 'node-9 has no pod block',
      subjects: [{ kind: 'node', name: 'node-9' }],
    }]);
    const doc = withCheckFindings(base, r, checkFindings(r));
    const lines = doc.text.split('\n');
    assert.equal(doc.clusterLines, base.lines);
    assert.match(lines[base.lines[0].line], /PN195/);
    assert.equal(doc.checkLines.length, 1);
    const l = doc.checkLines[0];
    assert.equal(lines[l.line], `error   PN201 Pods on the same node cannot reach each other: ${l.finding.message}`);
    assert.equal(lines[l.line].length, l.length);
    assert.match(lines[l.line - 1], /^Connectivity check of 2026-12-01T22:00:00Z \(4\.2 s\): \d+ passed, \d+ failed\.$/);
  });

  it('a passing report says so; no report adds nothing', () => {
    const base = findingsDocument('podnet-lab', undefined, []);
    assert.match(withCheckFindings(base, report(passingPairs()), []).text, /Every probe passed\.\n$/);
    assert.equal(withCheckFindings(base, undefined, []).text, base.text);
  });
});
