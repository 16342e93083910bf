// File collection and reading for `podnet lint`: directories walked for manifest-like files,
// symlinks followed (each real file once, loops cut), only regular files read (a FIFO or device
// is refused before it is opened for reading, so it never blocks), reads bounded, stdin supported.
// What cannot be linted is returned with the reason, never dropped.
import { constants } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Stats } from 'node:fs';
import { decodeManifest } from '../../core/lint/decodeText';
import { chartRootOf, helmTemplateExtract, holdsTemplate } from '../../core/lint/helmTemplate';
import { CONFIG_FILE_NAME } from '../../core/lint/lintConfig';
import type { ExtractCache, FileExtract } from '../../core/manifests/manifestFile';
import { MAX_FILE_CHARS, extractFile } from '../../core/manifests/manifestFile';

const LINTABLE = /\.(ya?ml|json|jsonc|conf|conflist)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out']);
/** Bytes read at most from one file (UTF-16 takes two per character). */
export const MAX_FILE_BYTES = MAX_FILE_CHARS * 2;

export class InputError extends Error {}
export class Interrupted extends Error {}

export interface Refused {
  readonly file: string;
  readonly reason: string;
}

const code = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

export interface Collected {
  readonly files: string[];
  readonly refused: Refused[];
}

/** `skip(file)`: left out by a config's `ignore` (checked before the file is touched). */
export async function collectFiles(paths: readonly string[], skip: (file: string) => boolean, signal: AbortSignal): Promise<Collected> {
  const files: string[] = [];
  const refused: Refused[] = [];
  const realFiles = new Set<string>();
  const realDirs = new Set<string>();
  const addFile = async (p: string) => {
    let real: string;
    try {
      real = await realpath(p);
    } catch (error) {
      refused.push({ file: p, reason: `cannot resolve it (${code(error)})` });
      return;
    }
    if (realFiles.has(real)) return;
    realFiles.add(real);
    files.push(p);
  };
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (signal.aborted) throw new Interrupted();
    let real: string;
    let entries;
    try {
      real = await realpath(dir);
      // A symlink back to a folder already walked (a loop, or the same tree twice) is walked once.
      if (realDirs.has(real) || depth > 40) return;
      realDirs.add(real);
      entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    } catch (error) {
      // An unreadable folder is said, not skipped: what it holds was not linted.
      refused.push({ file: dir, reason: `the folder cannot be read (${code(error)})` });
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) await walk(p, depth + 1);
        continue;
      }
      if (e.isFile()) {
        if (LINTABLE.test(e.name) && e.name !== CONFIG_FILE_NAME && !skip(p)) await addFile(p);
        continue;
      }
      if (e.isSymbolicLink()) {
        let st: Stats;
        try {
          st = await stat(p);
        } catch (error) {
          if (LINTABLE.test(e.name) && !skip(p)) {
            refused.push({ file: p, reason: code(error) === 'ELOOP' ? 'a symbolic link loop' : `a broken symbolic link (${code(error)})` });
          }
          continue;
        }
        if (st.isDirectory()) {
          if (!SKIP_DIRS.has(e.name)) await walk(p, depth + 1);
          continue;
        }
        if (!LINTABLE.test(e.name) || e.name === CONFIG_FILE_NAME || skip(p)) continue;
        if (st.isFile()) await addFile(p);
        else refused.push({ file: p, reason: `${kindOf(st)}, not a regular file` });
        continue;
      }
      if (LINTABLE.test(e.name) && !skip(p)) refused.push({ file: p, reason: 'not a regular file' });
    }
  };
  for (const p of paths) {
    if (p === '-') {
      files.push(p);
      continue;
    }
    let st: Stats;
    try {
      st = await stat(p);
    } catch (error) {
      if (code(error) === 'ELOOP') {
        refused.push({ file: p, reason: 'a symbolic link loop' });
        continue;
      }
      throw new InputError(`cannot read ${p}: ${code(error)}`);
    }
    if (st.isDirectory()) await walk(p, 0);
    else if (skip(p)) continue;
    else if (st.isFile()) await addFile(p);
    else refused.push({ file: p, reason: `${kindOf(st)}, not a regular file` });
  }
  return { files, refused };
}

const concat = (parts: Uint8Array[], total: number) => {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** Reads a file descriptor to its end, at most `limit` + 1 bytes, stopping when `signal` aborts. */
async function readBounded(read: (buf: Uint8Array) => Promise<number>, limit: number, signal: AbortSignal): Promise<Uint8Array | 'too-big'> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    if (signal.aborted) throw new Interrupted();
    const buf = new Uint8Array(Math.min(1 << 20, limit + 1 - total));
    const n = await read(buf);
    if (n === 0) break;
    parts.push(buf.subarray(0, n));
    total += n;
    if (total > limit) return 'too-big';
  }
  return concat(parts, total);
}

/** A stream (stdin) to its end, bounded; an abort stops the wait at once even if no data comes. */
export function readStream(stream: NodeJS.ReadableStream, limit: number, signal: AbortSignal): Promise<Uint8Array | 'too-big'> {
  return new Promise((resolve, reject) => {
    const parts: Uint8Array[] = [];
    let total = 0;
    const done = (f: () => void) => {
      stream.off('data', onData).off('end', onEnd).off('error', onError);
      signal.removeEventListener('abort', onAbort);
      stream.pause();
      f();
    };
    const onData = (c: Buffer | string) => {
      const b = typeof c === 'string' ? new TextEncoder().encode(c) : new Uint8Array(c.buffer, c.byteOffset, c.length);
      parts.push(b);
      total += b.length;
      if (total > limit) done(() => resolve('too-big'));
    };
    const onEnd = () => done(() => resolve(concat(parts, total)));
    const onError = (e: Error) => done(() => reject(e));
    const onAbort = () => done(() => reject(new Interrupted()));
    if (signal.aborted) {
      reject(new Interrupted());
      return;
    }
    signal.addEventListener('abort', onAbort);
    stream.on('data', onData).on('end', onEnd).on('error', onError);
    stream.resume();
  });
}

/** The bytes of a regular file, or why it was not read. O_NONBLOCK: opening a FIFO never waits for a writer. */
async function readRegularFile(file: string, signal: AbortSignal): Promise<Uint8Array | string> {
  let fh;
  try {
    fh = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return `cannot open it (${code(error)})`;
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) return `${kindOf(st)}, not a regular file`;
    if (st.size > MAX_FILE_BYTES) return `${st.size} bytes is over the ${MAX_FILE_BYTES}-byte limit`;
    const got = await readBounded(async (b) => (await fh.read(b, 0, b.length, null)).bytesRead, MAX_FILE_BYTES, signal);
    return got === 'too-big' ? `it grew over the ${MAX_FILE_BYTES}-byte limit while being read` : got;
  } catch (error) {
    if (error instanceof Interrupted) throw error;
    return `cannot read it (${code(error)})`;
  } finally {
    await fh.close();
  }
}

/** A file that could not be linted, as a PN152 finding on it. */
export const notLintedExtract = (file: string, reason: string): FileExtract => ({
  file,
  text: '',
  ranges: [],
  blocks: [],
  maxPods: [],
  problems: [{ code: 'PN152', message: `File not linted: ${reason}`, span: { start: 0, end: 0 } }],
});

export interface ReadResult {
  readonly extract: FileExtract;
  readonly refused?: string; /** Decoded without loss (no invalid UTF-8): a fix may write it back. */
  readonly lossless?: boolean;
}

export function extractBytes(file: string, bytes: Uint8Array, cache: ExtractCache | undefined, isChartTemplate: boolean): ReadResult {
  const d = decodeManifest(bytes);
  if (!d.ok) return { extract: notLintedExtract(file, d.reason), refused: d.reason };
  if (isChartTemplate && holdsTemplate(d.text)) {
    return { extract: helmTemplateExtract(file) };
  }
  const x = extractFile(file, d.text, cache);
  if (x.problems.some((p) => p.code === 'PN152')) {
    return {
      extract: x,
      refused: x.problems.find((p) => p.code === 'PN152')?.message.replace(/^File not linted: /, ''),
    };
  }
  if (!d.invalid) return { extract: x, lossless: true };
  const { byte, offset, count } = d.invalid;
  const message = `Invalid UTF-8 at byte ${byte}${
    count > 1 ? ` (and ${count - 1} more invalid byte${count > 2 ? 's' : ''})` : ''
  }: replaced with U+FFFD, the rest of the file is linted`;
  return { extract: { ...x, problems: [...x.problems, { code: 'PN153', message, span: { start: offset, end: offset + 1 } }] } };
}

async function isInChartTemplates(file: string): Promise<boolean> {
  const root = chartRootOf(file);
  if (root === undefined) return false;
  try {
    return (await stat(join(root, 'Chart.yaml'))).isFile();
  } catch {
    return false;
  }
}

export async function readAndExtract(
  file: string,
  cache: ExtractCache | undefined,
  signal: AbortSignal,
  stdin?: NodeJS.ReadableStream,
  stdinName = '<stdin>',
): Promise<ReadResult> {
  if (file === '-') {
    if (!stdin) return { extract: notLintedExtract(stdinName, 'no standard input'), refused: 'no standard input' };
    const got = await readStream(stdin, MAX_FILE_BYTES, signal);
    if (got === 'too-big') {
      return {
        extract: notLintedExtract(stdinName, `standard input is over the ${MAX_FILE_BYTES}-byte limit`),
        refused: `standard input is over the ${MAX_FILE_BYTES}-byte limit`,
      };
    }
    return extractBytes(stdinName, got, cache, false);
  }
  const got = await readRegularFile(file, signal);
  if (typeof got === 'string') return { extract: notLintedExtract(file, got), refused: got };
  return extractBytes(file, got, cache, await isInChartTemplates(file));
}
