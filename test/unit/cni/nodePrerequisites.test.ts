import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCidr } from '../../../src/core/net/cidr';
import { parseSettings } from '../../../src/cni/agent/agentSettings';
import { firewallRules, removeRules, rulesId } from '../../../src/cni/agent/firewallRules';
import { checkKernel } from '../../../src/cni/agent/kernelSettings';
import { parseAddrShow, uplinkOf } from '../../../src/cni/agent/linkState';
import { cniConfigFiles, conflistOwner } from '../../../src/cni/agent/nodeFiles';
import { parseFirewallStatus } from '../../../src/cni/agent/nodeSystem';

const cidr = (text: string) => {
  const p = parseCidr(text);
  if (!p.ok) throw new Error(p.error);
  return p.cidr;
};

describe('cni agent: node prerequisites (settings, firewall rules, kernel, links, config files)', () => {
  let dir = '';
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'podnet-prereq-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the settings: one pod network per family, masquerade, non-masquerade ranges, MTU; bad values are problems', () => {
    const ok = parseSettings('active', {
      'cluster-cidr': '198.19.0.0/16, 2001:2:1::/56',
      masquerade: 'false',
      'non-masquerade-cidrs': '10.0.0.0/8',
      mtu: '1450',
    });
    assert.deepEqual(ok.clusterCidrs.map((c) => c.text), ['198.19.0.0/16', '2001:2:1::/56']);
    assert.equal(ok.masquerade, false);
    assert.equal(ok.mtu, 1450);
    assert.deepEqual(ok.errors, []);
    assert.equal(parseSettings('active', {}).masquerade, true, 'masquerade is the default');
    const bad = parseSettings('active', {
      'cluster-cidr': '198.19.0.0/16,198.20.0.0/16',
      masquerade: 'yes',
      'non-masquerade-cidrs': '10.0.0.0/99',
      mtu: '100',
    });
    assert.equal(bad.errors.length, 4);
    assert.equal(bad.mtu, undefined);
  });

  it('writes the masquerade and FORWARD rules exactly as iptables-save prints them, with a content id', () => {
    const rules = firewallRules(4, { clusterCidr: cidr('198.19.0.0/16'), masquerade: true, nonMasqueradeCidrs: [cidr('10.1.0.0/8'), cidr('2001:2:9::/48')] });
    assert.deepEqual(rules.split('\n').filter((l) => l.startsWith('-A')), [
      '-A PODNET-MASQ ! -s 198.19.0.0/16 -j RETURN',
      '-A PODNET-MASQ -d 198.19.0.0/16 -j RETURN',
      '-A PODNET-MASQ -d 10.0.0.0/8 -j RETURN',
      '-A PODNET-MASQ -d 224.0.0.0/4 -j RETURN',
      '-A PODNET-MASQ -j MASQUERADE --random-fully',
      '-A PODNET-FORWARD -s 198.19.0.0/16 -j ACCEPT',
      '-A PODNET-FORWARD -d 198.19.0.0/16 -j ACCEPT',
    ]);
    assert.match(rules, /^#jump nat POSTROUTING -m comment --comment podnet-masquerade -j PODNET-MASQ$/m);
    assert.match(rulesId(rules), /^[0-9a-f]{16}$/);
    const six = firewallRules(6, { clusterCidr: cidr('2001:2:1:0::/56'), masquerade: true, nonMasqueradeCidrs: [] });
    assert.match(six, /-A PODNET-MASQ -d 2001:2:1::\/56 -j RETURN\n-A PODNET-MASQ -d ff00::\/8 -j RETURN/);
    const routed = firewallRules(4, { clusterCidr: cidr('198.19.0.0/16'), masquerade: false, nonMasqueradeCidrs: [] });
    assert.doesNotMatch(routed, /MASQUERADE/);
    assert.match(routed, /-A PODNET-FORWARD -s 198\.19\.0\.0\/16 -j ACCEPT/, 'FORWARD accepts stay without masquerade');
    assert.notEqual(rulesId(routed), rulesId(rules));
    assert.equal(firewallRules(6, { masquerade: true, nonMasqueradeCidrs: [] }), removeRules, 'no pod network of a family: no rules of ours');
    assert.deepEqual(parseFirewallStatus('error abc ip6tables-restore: no nat table'), {
      state: 'error',
      id: 'abc',
      message: 'ip6tables-restore: no nat table',
    });
    assert.deepEqual(parseFirewallStatus(undefined), { state: 'pending' });
  });

  it('sets kernel prerequisites it may, and names the ones it cannot (br_netfilter not loaded)', () => {
    mkdirSync(join(dir, 'net/ipv4'), { recursive: true });
    writeFileSync(join(dir, 'net/ipv4/ip_forward'), '0\n');
    const check = checkKernel(dir, new Set([4]));
    assert.deepEqual(check.set, ['net.ipv4.ip_forward']);
    assert.equal(readFileSync(join(dir, 'net/ipv4/ip_forward'), 'utf8').trim(), '1');
    assert.equal(check.problems.length, 1);
    assert.match(check.problems[0], /net\.bridge\.bridge-nf-call-iptables cannot be read \(br_netfilter is not loaded: modprobe br_netfilter/);
    assert.equal(checkKernel(dir, new Set()).problems.length, 0);
  });

  it('finds the uplink (the interface holding the InternalIP) and its MTU in iproute2 and busybox output', () => {
    const text = [
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
      '    inet 127.0.0.1/8 scope host lo',
      '2: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000',
      '    link/ether 6a:1f:00:00:00:11 brd ff:ff:ff:ff:ff:ff link-netns lan',
      '    inet 198.18.0.11/24 scope global eth0',
      '    inet6 2001:2::11/64 scope global nodad',
      '    inet6 fe80::681f:ff:fe00:11/64 scope link',
      '3: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP',
      '    inet 198.19.2.1/24 brd 198.19.2.255 scope global cni0',
    ].join('\n');
    const links = parseAddrShow(text);
    assert.deepEqual(links.map((l) => [l.name, l.mtu]), [['lo', 65536], ['eth0', 1450], ['cni0', 1450]]);
    assert.equal(uplinkOf(links, ['2001:2::11'])?.name, 'eth0');
    assert.equal(uplinkOf(links, ['198.18.0.99']), undefined);
    assert.deepEqual(links[2].addresses.map((a) => a.text), ['198.19.2.1/24']);
    assert.equal(links[1].addresses.length, 2, 'link-local addresses are left out');
  });

  it("lists CNI configs in the runtime's order and reads who wrote a conflist", () => {
    for (const f of ['10-podnet.conflist', '10-containerd-net.conflist', '99-loopback.conf', 'notes.txt']) writeFileSync(join(dir, f), '{}');
    assert.deepEqual(cniConfigFiles(dir), ['10-containerd-net.conflist', '10-podnet.conflist', '99-loopback.conf']);
    assert.equal(cniConfigFiles(join(dir, 'missing')), undefined);
    writeFileSync(join(dir, '10-podnet.conflist'), JSON.stringify({ podnetNode: 'n1' }));
    assert.equal(conflistOwner(join(dir, '10-podnet.conflist'), 'podnetNode'), 'n1');
    assert.equal(conflistOwner(join(dir, '99-loopback.conf'), 'podnetNode'), '');
    assert.equal(conflistOwner(join(dir, 'absent'), 'podnetNode'), undefined);
  });
});
