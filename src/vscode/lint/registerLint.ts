// The linter in the editor: diagnostics on open/change (debounced), a cancellable workspace lint
// (podnet.lintWorkspace) honouring files.exclude and podnet.lint.include, quick fixes and hovers.
import * as vscode from 'vscode';
import { decodeManifest } from '../../core/lint/decodeText';
import type { ClusterSession } from '../cluster/clusterSession';
import { LintCodeActions, LintHover } from './lintActions';
import { isConfigFile } from './lintConfigs';
import { LintService } from './lintService';
import { lintSummary } from '../../core/lint/lintSummary';
import { registerRuleDocs } from './ruleDocs';
import { ClusterProblems } from '../cluster/clusterProblems';
import type { CheckResults } from '../check/checkResults';

const SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml' },
  { language: 'json' },
  { language: 'jsonc' },
  { pattern: '**/*.{conf,conflist}' },
];
const MAX_WORKSPACE_FILES = 5000;
const SHOW_PROBLEMS = 'Show Problems';

export function registerLint(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, cluster?: ClusterSession, checks?: CheckResults): LintService {
  const service = new LintService(() => cluster?.facts());
  registerRuleDocs(context, log);
  // The live cluster's findings join the Problems panel under the same codes and docs.
  if (cluster) context.subscriptions.push(new ClusterProblems(cluster, checks));
  context.subscriptions.push(service);
  const isLintable = (doc: vscode.TextDocument) =>
    (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled') && !isConfigFile(doc.uri)
      ? vscode.languages.match(SELECTOR, doc) > 0 || /\.(ya?ml|conf|conflist|json)$/i.test(doc.uri.path)
      : false;

  // The cluster view names the manifest cluster the live cluster was compared with.
  const relint = () => {
    service.relint();
    cluster?.setManifestComparison(service.last?.live);
  };
  let timer: NodeJS.Timeout | undefined;
  const relintSoon = (delay = 300) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      try {
        relint();
      } catch (error) {
        log.error(`lint failed: ${String(error)}`);
      }
    }, delay);
  };
  const onDoc = (doc: vscode.TextDocument, delay?: number) => {
    // A .podnet.yaml being edited applies as typed: every open file is re-linted with it.
    if (doc.uri.scheme === 'file' && isConfigFile(doc.uri)) {
      service.configs.set(doc.uri, doc.getText());
      relintSoon(delay);
      return;
    }
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
      if (isConfigFile(uri)) continue;
      const doc = open.get(uri.toString());
      try {
        // Decoded as the CLI decodes (UTF-8, UTF-16 with a BOM); binary files are left out.
        const decoded = doc ? undefined : decodeManifest(await vscode.workspace.fs.readFile(uri));
        if (decoded && !decoded.ok) continue;
        service.update(uri, doc ? doc.getText() : decoded?.ok ? decoded.text : '');
      } catch (error) {
        log.warn(`lint: cannot read ${uri.fsPath}: ${String(error)}`);
      }
      done++;
      if (done % 50 === 0) progress?.report({ message: `${done}/${uris.length} files`, increment: (50 / uris.length) * 100 });
    }
    relint();
    return done;
  }

  context.subscriptions.push(
    vscode.commands.registerCommand(
      'podnet.lintWorkspace',
      () =>
        vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: 'Podnet: linting workspace manifests', cancellable: true },
          async (progress, token) => {
            const n = await lintWorkspace(progress, token);
            const findings = service.last?.findings ?? [];
            const message = lintSummary(n, findings, token.isCancellationRequested);
            log.info(`lint: ${message}`);
            // Not awaited: the command ends with the lint, the notification stays until dismissed.
            const show = findings.some((f) => f.severity === 'error') ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
            void show(`Podnet: ${message}`, SHOW_PROBLEMS).then((choice) => {
              if (choice === SHOW_PROBLEMS) void vscode.commands.executeCommand('workbench.actions.view.problems');
            });
          },
        ),
    ),
    vscode.workspace.onDidOpenTextDocument((d) => onDoc(d, 0)),
    vscode.workspace.onDidChangeTextDocument((e) => onDoc(e.document)),
    vscode.workspace.onDidDeleteFiles((e) => {
      for (const f of e.files) service.remove(f);
      relintSoon(0);
    }),
    vscode.workspace.onDidRenameFiles((e) => {
      for (const f of e.files) service.remove(f.oldUri);
      relintSoon(0);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('podnet.lint')) relintSoon(0);
    }),
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
    context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('podnet.lint.live')) wantLive();
    }));
    // Live rules read only nodes, blocks and networks: pod churn (thousands of events a second) needs no relint.
    // The facts are read and parsed in slices first; when the model changed meanwhile, the newer
    // change brings its own relint.
    let factsSeen = cluster.factsVersion();
    let factsTimer: NodeJS.Timeout | undefined;
    context.subscriptions.push(
      cluster.onDidChangeModel(() => {
        const now = cluster.factsVersion();
        if (now === factsSeen) return;
        factsSeen = now;
        clearTimeout(factsTimer);
        factsTimer = setTimeout(() => {
          cluster.prepareFacts().then(
            (ready) => ready && relintSoon(0),
            (error: unknown) => log.error(`lint: cannot read the cluster facts: ${String(error)}`),
          );
        }, 1000);
      }),
      { dispose: () => clearTimeout(factsTimer) },
    );
  }
  // Files changed on disk but not open in an editor (git checkout, generators): re-read the ones in the set.
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,json,conf,conflist}');
  const fromDisk = async (uri: vscode.Uri) => {
    if (!service.has(uri) || vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) return;
    try {
      const decoded = decodeManifest(await vscode.workspace.fs.readFile(uri));
      if (decoded.ok) service.update(uri, decoded.text);
      else service.remove(uri);
      relintSoon();
    } catch (error) {
      log.debug(`lint: cannot re-read ${uri.fsPath}: ${String(error)}`);
    }
  };
  context.subscriptions.push(
    watcher,
    watcher.onDidChange((u) => void fromDisk(u)),
    watcher.onDidDelete((u) => {
      service.remove(u);
      relintSoon();
    }),
  );
  // .podnet.yaml files: read once, then followed on disk (created, changed, deleted) and in the editor.
  const configWatcher = vscode.workspace.createFileSystemWatcher('**/.podnet.yaml');
  const configFromDisk = async (uri: vscode.Uri) => {
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && d.isDirty)) return;
    try {
      service.configs.set(uri, new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri)));
    } catch (error) {
      log.warn(`lint: cannot read ${uri.fsPath}: ${String(error)}`);
      service.configs.delete(uri);
    }
    relintSoon(0);
  };
  context.subscriptions.push(
    configWatcher,
    configWatcher.onDidCreate((u) => void configFromDisk(u)),
    configWatcher.onDidChange((u) => void configFromDisk(u)),
    configWatcher.onDidDelete((u) => {
      service.configs.delete(u);
      relintSoon(0);
    }),
    // Closed without saving: what is on disk applies again.
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.scheme === 'file' && isConfigFile(d.uri)) void configFromDisk(d.uri);
    }),
  );
  for (const d of vscode.workspace.textDocuments) {
    if (d.uri.scheme === 'file' && isConfigFile(d.uri)) service.configs.set(d.uri, d.getText());
    else if (isLintable(d)) service.update(d.uri, d.getText());
  }
  // Helm charts: templates of a folder with Chart.yaml are skipped with one note (PN154), as in the CLI.
  const chartWatcher = vscode.workspace.createFileSystemWatcher('**/Chart.yaml', false, true, false);
  const chartRoot = (u: vscode.Uri) => u.path.slice(0, u.path.lastIndexOf('/'));
  context.subscriptions.push(
    chartWatcher,
    chartWatcher.onDidCreate((u) => {
      service.charts.add(chartRoot(u));
    }),
    chartWatcher.onDidDelete((u) => {
      service.charts.delete(chartRoot(u));
    }),
  );
  const readConfigs = async () => {
    for (const u of await vscode.workspace.findFiles('**/Chart.yaml', undefined, 1000)) service.charts.add(chartRoot(u));
    for (const u of await vscode.workspace.findFiles('**/.podnet.yaml', undefined, 100)) {
      if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === u.toString())) await configFromDisk(u);
    }
  };
  // The whole workspace forms one set (cross-file overlaps): index it quietly in the background.
  void readConfigs()
    .catch((error: unknown) => log.warn(`lint: cannot read .podnet.yaml files: ${String(error)}`))
    .then(() => lintWorkspace())
    .catch((error: unknown) => log.warn(`lint: workspace scan failed: ${String(error)}`));
  return service;
}
