// An ExtensionContext the test owns, so it can dispose everything the extension registered on it
// (VS Code itself only disposes context.subscriptions when the extension host shuts down).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

function memento(): vscode.Memento & { setKeysForSync(keys: readonly string[]): void } {
  const values = new Map<string, unknown>();
  return {
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback) as T,
    update: async (key: string, value: unknown) => {
      if (value === undefined) values.delete(key);
      else values.set(key, value);
    },
    setKeysForSync: () => undefined,
  };
}

export function fakeContext(ext: vscode.Extension<unknown>, storageRoot: string): vscode.ExtensionContext {
  const dir = (name: string) => {
    const d = join(storageRoot, name);
    mkdirSync(d, { recursive: true });
    return d;
  };
  const secretChanges = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
  const secrets = new Map<string, string>();
  const ctx = {
    subscriptions: [] as vscode.Disposable[],
    extension: ext,
    extensionUri: ext.extensionUri,
    extensionPath: ext.extensionPath,
    extensionMode: vscode.ExtensionMode.Test,
    asAbsolutePath: (p: string) => join(ext.extensionPath, p),
    globalState: memento(),
    workspaceState: memento(),
    secrets: {
      get: async (k: string) => secrets.get(k),
      store: async (k: string, v: string) => void secrets.set(k, v),
      delete: async (k: string) => void secrets.delete(k),
      onDidChange: secretChanges.event,
    },
    storageUri: vscode.Uri.file(dir('workspace')),
    storagePath: dir('workspace'),
    globalStorageUri: vscode.Uri.file(dir('global')),
    globalStoragePath: dir('global'),
    logUri: vscode.Uri.file(dir('log')),
    logPath: dir('log'),
    environmentVariableCollection: {
      persistent: false,
      description: undefined,
      replace: () => undefined,
      append: () => undefined,
      prepend: () => undefined,
      get: () => undefined,
      forEach: () => undefined,
      delete: () => undefined,
      clear: () => undefined,
      getScoped: () => undefined,
      [Symbol.iterator]: function*() {},
    },
  };
  return ctx as unknown as vscode.ExtensionContext;
}
