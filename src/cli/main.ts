import type { CliIo } from './command';
import { isUsageError } from './command';
import { loadCommand, loadCommands } from './commands/registry';
import { helpText, usageFor } from './helpText';
import { podnetVersion } from '../core/version';

/** Runs `podnet ARGS` and returns the exit code; no process.exit here so tests can call it. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText(await loadCommands(), io.program));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    io.out(`${podnetVersion()}\n`);
    return 0;
  }
  const command = await loadCommand(name);
  if (!command) {
    io.err(`${io.program ?? 'podnet'}: unknown command "${name}"\n\n${helpText(await loadCommands(), io.program)}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${usageFor(command.usage, io.program)}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (isUsageError(error)) {
      io.err(`podnet ${command.name}: ${error.message}\n\n${usageFor(command.usage, io.program)}\n`);
      return 2;
    }
    io.err(`podnet ${command.name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}
