import assert from 'node:assert/strict';
import { PodIpIndex } from '../../../src/core/cluster/podIpIndex';

describe('pods by IP', () => {
  for (const ip of ['10.0.0.5', '255.255.255.254', 'fd00::5', '010.0.0.5']) {
    it(`reports ${ip} becoming shared (every holder) and the one left alone when it stops being shared`, () => {
      const index = new PodIpIndex();
      assert.deepEqual(index.add(ip, 1), []);
      assert.deepEqual(index.podsWith(ip), [1]);
      assert.deepEqual(index.add(ip, 2), [1, 2]);
      assert.deepEqual(index.add(ip, 3), [1, 2, 3]);
      assert.deepEqual([...index.duplicates()], [ip]);
      assert.equal(index.remove(ip, 3), undefined, 'still shared by two');
      assert.equal(index.remove(ip, 1), 2);
      assert.deepEqual([...index.duplicates()], []);
      assert.deepEqual(index.podsWith(ip), [2]);
      assert.equal(index.remove(ip, 2), undefined);
      assert.deepEqual(index.podsWith(ip), []);
    });
  }
  it('keeps the text of an IP: "010.0.0.5" (kept as written) is not 10.0.0.5', () => {
    const index = new PodIpIndex();
    index.add('10.0.0.5', 1);
    index.add('010.0.0.5', 2);
    assert.deepEqual([...index.duplicates()], []);
    assert.deepEqual(index.podsWith('10.0.0.5'), [1]);
    assert.deepEqual(index.podsWith('010.0.0.5'), [2]);
  });
  it('removing a pod that does not hold the IP leaves its holder', () => {
    const index = new PodIpIndex();
    index.add('10.0.0.5', 1);
    index.remove('10.0.0.5', 7);
    assert.deepEqual(index.podsWith('10.0.0.5'), [1]);
  });
});
