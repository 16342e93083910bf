import type { CliCommand } from './command';

export function helpText(commands: readonly CliCommand[]): string {
  const width = Math.max(8, ...commands.map((c) => c.name.length)) + 2;
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`);
  return [
    'podnet: Kubernetes pod networking from the terminal',
    '',
    'Usage: podnet <command> [options]    (podnet <command> --help for its options)',
    '',
    'Commands:',
    ...(lines.length ? lines : ['  (none yet)']),
    '',
    'Options: --help, --version',
    '',
  ].join('\n');
}
