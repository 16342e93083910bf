// File work on the node: the CNI plugin binaries check and the conflist, written atomically so the
// container runtime never reads half a file.
import { accessSync, constants, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
