import assert from 'node:assert/strict';
import type { Finding, FindingCode } from '../../../src/core/cluster/findings';
import { groupProblems } from '../../../src/core/cluster/problemGroups';

const finding = (code: FindingCode, i: number, severity: Finding['severity'] = 'error'): Finding => ({
  code,
  severity,
  message: `${code} #${i}`,
  subjects: [{ kind: 'node', name: `node-${i}` }],
});
const many = (code: FindingCode, n: number, severity: Finding['severity'] = 'error') => Array.from({ length: n }, (_, i) => finding(code, i, severity));

describe('Problems sub-groups (big broken clusters)', () => {
  it('stays a flat list up to the threshold', () => {
    assert.equal(groupProblems(many('node-block-overlap', 100)), undefined);
  });

  it('groups by kind, errors first then the most frequent, and lists at most the cap of each, keeping the total', () => {
    const findings = [...many('block-nearly-exhausted', 900, 'warning'), ...many('duplicate-pod-ip', 3), ...many('node-block-overlap', 1200)];
    const groups = groupProblems(findings, 100, 500)!;
    assert.deepEqual(groups.map((g) => [g.code, g.severity, g.total, g.shown.length]), [
      ['node-block-overlap', 'error', 1200, 500],
      ['duplicate-pod-ip', 'error', 3, 3],
      ['block-nearly-exhausted', 'warning', 900, 500],
    ]);
    // The first ones, in the model's order.
    assert.deepEqual(groups[0]!.shown.slice(0, 2).map((f) => f.message), ['node-block-overlap #0', 'node-block-overlap #1']);
  });
});
