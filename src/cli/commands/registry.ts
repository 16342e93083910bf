import type { CliCommand } from '../command';

/** Every `podnet` subcommand; each feature adds its command here when it lands. */
export const commands: readonly CliCommand[] = [];
