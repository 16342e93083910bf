import * as vscode from 'vscode';
import { registerBridgeCni } from './cni/registerBridgeCni';
import { createLogger } from './logger';

/** Builds Podnet's services and registers them; each feature adds one line here. */
export async function activatePodnet(context: vscode.ExtensionContext): Promise<void> {
  const log = createLogger(context);
  log.info(`Podnet ${context.extension.packageJSON.version as string} activating`);
  await vscode.commands.executeCommand('setContext', 'podnet.connected', false);
  registerBridgeCni(context, log);
}
