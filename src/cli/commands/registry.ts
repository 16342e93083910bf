import type { CliCommand } from '../command';
import { checkCommand } from './check';
import { cniCommand } from './cni';
import { inspectCommand } from './inspect';
import { labCommand } from './lab';
import { lintCommand } from './lint';
import { rulesCommand } from './rules';

/** Every `podnet` subcommand; each feature adds its command here when it lands. */
export const commands: readonly CliCommand[] = [inspectCommand, cniCommand, lintCommand, rulesCommand, labCommand, checkCommand];
