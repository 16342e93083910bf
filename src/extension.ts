// Wiring only: build the services and register them. Everything that talks to VS Code lives in src/vscode.
import type * as vscode from 'vscode';
import { activatePodnet } from './vscode/activate';

export function activate(context: vscode.ExtensionContext): Promise<void> {
  return activatePodnet(context);
}

export function deactivate(): void {
  // Disposables registered on context.subscriptions are released by VS Code.
}
