// Finds the .podnet.yaml that applies to each linted file (the nearest one in its folder or above)
// or reads the one --config names; parse errors are kept to be reported with file, line and key.
// The search stops at the repository root (a folder holding .git), as git's own lookups do.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { ConfigError, LintConfig } from '../../core/lint/lintConfig';
import { CONFIG_FILE_NAME, emptyConfig, parseLintConfig } from '../../core/lint/lintConfig';
import { InputError } from './lintFiles';

export class ConfigFiles {
  private readonly byDir = new Map<string, LintConfig>();
  private readonly byFile = new Map<string, LintConfig>();
  readonly errors: ConfigError[] = [];
  private readonly fallback = emptyConfig(resolve('.'));

  /** `explicit`: --config FILE, used for every file. */
  constructor(explicit?: string) {
    if (explicit) this.explicitConfig = this.load(resolve(explicit), true);
  }
  private explicitConfig: LintConfig | undefined;

  private load(file: string, required: boolean): LintConfig | undefined {
    let cached = this.byFile.get(file);
    if (cached) return cached;
    let text: string;
    try {
      if (!statSync(file).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'not a regular file' });
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (!required && code === 'ENOENT') return undefined;
      throw new InputError(`cannot read the config ${file}: ${code ?? String(error)}`);
    }
    // Named relative to the current folder when under it, like the linted files.
    const rel = relative(process.cwd(), file);
    const shown = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
    const { config, errors } = parseLintConfig(shown, dirname(file), text.replace(/^\uFEFF/, ''));
    this.errors.push(...errors);
    this.byFile.set(file, cached = config);
    return cached;
  }

  /** Every config file read so far. */
  all(): LintConfig[] {
    return [...this.byFile.values()];
  }

  /** The config for `file` (a path as named on the command line; '-' looks from the current folder). */
  configFor(file: string): LintConfig {
    if (this.explicitConfig) return this.explicitConfig;
    const start = file === '-' ? resolve('.') : dirname(resolve(file));
    const walked: string[] = [];
    let found: LintConfig | undefined;
    for (let dir = start;; dir = dirname(dir)) {
      const known = this.byDir.get(dir);
      if (known) {
        found = known;
        break;
      }
      walked.push(dir);
      found = this.load(join(dir, CONFIG_FILE_NAME), false);
      if (found || dirname(dir) === dir || existsSync(join(dir, '.git'))) break;
    }
    const config = found ?? this.fallback;
    for (const d of walked) this.byDir.set(d, config);
    return config;
  }
}
