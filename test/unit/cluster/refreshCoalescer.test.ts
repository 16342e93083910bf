import assert from 'node:assert/strict';
import { RefreshCoalescer } from '../../../src/core/cluster/refreshCoalescer';

describe('core/cluster/RefreshCoalescer', () => {
  it('fires at most once per interval under a storm, and fires again after it', async () => {
    const times: number[] = [];
    const c = new RefreshCoalescer(50, () => times.push(Date.now()));
    const start = Date.now();
    while (Date.now() - start < 220) {
      c.schedule();
      await new Promise((r) => setTimeout(r, 1));
    }
    await new Promise((r) => setTimeout(r, 80));
    c.dispose();
    assert.ok(times.length >= 4 && times.length <= 6, `fired ${times.length} times`);
    for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= 45, `gap ${times[i]! - times[i - 1]!} ms`);
  });
  it('fires nothing when nothing changed, and nothing after dispose', async () => {
    let n = 0;
    const c = new RefreshCoalescer(10, () => n++);
    await new Promise((r) => setTimeout(r, 30));
    c.schedule();
    c.dispose();
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(n, 0);
  });
});
