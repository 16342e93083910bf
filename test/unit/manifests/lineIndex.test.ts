import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LineIndex } from '../../../src/core/manifests/lineIndex';
import { ExtractCache, extractFile } from '../../../src/core/manifests/manifestFile';

describe('locators', () => {
  it('the per-document locator of a multi-document file agrees with a whole-file line index, both ways', () => {
    const text = readFileSync(resolve(__dirname, '..', '..', 'fixtures', 'corpus', 'antrea', 'antrea.yml'), 'utf8');
    const chunked = extractFile('a.yml', text, new ExtractCache()).locator;
    assert.ok(chunked);
    const whole = new LineIndex(text);
    for (let offset = 0; offset < text.length; offset += 997) {
      const p = whole.position(offset);
      assert.deepEqual(chunked.position(offset), p, `offset ${offset}`);
      assert.equal(chunked.offset(p), offset);
    }
  });
});
