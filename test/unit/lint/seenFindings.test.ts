import assert from 'node:assert/strict';
import { SeenFindings } from '../../../src/core/lint/seenFindings';

describe('SeenFindings (a finding reported twice is kept once)', () => {
  it('refuses only the same code, file, span and message again', () => {
    const seen = new SeenFindings();
    const span = { start: 10, end: 20 };
    assert.equal(seen.first('PN110', 'a.yaml', span, 'm'), true);
    assert.equal(seen.first('PN110', 'a.yaml', { start: 10, end: 20 }, 'm'), false);
    assert.deepEqual(
      [
        seen.first('PN110', 'a.yaml', span, 'other message'),
        seen.first('PN111', 'a.yaml', span, 'm'),
        seen.first('PN110', 'b.yaml', span, 'm'),
        seen.first('PN110', 'a.yaml', { start: 10, end: 21 }, 'm'),
        seen.first('PN110', 'a.yaml', { start: 11, end: 20 }, 'm'),
      ],
      [true, true, true, true, true],
    );
    assert.equal(seen.first('PN110', 'a.yaml', span, 'other message'), false);
  });
});
