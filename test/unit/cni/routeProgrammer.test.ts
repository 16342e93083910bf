import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RouteProgrammer } from '../../../src/cni/agent/routeProgrammer';

// A stand-in for busybox `ip` (no -V, no -batch): keeps the route table in a file and logs each call.
const fakeIp = `#!/bin/sh
d=$(dirname "$0"); echo "$*" >> "$d/calls"
case "$1" in
  -V) echo "BusyBox v1.37" >&2; exit 1 ;;
  -f) if [ "$2" = inet6 ]; then grep ':' "$d/table"; else grep -v ':' "$d/table"; fi; exit 0 ;;
  route)
    case "$2" in
      replace) { grep -v "^$3 " "$d/table"; echo "$3 via $5 dev eth0 proto $7"; } > "$d/t2" ;;
      del) grep -v "^$3 .*proto $5" "$d/table" > "$d/t2" ;;
      *) exit 2 ;;
    esac
    mv "$d/t2" "$d/table"; exit 0 ;;
esac
exit 2
`;

describe('cni agent: RouteProgrammer without batch mode (busybox ip)', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'podnet-ip-'));
    writeFileSync(join(dir, 'ip'), fakeIp);
    chmodSync(join(dir, 'ip'), 0o755);
    writeFileSync(
      join(dir, 'table'),
      ['default via 10.0.0.1 dev eth0', '10.244.9.0/24 via 172.31.0.99 dev eth0 proto static', '10.244.7.0/24 via 172.31.0.17 dev eth0 proto 154', 'fd00:2::/64 via fd00::12 dev eth0 proto 154', ''].join('\n'),
    );
    writeFileSync(join(dir, 'calls'), '');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('falls back to one command per change and leaves foreign routes alone', async function () {
    this.timeout(10_000);
    const ip = new RouteProgrammer(join(dir, 'ip'), 154);
    const desired = new Map([
      ['10.244.2.0/24', '172.31.0.12'],
      ['10.244.9.0/24', '172.31.0.19'], // held by a static route: a conflict, not a change
      ['fd00:2::/64', 'fd00::12'], // already there
    ]);
    const result = await ip.sync(desired);
    assert.equal(result.changed, 2);
    assert.deepEqual(result.plan.conflicts, [{ dst: '10.244.9.0/24', proto: 'static' }]);
    assert.equal(result.installed, 2);
    const calls = readFileSync(join(dir, 'calls'), 'utf8').split('\n').filter((l) => l.startsWith('route'));
    assert.deepEqual(calls, ['route del 10.244.7.0/24 proto 154', 'route replace 10.244.2.0/24 via 172.31.0.12 proto 154']);
    const table = readFileSync(join(dir, 'table'), 'utf8');
    assert.match(table, /10\.244\.9\.0\/24 via 172\.31\.0\.99 dev eth0 proto static/);
    assert.match(table, /default via 10\.0\.0\.1/);

    writeFileSync(join(dir, 'calls'), '');
    const again = await ip.sync(desired);
    assert.equal(again.changed, 0);
    assert.equal(readFileSync(join(dir, 'calls'), 'utf8').split('\n').filter((l) => l.startsWith('route')).length, 0);

    const removed = await ip.removeAll();
    assert.equal(removed.installed, 0);
    assert.match(readFileSync(join(dir, 'table'), 'utf8'), /proto static/);
  });
});
