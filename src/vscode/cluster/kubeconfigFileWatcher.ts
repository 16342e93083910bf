// Reconnects when a kubeconfig file in use changes (kubectl config use-context, a renewed
// token, `podnet lab up` writing a new one) or when the settings naming it change.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ClusterSession } from './clusterSession';

export function watchKubeconfig(session: ClusterSession, log: vscode.LogOutputChannel): vscode.Disposable {
  let watchers: fs.FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let watched = '';
  let snapshot = '';

  const read = (files: readonly string[]) => files.map((f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '')).join('\0');
  const reconnect = (why: string) => {
    if (timer) clearTimeout(timer);
    // Editors and kubectl write in several steps: wait for the file to settle.
    timer = setTimeout(() => {
      const files = session.kubeconfigFiles.length ? session.kubeconfigFiles : session.source().files;
      const now = read(files);
      if (now === snapshot) return;
      log.info(`kubeconfig changed (${why}): ${session.connectionScope ? 'reconnecting' : 'reading it again'}`);
      session.reload();
      rewatch();
    }, 400);
  };
  const rewatch = () => {
    const files = session.kubeconfigFiles.length ? session.kubeconfigFiles : session.source().files;
    snapshot = read(files);
    const key = files.join('\n');
    if (key === watched) return;
    watched = key;
    for (const w of watchers) w.close();
    // Watch the directories: tools replace kubeconfig files by rename, which a file watch misses.
    watchers = [...new Set(files.map((f) => path.dirname(f)))].flatMap((dir) => {
      try {
        return [fs.watch(dir, (_event, name) => {
          if (name && files.some((f) => path.basename(f) === name.toString())) reconnect(path.join(dir, name.toString()));
        })];
      } catch {
        return []; // the directory does not exist (yet): the settings listener still catches changes
      }
    });
  };
  rewatch();
  const stateSub = session.onDidChangeState(() => rewatch());
  const settingsSub = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('podnet.kubeconfig') || e.affectsConfiguration('vs-kubernetes')) {
      log.info(`kubeconfig setting changed: ${session.connectionScope ? 'reconnecting' : 'reading it again'}`);
      session.reload();
      rewatch();
    }
  });
  return new vscode.Disposable(() => {
    if (timer) clearTimeout(timer);
    for (const w of watchers) w.close();
    stateSub.dispose();
    settingsSub.dispose();
  });
}
