// Writes `podnet lint --fix` results back: only files whose bytes decode losslessly (no invalid
// UTF-8) and still hold the text that was linted, in their own encoding (BOM kept).
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { decodeManifest } from '../../core/lint/decodeText';

const code = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);

/** Whether a fix may edit `file`, given the bytes read: decoded losslessly. */
export function losslessly(bytes: Uint8Array): boolean {
  const d = decodeManifest(bytes);
  return d.ok && !d.invalid;
}

function encode(text: string, bytes: Uint8Array): Uint8Array {
  const d = decodeManifest(bytes);
  const encoding = d.ok ? d.encoding : 'utf-8';
  if (encoding === 'utf-16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (encoding === 'utf-16be') {
    const le = Buffer.from(text, 'utf16le');
    for (let i = 0; i + 1 < le.length; i += 2) {
      const a = le[i];
      le[i] = le[i + 1];
      le[i + 1] = a;
    }
    return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
  }
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]) : Buffer.from(text, 'utf8');
}

/** Replaces `file`'s content with `text` if it still holds `linted`; an error message otherwise. */
export async function writeFixed(file: string, linted: string, text: string): Promise<string | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return `cannot read it again (${code(error)})`;
  }
  const d = decodeManifest(bytes);
  if (!d.ok || d.invalid || d.text !== linted) return 'it changed while being linted: left as it is';
  // Written next to it and renamed over it: a crash never leaves half a file.
  const tmp = `${file}.podnet-fix-${process.pid}`;
  try {
    await writeFile(tmp, encode(text, bytes), { mode: (await stat(file)).mode & 0o7777 });
    await rename(tmp, file);
  } catch (error) {
    return `cannot write it (${code(error)})`;
  }
  return undefined;
}
