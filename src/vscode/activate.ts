import * as vscode from 'vscode';
import { registerBridgeCni } from './cni/registerBridgeCni';
import { registerCheck } from './check/registerCheck';
import { createLogger } from './logger';
import { registerClusterView } from './cluster/registerClusterView';
import { registerNetworkMap } from './map/registerNetworkMap';
import { registerLint } from './lint/registerLint';
import { registerLab } from './lab/registerLab';
import { registerWalkthrough } from './walkthrough/registerWalkthrough';
import { startEventLoopLog } from './perf/eventLoopLog';
import { startCpuProfiles } from './perf/cpuProfiles';
import { nodeRequirementProblem } from '../core/nodeRequirement';
import { CheckResults } from './check/checkResults';

/** Builds Podnet's services and registers them; each feature adds one line here. */
export async function activatePodnet(context: vscode.ExtensionContext): Promise<void> {
  const log = createLogger(context);
  // Both off unless a benchmark sets their environment variable.
  context.subscriptions.push(startEventLoopLog(), startCpuProfiles());
  log.info(`Podnet ${context.extension.packageJSON.version as string} activating`);
  const problem = nodeRequirementProblem(process.versions.node, (context.extension.packageJSON as { engines: { node: string } }).engines.node);
  if (problem) {
    log.error(problem);
    void vscode.window.showErrorMessage(`${problem}. Update VS Code to use Podnet.`);
    return;
  }
  await vscode.commands.executeCommand('setContext', 'podnet.connected', false);
  // First: the other features receive the live cluster session.
  // The last connectivity check per context: the check command writes it, the tree, map and Problems read it.
  const checks = new CheckResults();
  context.subscriptions.push(checks);
  const cluster = registerClusterView(context, log, checks);
  log.debug(`cluster view registered (context: ${cluster.context ?? 'none'})`);
  registerBridgeCni(context, log, cluster);
  registerCheck(context, log, cluster, checks);
  const lint = registerLint(context, log, cluster, checks);
  registerNetworkMap(context, log, cluster, lint, checks);
  registerLab(context, log, cluster);
  registerWalkthrough(context);
}
