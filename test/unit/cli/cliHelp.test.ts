import assert from 'node:assert/strict';
import { runCli } from '../../../src/cli/main';
import { loadCommand, loadCommands } from '../../../src/cli/commands/registry';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), isInteractive: false, signal: new AbortController().signal });
  return { code, out, err };
}

describe('podnet --help', () => {
  it('lists every registered command with its summary', async () => {
    const { code, out } = await cli(['--help']);
    assert.equal(code, 0);
    const commands = await loadCommands();
    assert.deepEqual(commands.map((c) => c.name).sort(), ['check', 'cni', 'inspect', 'lab', 'lint', 'rules']);
    for (const c of commands) assert.match(out, new RegExp(`^  ${c.name} +${c.summary.replace(/[().]/g, '\\$&')}$`, 'm'));
  });
  it('exits 2 with the help on an unknown command or no command', async () => {
    const unknown = await cli(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown command "frobnicate"/);
    assert.equal((await cli([])).code, 2);
  });
  it('each command is registered under its own name (loaded on demand)', async () => {
    for (const c of await loadCommands()) assert.equal((await loadCommand(c.name))?.name, c.name);
    assert.equal(loadCommand('toString'), undefined);
  });
  it('prints a command’s usage for `podnet <command> --help`', async () => {
    for (const c of await loadCommands()) {
      const r = await cli([c.name, '--help']);
      assert.equal(r.code, 0, c.name);
      assert.equal(r.out, `${c.usage}\n`);
    }
  });
});
