// Rule links (lint diagnostics and the live cluster's findings) open the bundled docs/rules.md in
// the Markdown preview at the rule's section: a diagnostic's code target is a command URI (the
// Problems panel and the hover open code links with commands allowed), since a file URI opens the
// raw Markdown at line 1, ignoring its anchor. Without the Markdown extension: the raw file at the anchor.
import * as vscode from 'vscode';

export const OPEN_RULE_DOC_COMMAND = 'podnet.openRuleDoc';

export const ruleDocTarget = (code: string): vscode.Uri => vscode.Uri.parse(`command:${OPEN_RULE_DOC_COMMAND}?${encodeURIComponent(JSON.stringify([code]))}`);

export function registerRuleDocs(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  const doc = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules.md');
  context.subscriptions.push(vscode.commands.registerCommand(OPEN_RULE_DOC_COMMAND, async (code?: unknown) => {
    const anchor = typeof code === 'string' && /^pn\d{3}$/i.test(code) ? code.toLowerCase() : undefined;
    try {
      if (vscode.extensions.getExtension('vscode.markdown-language-features')) {
        // A preview of the rules already open is only revealed where it stands (seen in VS Code
        // 1.100: a second rule's link left it at the first rule): close it, so the new one opens at its rule.
        const open = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter(isRulesPreview);
        if (open.length > 0) await vscode.window.tabGroups.close(open);
        await vscode.commands.executeCommand('markdown.showPreview', anchor ? doc.with({ fragment: anchor }) : doc);
        return;
      }
    } catch (error) {
      log.warn(`rule docs: the Markdown preview failed (${String(error)}); opening the file`);
    }
    const text = await vscode.workspace.openTextDocument(doc);
    const line = anchor ? Math.max(0, text.getText().split('\n').findIndex((l) => l.includes(`<a id="${anchor}"></a>`))) : 0;
    await vscode.window.showTextDocument(text, { selection: new vscode.Range(line, 0, line, 0), preview: true });
  }));
}

/** A Markdown preview tab of docs/rules.md (its title is "Preview rules.md"). */
const isRulesPreview = (tab: vscode.Tab): boolean =>
  tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('markdown.preview') && tab.label.endsWith('rules.md');
