import * as vscode from 'vscode';

export const EXTENSION_ID = 'podnet.podnet';

export function podnet(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded in this extension host`);
  return ext;
}

/** Commands the manifest contributes, and those shipped in the palette (not hidden behind podnet.feature.*). */
export function contributedCommands(ext: vscode.Extension<unknown>): { all: string[]; shipped: string[] } {
  const pkg = ext.packageJSON as {
    contributes: { commands: { command: string }[]; menus?: { commandPalette?: { command: string; when?: string }[] } };
  };
  const all = pkg.contributes.commands.map((c) => c.command);
  const hidden = new Set(
    (pkg.contributes.menus?.commandPalette ?? []).filter((m) => /podnet\.feature\./.test(m.when ?? '')).map((m) => m.command),
  );
  return { all, shipped: all.filter((c) => !hidden.has(c)) };
}

export async function registeredPodnetCommands(): Promise<string[]> {
  return (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('podnet.'));
}
