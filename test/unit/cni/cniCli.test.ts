import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { runCli } from '../../../src/cli/main';

async function cli(args: string[], isInteractive = false): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), isInteractive, signal: new AbortController().signal });
  return { code, out, err };
}

describe('cli: podnet cni', () => {
  let dir = '';
  const saved = process.env.PODNET_AGENT_SCRIPT;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'podnet-cni-cli-'));
    writeFileSync(join(dir, 'agent.js'), '"use strict";\n// agent\n');
    process.env.PODNET_AGENT_SCRIPT = join(dir, 'agent.js');
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    if (saved === undefined) delete process.env.PODNET_AGENT_SCRIPT;
    else process.env.PODNET_AGENT_SCRIPT = saved;
  });

  it('render prints a multi-document manifest with the requested CIDR and mask', async () => {
    const r = await cli(['cni', 'render', '--cluster-cidr', '198.19.0.0/16', '--node-mask', '26']);
    assert.equal(r.code, 0, r.err);
    const docs = loadAll(r.out) as { kind: string; metadata: { name: string }; data?: Record<string, string> }[];
    assert.equal(docs.length, 8);
    const settings = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'podnet-bridge-cni');
    assert.deepEqual(settings?.data, {
      'cluster-cidr': '198.19.0.0/16',
      'node-mask-size': '26',
      state: 'active',
      masquerade: 'true',
      'non-masquerade-cidrs': '',
      mtu: '',
    });
    assert.equal(docs.find((d) => d.metadata.name === 'podnet-bridge-cni-agent')?.data?.['agent.js'], '"use strict";\n// agent\n');
  });

  it('render takes the egress and MTU options (canonical CIDRs) and rejects bad ones', async () => {
    const r = await cli([
      'cni',
      'render',
      '--no-masquerade',
      '--non-masquerade-cidr',
      '10.1.2.3/8, 2001:2:0:0::/48',
      '--mtu',
      '1450',
      '--firewall-image',
      'registry.example/iptables:1',
    ]);
    assert.equal(r.code, 0, r.err);
    const docs = loadAll(r.out) as {
      kind: string;
      metadata: { name: string };
      data?: Record<string, string>;
      spec?: { template: { spec: { containers: { image: string }[] } } };
    }[];
    const settings = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'podnet-bridge-cni');
    assert.equal(settings?.data?.masquerade, 'false');
    assert.equal(settings?.data?.['non-masquerade-cidrs'], '10.0.0.0/8,2001:2::/48');
    assert.equal(settings?.data?.mtu, '1450');
    assert.equal(docs.find((d) => d.kind === 'DaemonSet')?.spec?.template.spec.containers[1].image, 'registry.example/iptables:1');
    assert.match((await cli(['cni', 'render', '--non-masquerade-cidr', '10.0.0.0/40'])).err, /--non-masquerade-cidr: .*prefix \/40/);
    assert.match((await cli(['cni', 'render', '--mtu', '9'])).err, /--mtu must be an integer between 576 and 65535/);
    assert.match((await cli(['cni', '--help'])).out + (await cli(['cni', 'render', '--bogus'])).err, /--no-masquerade|unknown option/);
  });

  it('render rejects a bad CIDR or mask with a usage error', async () => {
    assert.equal((await cli(['cni', 'render', '--cluster-cidr', '10.0.0.0/33'])).code, 2);
    const r = await cli(['cni', 'render', '--cluster-cidr', '10.0.0.0/16', '--node-mask', '8']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--node-mask must be an integer between the cluster prefix \(\/16\) and 32/);
    assert.equal((await cli(['cni', 'render', '--bogus'])).code, 2);
  });

  it('--cluster-cidr takes one range per family, like kube-controller-manager (unknown options and missing values are usage errors)', async () => {
    const dual = await cli(['cni', 'render', '--cluster-cidr', '10.244.0.0/16,2001:2::/48', '--node-mask', '24']);
    assert.equal(dual.code, 0, dual.err);
    const settings = (loadAll(dual.out) as { kind: string; metadata: { name: string }; data?: Record<string, string> }[]).find((d) =>
      d.kind === 'ConfigMap' && d.metadata.name === 'podnet-bridge-cni'
    );
    assert.equal(settings?.data?.['cluster-cidr'], '10.244.0.0/16,2001:2::/48');
    const same = await cli(['cni', 'install', '--yes', '--cluster-cidr', '10.244.0.0/16,10.245.0.0/16', '--kubeconfig', join(dir, 'missing')]);
    assert.equal(same.code, 2);
    assert.match(same.err, /--cluster-cidr: two IPv4 ranges; dual-stack takes one IPv4 and one IPv6 range/);
    const three = await cli(['cni', 'install', '--yes', '--cluster-cidr=10.244.0.0/16,2001:2::/48,10.1.0.0/16']);
    assert.match(three.err, /--cluster-cidr: at most two ranges, one per IP family \(got 3\)/);
    const missing = await cli(['cni', 'install', '--yes', '--cluster-cidr']);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--cluster-cidr/);
    const unknown = await cli(['cni', 'uninstall', '--yes', '--cluster-cidr', '10.0.0.0/8']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown option "--cluster-cidr"/);
  });

  it('install and uninstall refuse without a terminal and without --yes, before connecting', async () => {
    const i = await cli(['cni', 'install', '--kubeconfig', join(dir, 'missing')]);
    assert.equal(i.code, 2);
    assert.match(i.err, /no terminal to ask for confirmation; re-run with --yes/);
    const u = await cli(['cni', 'uninstall', '--kubeconfig', join(dir, 'missing')]);
    assert.equal(u.code, 2);
    assert.match(u.err, /re-run with --yes/);
  });

  it('install says clearly when there is no kubeconfig', async () => {
    const r = await cli(['cni', 'install', '--yes', '--kubeconfig', join(dir, 'missing')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /no kubeconfig found/);
  });
});
