// File work on the node: the CNI plugin binaries check and the conflist, written atomically so the
// container runtime never reads half a file.
import { accessSync, constants, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The plugins that are missing from every one of `dirs` (empty when all are there). */
export function missingPlugins(dirs: readonly string[], plugins: readonly string[]): string[] {
  return plugins.filter(
    (plugin) =>
      !dirs.some((dir) => {
        try {
          accessSync(join(dir, plugin), constants.X_OK);
          return true;
        } catch {
          return false;
        }
      }),
  );
}

/** Writes `text` to `path` via a temporary file and rename; returns false when it was already there. */
export function writeFileAtomic(path: string, text: string): boolean {
  try {
    if (readFileSync(path, 'utf8') === text) return false;
  } catch {
    // absent: write it
  }
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(tmp, text, { mode: 0o644 });
  renameSync(tmp, path);
  return true;
}

export function removeFile(path: string): boolean {
  try {
    rmSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The CNI config files of a directory in the order container runtimes pick them (libcni sorts the
 * names and uses the first .conf, .conflist or .json). Undefined when the directory is absent.
 */
export function cniConfigFiles(dir: string): string[] | undefined {
  try {
    return readdirSync(dir)
      .filter((f) => /\.(conf|conflist|json)$/.test(f))
      .sort();
  } catch {
    return undefined;
  }
}

/** The node named in a conflist under `key`, '' when the file has none, undefined when absent or unreadable. */
export function conflistOwner(path: string, key: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const owner = (JSON.parse(text) as Record<string, unknown>)[key];
    return typeof owner === 'string' ? owner : '';
  } catch {
    return '';
  }
}
