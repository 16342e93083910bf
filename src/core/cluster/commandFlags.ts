// A Go-style flag's value in a container's command line (`--name=value` or `--name value`; the
// last one wins, as with pflag).

export function commandFlag(args: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith(`${name}=`)) value = a.slice(name.length + 1);
    else if (a === name && i + 1 < args.length && !args[i + 1]!.startsWith('-')) value = args[++i];
  }
  return value;
}
