import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RouteProgrammer } from '../../../src/cni/agent/routeProgrammer';
import { markerMetric } from '../../../src/cni/agent/routeOwner';

// A stand-in for busybox `ip`: no -V, no -batch, and listings WITHOUT the protocol (as busybox 1.35
// prints them, metric shown when not 0); a delete with `proto N metric M` only removes a route with
// that protocol and metric, like the kernel.
const fakeIp = `#!/bin/sh
d=$(dirname "$0"); echo "$*" >> "$d/calls"
case "$1" in
  -V) echo "BusyBox v1.35.0" >&2; exit 1 ;;
  -f) if [ "$2" = inet6 ]; then grep ':' "$d/table"; else grep -v ':' "$d/table"; fi | sed 's/ proto [^ ]*//; s/ metric 0$//'; exit 0 ;;
  route)
    op=$2; dst=$3; shift 3; via=""; proto=""; metric=0
    while [ $# -gt 0 ]; do case "$1" in via) via=$2; shift 2 ;; proto) proto=$2; shift 2 ;; metric) metric=$2; shift 2 ;; *) shift ;; esac; done
    line="$dst via $via dev eth0 proto $proto metric $metric"
    case "$op" in
      replace) { grep -v "^$dst .* metric $metric$" "$d/table"; echo "$line"; } > "$d/t2" ;;
      del) grep -qx "$line" "$d/table" || { echo "RTNETLINK answers: No such process" >&2; exit 2; }; grep -vx "$line" "$d/table" > "$d/t2" ;;
      *) exit 2 ;;
    esac
    mv "$d/t2" "$d/table"; exit 0 ;;
esac
exit 2
`;

describe('cni agent: RouteProgrammer with an ip that hides protocols (busybox)', () => {
  let dir = '';
  const mine = markerMetric('n1');
  const other = markerMetric('n9');
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'podnet-ip-'));
    writeFileSync(join(dir, 'ip'), fakeIp);
    chmodSync(join(dir, 'ip'), 0o755);
    writeFileSync(
      join(dir, 'table'),
      [
        'default via 172.31.0.1 dev eth0 proto dhcp metric 0',
        '172.31.0.0/24 dev eth0 proto kernel metric 0',
        '10.244.1.0/24 dev cni0 proto kernel metric 0',
        '10.244.9.0/24 via 172.31.0.99 dev eth0 proto static metric 0',
        '10.244.7.0/24 via 172.31.0.17 dev eth0 proto 154 metric 0',
        `10.244.8.0/24 via 172.31.0.18 dev eth0 proto 154 metric ${other}`,
        'fd00::/64 dev eth0 proto kernel metric 256',
        `fd00:2::/64 via fd00::12 dev eth0 proto 154 metric ${mine}`,
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'calls'), '');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("asks the kernel who owns an unmarked route, never touches a foreign one or another agent's, and resyncs with no command", async function() {
    this.timeout(10_000);
    const ip = new RouteProgrammer(join(dir, 'ip'), 154, 'n1');
    const desired = new Map([
      ['10.244.2.0/24', '172.31.0.12'], // new
      ['10.244.9.0/24', '172.31.0.19'], // held by a static route: a conflict, not a change
      ['10.244.8.0/24', '172.31.0.18'], // held by another Podnet agent: a conflict
      ['fd00:2::/64', 'fd00::12'], // already there
      ['10.244.6.0/24', '172.30.9.6'], // gateway on no connected network: not attempted
    ]);
    const calls = (): string[] => readFileSync(join(dir, 'calls'), 'utf8').split('\n').filter((l) => l.startsWith('route'));
    const result = await ip.sync(desired);
    assert.deepEqual(calls(), [
      'route del 10.244.7.0/24 via 172.31.0.17 proto 154 metric 0',
      `route replace 10.244.2.0/24 via 172.31.0.12 proto 154 metric ${mine}`,
      'route del 10.244.9.0/24 via 172.31.0.99 proto 154 metric 0',
    ]);
    assert.equal(result.changed, 2);
    assert.deepEqual(result.plan.conflicts.map((c) => c.dst), ['10.244.9.0/24', '10.244.8.0/24']);
    assert.match(result.plan.conflicts[1].owner, /another Podnet agent/);
    assert.deepEqual(result.offLink, [{ dst: '10.244.6.0/24', via: '172.30.9.6' }]);
    assert.equal(result.installed, 2);
    const table = readFileSync(join(dir, 'table'), 'utf8');
    assert.match(table, /10\.244\.9\.0\/24 via 172\.31\.0\.99 dev eth0 proto static/);
    assert.match(table, new RegExp(`10\\.244\\.8\\.0/24 via 172\\.31\\.0\\.18 dev eth0 proto 154 metric ${other}`));
    assert.doesNotMatch(table, /10\.244\.7\.0/);

    writeFileSync(join(dir, 'calls'), '');
    const again = await ip.sync(desired);
    assert.equal(again.changed, 0);
    assert.deepEqual(calls(), [], 'an unchanged resync issues no route command');

    const removed = await ip.removeAll();
    assert.equal(removed.installed, 0);
    const left = readFileSync(join(dir, 'table'), 'utf8');
    assert.doesNotMatch(left, new RegExp(`metric ${mine}`));
    assert.match(left, new RegExp(`metric ${other}`), "another agent's route survives our uninstall");
    assert.match(left, /proto static/);
    assert.match(left, /proto dhcp/);
  });
});
