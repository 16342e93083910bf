import * as vscode from 'vscode';

/** One LogOutputChannel for the extension; the user picks the level in the Output view. */
export function createLogger(context: vscode.ExtensionContext): vscode.LogOutputChannel {
  const channel = vscode.window.createOutputChannel('Podnet', { log: true });
  context.subscriptions.push(channel);
  return channel;
}
