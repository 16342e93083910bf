// The "Get started with Podnet" walkthrough (package.json contributes.walkthroughs): its steps
// complete on the real events — a connection, the view shown, a quick fix applied, the map opened,
// the bridge CNI installed. This module owns the two context keys and the sample manifest.
import * as vscode from 'vscode';

export const FIX_APPLIED_COMMAND = 'podnet.walkthrough.fixApplied';

/** Marks the walkthrough's "install the bridge CNI" step done. */
export function markCniInstalled(): void {
  void vscode.commands.executeCommand('setContext', 'podnet.walkthrough.cniInstalled', true);
}

export function registerWalkthrough(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    // Run by every Podnet quick fix after its edit (CodeAction.command).
    vscode.commands.registerCommand(FIX_APPLIED_COMMAND, () => vscode.commands.executeCommand('setContext', 'podnet.walkthrough.fixApplied', true)),
    vscode.commands.registerCommand('podnet.openLintSample', async () => {
      const sample = vscode.Uri.joinPath(context.extensionUri, 'media', 'samples', 'kubeadm-config.yaml');
      const content = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(sample));
      // An untitled copy: the fix edits it, never the file inside the extension.
      const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content });
      await vscode.window.showTextDocument(doc);
    }),
  );
}
