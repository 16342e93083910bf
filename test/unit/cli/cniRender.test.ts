// `podnet cni render` lints the manifest it would print and refuses ranges the linter flags.
import assert from 'node:assert/strict';
import { runCli } from '../../../src/cli/main';

async function render(...args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(['cni', 'render', ...args], {
    out: (t) => (out += t),
    err: (t) => (err += t),
    isInteractive: false,
    signal: new AbortController().signal,
  });
  return { code, out, err };
}

describe('podnet cni render validates its ranges with the linter', () => {
  it('renders the defaults and a sound range with no finding', async () => {
    for (const args of [[], ['--cluster-cidr', '10.250.0.0/16', '--node-mask', '25']]) {
      const r = await render(...args);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /cluster-cidr: /);
      assert.equal(r.err, '');
    }
  });
  for (
    const [args, code] of [
      [['--cluster-cidr', '127.0.0.0/16'], 'PN116'],
      [['--cluster-cidr', '224.0.0.0/16'], 'PN116'],
    ] as const
  ) {
    it(`refuses ${args.join(' ')} with ${code} and prints nothing on stdout`, async () => {
      const r = await render(...args);
      assert.equal(r.code, 2);
      assert.equal(r.out, '');
      assert.match(r.err, new RegExp(`refused.*\\n.*error ${code}`));
    });
  }
  for (
    const [args, code] of [
      [['--cluster-cidr', '10.244.1.0/16'], 'PN102'],
      [['--cluster-cidr', '10.244.0.0/22', '--node-mask', '24'], 'PN132'],
      [['--cluster-cidr', '10.244.0.0/16', '--node-mask', '28'], 'PN133'],
    ] as const
  ) {
    it(`renders ${args.join(' ')} and names warning ${code} on stderr`, async () => {
      const r = await render(...args);
      assert.equal(r.code, 0);
      assert.match(r.out, /cluster-cidr: /);
      assert.match(r.err, new RegExp(`warning ${code}`));
    });
  }
  it('--force renders a refused range anyway and still names the finding', async () => {
    const r = await render('--cluster-cidr', '127.0.0.0/16', '--force');
    assert.equal(r.code, 0);
    assert.match(r.out, /cluster-cidr: 127\.0\.0\.0\/16/);
    assert.match(r.err, /rendered despite:\n.*PN116/);
  });
});
