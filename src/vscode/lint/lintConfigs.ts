// The .podnet.yaml files of the workspace, as the CLI reads them: the nearest one above a file
// applies. Read from the editor when open (typing re-lints), else from disk.
import * as vscode from 'vscode';
import type { ConfigError, LintConfig } from '../../core/lint/lintConfig';
import { CONFIG_FILE_NAME, emptyConfig, parseLintConfig } from '../../core/lint/lintConfig';
import { parentOf } from '../../core/lint/glob';

/** Config roots and files are matched on decoded URI paths (the notation `canonical` gives). */
export const canonicalPath = (file: string): string => vscode.Uri.parse(file).path;

export const isConfigFile = (uri: vscode.Uri): boolean => uri.path.endsWith(`/${CONFIG_FILE_NAME}`);

export class LintConfigs {
  private readonly byUri = new Map<string, { config: LintConfig; errors: ConfigError[] }>();
  private readonly none = emptyConfig('');
  private nearest = new Map<string, LintConfig>();

  set(uri: vscode.Uri, text: string): void {
    this.byUri.set(uri.toString(), parseLintConfig(uri.toString(), parentOf(uri.path), text.replace(/^\uFEFF/, '')));
    this.nearest.clear();
  }

  delete(uri: vscode.Uri): void {
    this.byUri.delete(uri.toString());
    this.nearest.clear();
  }

  get errors(): ConfigError[] {
    return [...this.byUri.values()].flatMap((c) => c.errors);
  }

  get all(): LintConfig[] {
    return [...this.byUri.values()].map((c) => c.config);
  }

  /** The config of the nearest folder at or above the file's (by decoded path). */
  configOf = (file: string): LintConfig => {
    const dir = parentOf(canonicalPath(file));
    let c = this.nearest.get(dir);
    if (!c) {
      c = this.none;
      let best = -1;
      for (const { config } of this.byUri.values()) {
        if ((dir === config.root || dir.startsWith(`${config.root}/`)) && config.root.length > best) {
          c = config;
          best = config.root.length;
        }
      }
      this.nearest.set(dir, c);
    }
    return c;
  };
}
