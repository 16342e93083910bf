import * as vscode from 'vscode';
import { registerBridgeCni } from './cni/registerBridgeCni';
import { createLogger } from './logger';
import { registerClusterView } from './cluster/registerClusterView';
import { registerNetworkMap } from './map/registerNetworkMap';
import { registerLint } from './lint/registerLint';
import { registerLab } from './lab/registerLab';
import { startEventLoopLog } from './perf/eventLoopLog';
import { startCpuProfiles } from './perf/cpuProfiles';

/** Builds Podnet's services and registers them; each feature adds one line here. */
export async function activatePodnet(context: vscode.ExtensionContext): Promise<void> {
  const log = createLogger(context);
  // Both off unless a benchmark sets their environment variable.
  context.subscriptions.push(startEventLoopLog(), startCpuProfiles());
  log.info(`Podnet ${context.extension.packageJSON.version as string} activating`);
  await vscode.commands.executeCommand('setContext', 'podnet.connected', false);
  // First: the other features receive the live cluster session.
  const cluster = registerClusterView(context, log);
  log.debug(`cluster view registered (context: ${cluster.context ?? 'none'})`);
  registerBridgeCni(context, log, cluster);
  registerNetworkMap(context, log, cluster);
  registerLint(context, log, cluster);
  registerLab(context, log, cluster);
}
