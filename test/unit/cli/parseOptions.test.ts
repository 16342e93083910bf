import assert from 'node:assert/strict';
import { UsageError } from '../../../src/cli/command';
import { choiceOption, integerOption, parseOptions } from '../../../src/cli/parseOptions';

const spec = { format: 'string', quiet: 'boolean', rule: 'list' } as const;

describe("the subcommands' argument parser", () => {
  it('reads --name value and --name=value, booleans and repeated lists; the last value wins', () => {
    const { values, positionals } = parseOptions(
      ['--format', 'json', '--quiet', '--rule=PN1=off', '--rule', 'PN2=off', '--format=text', 'a.yaml', '-', '-odd'],
      spec,
      { positionals: true },
    );
    assert.deepEqual(values, { format: 'text', quiet: true, rule: ['PN1=off', 'PN2=off'] });
    assert.deepEqual(positionals, ['a.yaml', '-', '-odd'], 'a single dash or a name starting with one is a positional');
  });
  it('reads the one-letter aliases a command names, and only those', () => {
    const settings = { positionals: true, short: { q: 'quiet' } };
    const { values, positionals } = parseOptions(['-q', '--format', '-q', '-x'], spec, settings);
    assert.deepEqual(values, { quiet: true, format: '-q' }, 'an alias is an option, a value that looks like one stays a value');
    assert.deepEqual(positionals, ['-x'], 'a letter that is no alias stays a positional');
    assert.throws(() => parseOptions(['-x'], spec, { short: { q: 'quiet' } }), /unknown argument "-x"/);
  });
  it('takes a value that starts with a dash (kubectl-style)', () => {
    assert.equal(parseOptions(['--format', '--quiet'], spec).values.format, '--quiet');
  });
  it('refuses unknown options, positionals where none are taken, missing or empty values and a value on a boolean', () => {
    const fails = (args: string[], message: RegExp, settings?: Parameters<typeof parseOptions>[2]) =>
      assert.throws(() => parseOptions(args, spec, settings), (e: unknown) => e instanceof UsageError && message.test(e.message), args.join(' '));
    fails(['--bogus'], /^unknown argument "--bogus"$/);
    fails(['--bogus'], /^unknown option "--bogus"$/, { positionals: true, unknown: 'option' });
    fails(['file.yaml'], /^unknown argument "file.yaml"$/);
    fails(['--format'], /^--format needs a value$/);
    fails(['--format='], /^--format needs a value$/);
    fails(['--quiet=yes'], /^unknown argument "--quiet=yes"$/);
    fails(['--__proto__'], /^unknown argument "--__proto__"$/);
  });
  it("checks integers and choices with the flag's name in the message", () => {
    assert.equal(integerOption('nodes', '3', 0), 3);
    assert.equal(integerOption('nodes', undefined, 0), undefined);
    assert.throws(() => integerOption('node-mask-size', '0', 1), /--node-mask-size needs an integer >= 1/);
    assert.throws(() => integerOption('nodes', '2.5', 0), /--nodes needs an integer >= 0/);
    assert.equal(choiceOption('format', undefined, ['text', 'json'], 'text'), 'text');
    assert.throws(() => choiceOption('format', 'xml', ['text', 'json', 'sarif'], 'text'), /--format must be text, json or sarif, not "xml"/);
  });
});
