import type { CliCommand } from '../command';
import { inspectCommand } from './inspect';

/** Every `podnet` subcommand; each feature adds its command here when it lands. */
export const commands: readonly CliCommand[] = [inspectCommand];
