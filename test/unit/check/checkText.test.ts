import assert from 'node:assert/strict';
import { checkFindings, checkFindingsAbout } from '../../../src/core/check/checkFindings';
import { checkNodeText } from '../../../src/vscode/tree/checkText';
import { breakWhere, failed, passingPairs, probePod, report } from './checkFixtures';

describe('check: node badges in the tree', () => {
  const pairs = breakWhere(passingPairs(), (p) => p.kind === 'cross-node' && p.from.node === 'node-1' && p.to.node === 'node-2', failed);
  const findings = checkFindings(report(pairs, [{ from: probePod(3, 0), reason: 'probe pod Pending' }]));

  it('counts only the findings about that node', () => {
    const one = checkNodeText(checkFindingsAbout(findings, 'node-1'));
    const two = checkNodeText(checkFindingsAbout(findings, 'node-2'));
    assert.deepEqual([one?.badge, one?.description, one?.severity], ['✗1', 'check: 1 finding (PN200)', 'error']);
    assert.equal(two?.badge, '✗1');
    assert.match(one?.notes[0] ?? '', /^PN200 Pods on different nodes cannot reach each other: 3 probes of 3 from pods on node-1/);
  });

  it('a node whose probes never reported gets "?", a passing node nothing', () => {
    assert.deepEqual([checkNodeText(checkFindingsAbout(findings, 'node-3'))?.badge, checkNodeText(checkFindingsAbout(findings, 'node-3'))?.severity], [
      '?',
      'warning',
    ]);
    assert.equal(checkNodeText(checkFindingsAbout(checkFindings(report(passingPairs())), 'node-1')), undefined);
  });
});
