import type { CliCommand } from '../command';

/**
 * Every `podnet` subcommand by its name, in help order; each feature adds its command here when it
 * lands. A command's module is loaded only when it runs (or help lists them all), so `podnet lint`
 * never loads the Kubernetes client, the lab or the CNI installer: most of the CLI's startup time.
 */
const loaders: Readonly<Record<string, () => Promise<CliCommand>>> = {
  inspect: async () => (await import('./inspect')).inspectCommand,
  cni: async () => (await import('./cni')).cniCommand,
  lint: async () => (await import('./lint')).lintCommand,
  rules: async () => (await import('./rules')).rulesCommand,
  lab: async () => (await import('./lab')).labCommand,
  check: async () => (await import('./check')).checkCommand,
};

/** The command called `name`, or undefined when there is none. */
export const loadCommand = (name: string): Promise<CliCommand> | undefined => (Object.hasOwn(loaders, name) ? loaders[name]() : undefined);

/** Every command (for help). */
export const loadCommands = (): Promise<CliCommand[]> => Promise.all(Object.values(loaders).map((load) => load()));
