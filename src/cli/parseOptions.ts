// The one argument parser of the podnet subcommands: long options, `--name value` or
// `--name=value` (the value may start with a dash: `--cluster-cidr -x` is a value, not an
// option), booleans without a value, repeatable list options, positionals where a command takes
// them, and the few one-letter aliases a command names (`-y`). node:util.parseArgs is close but
// reads every `-x` as a short option and refuses a value that looks like one; podnet lint treats
// `-x` as a file name and kubectl-style flags take any value.
import { UsageError } from './command';

export type OptionKind = 'string' | 'boolean' | 'list';

export type OptionValues<S extends Record<string, OptionKind>> = {
  [K in keyof S]?: S[K] extends 'boolean' ? true : S[K] extends 'list' ? string[] : string;
};

export interface ParseOptionsSettings {
  /** Arguments not starting with `--` are positionals (else each is an unknown argument). */
  readonly positionals?: boolean;
  /** How an unknown argument is named in the error: `unknown argument "x"` or `unknown option "x"`. */
  readonly unknown?: 'argument' | 'option';
  /** One-letter aliases of long options, e.g. `{ y: 'yes' }` reads `-y` as `--yes`. */
  readonly short?: Readonly<Record<string, string>>;
}

export function parseOptions<S extends Record<string, OptionKind>>(
  args: readonly string[],
  spec: S,
  settings: ParseOptionsSettings = {},
): { values: OptionValues<S>; positionals: string[] } {
  const values: Record<string, string | true | string[]> = {};
  const positionals: string[] = [];
  const unknown = (arg: string) => new UsageError(`unknown ${settings.unknown ?? 'argument'} "${arg}"`);
  for (let i = 0; i < args.length; i++) {
    const alias = /^-([A-Za-z])$/.exec(args[i]!)?.[1];
    const arg = alias !== undefined && settings.short?.[alias] !== undefined ? `--${settings.short[alias]}` : args[i]!;
    if (!arg.startsWith('--')) {
      if (!settings.positionals) throw unknown(arg);
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    const kind = Object.prototype.hasOwnProperty.call(spec, name) ? spec[name] : undefined;
    if (kind === undefined || (kind === 'boolean' && eq > 0)) throw unknown(arg);
    if (kind === 'boolean') {
      values[name] = true;
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
    if (kind === 'list') ((values[name] ??= []) as string[]).push(value);
    else values[name] = value;
  }
  return { values: values as OptionValues<S>, positionals };
}

/** An option's value as an integer of at least `min`; undefined when not given. */
export function integerOption(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} needs an integer >= ${min}`);
  return n;
}

/** An option's value as one of `choices`; `fallback` when not given. */
export function choiceOption<C extends string>(name: string, value: string | undefined, choices: readonly C[], fallback: C): C {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be ${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}, not "${value}"`);
  }
  return value as C;
}
