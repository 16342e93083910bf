import type { CliCommand } from '../command';

/**
 * Every `podnet` subcommand by its name, in help order; each feature adds its command here when it
 * lands. A command's module is loaded only when it runs (or help lists them all), so `podnet lint`
 * never loads the Kubernetes client, the lab or the CNI installer; the commands that need them come
 * from clusterCommands, a bundle of its own, so lint does not even compile them.
 */
const loaders: Readonly<Record<string, () => Promise<CliCommand>>> = {
  inspect: async () => (await import('./clusterCommands')).inspectCommand,
  cni: async () => (await import('./clusterCommands')).cniCommand,
  lint: async () => (await import('./lint')).lintCommand,
  rules: async () => (await import('./rules')).rulesCommand,
  lab: async () => (await import('./clusterCommands')).labCommand,
  check: async () => (await import('./clusterCommands')).checkCommand,
};

/** The command called `name`, or undefined when there is none. */
export const loadCommand = (name: string): Promise<CliCommand> | undefined => (Object.hasOwn(loaders, name) ? loaders[name]() : undefined);

/** Every command (for help). */
export const loadCommands = (): Promise<CliCommand[]> => Promise.all(Object.values(loaders).map((load) => load()));
