// File collection and reading for `podnet lint`: directories walked for manifest-like files,
// binary, non-UTF-8 and oversized files reported rather than read.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FileExtract , ExtractCache} from '../../core/manifests/manifestFile';
import { MAX_FILE_CHARS, extractFile } from '../../core/manifests/manifestFile';

const LINTABLE = /\.(ya?ml|json|jsonc|conf|conflist)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out']);

export class InputError extends Error {}

export function collectFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 40) return;
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) { if (!SKIP_DIRS.has(e.name)) walk(p, depth + 1); }
      else if (e.isFile() && LINTABLE.test(e.name)) out.push(p);
    }
  };
  for (const p of paths) {
    let st;
    try { st = statSync(p); } catch (error) { throw new InputError(`cannot read ${p}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`); }
    if (st.isDirectory()) walk(p, 0);
    else out.push(p);
  }
  return [...new Set(out)];
}

export function readAndExtract(file: string, cache: ExtractCache): FileExtract {
  const problem = (message: string): FileExtract => ({ file, text: '', ranges: [], blocks: [], maxPods: [], problems: [{ code: 'PN152', message, span: { start: 0, end: 0 } }] });
  let size: number;
  try { size = statSync(file).size; } catch (error) { throw new InputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`); }
  if (size > MAX_FILE_CHARS * 2) return problem(`File not linted: ${size} bytes is over the limit`);
  let buf: Buffer;
  try { buf = readFileSync(file); } catch (error) { throw new InputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`); }
  if (buf.subarray(0, 8192).includes(0)) return problem('File not linted: it looks binary (NUL bytes)');
  let text: string;
  try { text = new TextDecoder('utf-8', { fatal: true }).decode(buf); } catch { return problem('File not linted: it is not valid UTF-8'); }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // editors do not count the BOM in columns
  return extractFile(file, text, cache);
}
