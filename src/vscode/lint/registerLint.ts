// The linter in the editor: diagnostics on open/change (debounced), a cancellable workspace lint
// (podnet.lintWorkspace) honouring files.exclude and podnet.lint.include, quick fixes and hovers.
import * as vscode from 'vscode';
import type { ClusterSession } from '../cluster/clusterSession';
import { LintCodeActions, LintHover } from './lintActions';
import { LintService } from './lintService';

const SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml' }, { language: 'json' }, { language: 'jsonc' },
  { pattern: '**/*.{conf,conflist}' },
];
const MAX_WORKSPACE_FILES = 5000;

export function registerLint(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, cluster?: ClusterSession): LintService {
  const docsUri = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules.md');
  const service = new LintService(docsUri, () => cluster?.facts());
  context.subscriptions.push(service);
  const isLintable = (doc: vscode.TextDocument) =>
    doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled' ? vscode.languages.match(SELECTOR, doc) > 0 || /\.(ya?ml|conf|conflist|json)$/i.test(doc.uri.path) : false;

  let timer: NodeJS.Timeout | undefined;
  const relintSoon = (delay = 300) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      try { service.relint(); } catch (error) { log.error(`lint failed: ${String(error)}`); }
    }, delay);
  };
  const onDoc = (doc: vscode.TextDocument, delay?: number) => {
    if (!isLintable(doc)) return;
    service.update(doc.uri, doc.getText());
    relintSoon(delay);
  };

  async function lintWorkspace(progress?: vscode.Progress<{ message?: string; increment?: number }>, token?: vscode.CancellationToken): Promise<number> {
    const include = vscode.workspace.getConfiguration('podnet.lint').get<string[]>('include') ?? ['**/*.{yaml,yml}'];
    // One search per pattern: joined as "{a,b}" they nest braces ("**/*.{yaml,yml}"), which the
    // search (ripgrep) rejects, and the default setting has three such patterns.
    // exclude undefined: files.exclude applies (search.exclude does not).
    const found = new Map<string, vscode.Uri>();
    for (const pattern of include) {
      if (token?.isCancellationRequested || found.size >= MAX_WORKSPACE_FILES) break;
      for (const uri of await vscode.workspace.findFiles(pattern, undefined, MAX_WORKSPACE_FILES - found.size, token)) found.set(uri.toString(), uri);
    }
    const uris = [...found.values()];
    const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
    let done = 0;
    for (const uri of uris) {
      if (token?.isCancellationRequested) break;
      const doc = open.get(uri.toString());
      try {
        const bytes = doc ? undefined : await vscode.workspace.fs.readFile(uri);
        if (bytes && bytes.subarray(0, 8192).includes(0)) continue;
        service.update(uri, doc ? doc.getText() : new TextDecoder('utf-8').decode(bytes));
      } catch (error) {
        log.warn(`lint: cannot read ${uri.fsPath}: ${String(error)}`);
      }
      done++;
      if (done % 50 === 0) progress?.report({ message: `${done}/${uris.length} files`, increment: (50 / uris.length) * 100 });
    }
    service.relint();
    return done;
  }

  context.subscriptions.push(
    vscode.commands.registerCommand('podnet.lintWorkspace', () =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Podnet: linting workspace manifests', cancellable: true }, async (progress, token) => {
        const n = await lintWorkspace(progress, token);
        const errors = service.last?.findings.filter((f) => f.severity === 'error').length ?? 0;
        log.info(`lint: ${n} files, ${service.last?.findings.length ?? 0} findings (${errors} errors)${token.isCancellationRequested ? ' (cancelled)' : ''}`);
      })),
    vscode.workspace.onDidOpenTextDocument((d) => onDoc(d, 0)),
    vscode.workspace.onDidChangeTextDocument((e) => onDoc(e.document)),
    vscode.workspace.onDidDeleteFiles((e) => { for (const f of e.files) service.remove(f); relintSoon(0); }),
    vscode.workspace.onDidRenameFiles((e) => { for (const f of e.files) service.remove(f.oldUri); relintSoon(0); }),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('podnet.lint')) relintSoon(0); }),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new LintCodeActions(service), { providedCodeActionKinds: LintCodeActions.kinds }),
    vscode.languages.registerHoverProvider(SELECTOR, new LintHover(service)),
    { dispose: () => clearTimeout(timer) },
  );
  if (cluster) {
    // podnet.lint.live: the user asks for the live rules, so the linter may connect (without pods).
    const wantLive = () => {
      if (vscode.workspace.getConfiguration('podnet.lint').get<boolean>('live')) cluster.want('facts');
    };
    wantLive();
    context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('podnet.lint.live')) wantLive(); }));
    // Live rules read only nodes, blocks and networks: pod churn (thousands of events a second) needs no relint.
    let factsSeen = cluster.factsVersion();
    context.subscriptions.push(
      cluster.onDidChangeModel(() => {
        const now = cluster.factsVersion();
        if (now === factsSeen) return;
        factsSeen = now;
        relintSoon(1000);
      }),
    );
  }
  // Files changed on disk but not open in an editor (git checkout, generators): re-read the ones in the set.
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,json,conf,conflist}');
  const fromDisk = async (uri: vscode.Uri) => {
    if (!service.has(uri) || vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return;
    try {
      service.update(uri, new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri)));
      relintSoon();
    } catch (error) {
      log.debug(`lint: cannot re-read ${uri.fsPath}: ${String(error)}`);
    }
  };
  context.subscriptions.push(watcher, watcher.onDidChange((u) => void fromDisk(u)), watcher.onDidDelete((u) => { service.remove(u); relintSoon(); }));
  for (const d of vscode.workspace.textDocuments) if (isLintable(d)) service.update(d.uri, d.getText());
  // The whole workspace forms one set (cross-file overlaps): index it quietly in the background.
  void lintWorkspace().catch((error) => log.warn(`lint: workspace scan failed: ${String(error)}`));
  return service;
}
