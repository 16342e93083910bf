import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { nodeRequirementProblem } from '../../src/core/nodeRequirement';

describe('the extension host Node check at activation', () => {
  it('accepts the Node of the oldest and newest VS Code the e2e tier runs', () => {
    assert.equal(nodeRequirementProblem('20.19.0', '>=20.19'), undefined);
    assert.equal(nodeRequirementProblem('v24.22.3', '>=20.19'), undefined);
    assert.equal(nodeRequirementProblem(process.versions.node, JSON.parse(readFileSync('package.json', 'utf8')).engines.node), undefined);
  });
  it('names what it needs and what it found when the Node is older', () => {
    assert.equal(
      nodeRequirementProblem('18.20.4', '>=20.19'),
      "Podnet needs Node ≥ 20.19 in VS Code's extension host (VS Code 1.100 or newer); this one runs Node 18.20.4",
    );
    assert.match(nodeRequirementProblem('20.18.9', '>=20.19') ?? '', /runs Node 20\.18\.9/);
    assert.match(nodeRequirementProblem('20.19.0', '>=20.19.1') ?? '', /needs Node ≥ 20\.19\.1/);
  });
  it('says when it cannot read either side rather than passing', () => {
    assert.match(nodeRequirementProblem('weird', '>=20.19') ?? '', /cannot read the Node version/);
    assert.match(nodeRequirementProblem('20.19.0', '^20') ?? '', /cannot read the Node requirement/);
  });
});
