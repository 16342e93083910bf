import * as vscode from 'vscode';
import { registerBridgeCni } from './cni/registerBridgeCni';
import { CheckResults } from './check/checkResults';
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
  const cluster = registerClusterView(context, log);
  log.debug(`cluster view registered (context: ${cluster.context ?? 'none'})`);
  registerBridgeCni(context, log, cluster);
  const checkResults = new CheckResults();
  context.subscriptions.push(checkResults);
  registerCheck(context, log, cluster, checkResults);
  registerNetworkMap(context, log, cluster);
  registerLint(context, log, cluster);
  registerLab(context, log, cluster);
  registerWalkthrough(context);
}
