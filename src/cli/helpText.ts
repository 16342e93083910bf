import type { CliCommand } from './command';

export function helpText(commands: readonly CliCommand[], program = 'podnet'): string {
  const width = Math.max(8, ...commands.map((c) => c.name.length)) + 2;
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`);
  return [
    'podnet: Kubernetes pod networking from the terminal',
    '',
    `Usage: ${program} <command> [options]    (${program} <command> --help for its options)`,
    '',
    'Commands:',
    ...(lines.length ? lines : ['  (none yet)']),
    '',
    'Options: --help, --version',
    '',
  ].join('\n');
}

/** A command's usage as the user called Podnet (its text says "podnet"). */
export function usageFor(usage: string, program = 'podnet'): string {
  return usage.replace(/^Usage: podnet\b/gm, `Usage: ${program}`);
}
