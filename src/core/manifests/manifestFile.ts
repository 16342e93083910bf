// A whole file in, every address range it declares out, with absolute offsets. Per-document results
// are cached by document text, so re-linting after an edit re-parses only the document that changed.
import type { BlockEntry, ExtractResult, ProblemEntry, RangeEntry, Span } from './addressRange';
import { emptyExtract } from './addressRange';
import { mayHoldRanges, splitDocuments } from './documentSplit';
import { ExtractContext } from './extractContext';
import { extractDocument } from './extractors/documentExtractor';
import { parseJsonTree } from './jsonTree';
import { parseYamlDocument } from './yamlTree';

export const MAX_FILE_CHARS = 16 * 1024 * 1024;

export interface FileExtract extends ExtractResult {
  readonly file: string;
  readonly text: string;
}

/** Per-document results keyed by the document's text; bounded, oldest first out. */
export class ExtractCache {
  private readonly map = new Map<string, ExtractResult>();
  constructor(private readonly limit = 20_000) {}
  get(text: string): ExtractResult | undefined {
    return this.map.get(text);
  }
  set(text: string, r: ExtractResult): void {
    if (this.map.size >= this.limit) this.map.delete(this.map.keys().next().value as string);
    this.map.set(text, r);
  }
  get size(): number {
    return this.map.size;
  }
}

const isJsonFile = (file: string, text: string) => /\.(json|jsonc|conflist)$/i.test(file) || (/\.conf$/i.test(file) && /^\s*[{[]/.test(text)) || /^\s*[{[]/.test(text.slice(0, 200)) && /^\s*\{\s*"/.test(text.slice(0, 200));

export function extractFile(file: string, text: string, cache?: ExtractCache): FileExtract {
  const result: FileExtract = { file, text, ...emptyExtract() };
  if (text.length > MAX_FILE_CHARS) {
    result.problems.push({ code: 'PN152', message: `File not linted: ${text.length} characters is over the ${MAX_FILE_CHARS} limit`, span: { start: 0, end: 0 } });
    return result;
  }
  if (text.slice(0, 8192).includes('\0')) {
    result.problems.push({ code: 'PN152', message: 'File not linted: it looks binary (NUL bytes)', span: { start: 0, end: 0 } });
    return result;
  }
  if (isJsonFile(file, text)) {
    const parsed = parseJsonTree(text);
    if (parsed.error) {
      result.problems.push({ code: 'PN151', message: `JSON syntax error: ${parsed.error.message}`, span: { start: parsed.error.offset, end: parsed.error.offset + 1 } });
    } else if (parsed.root) {
      extractDocument(parsed.root, new ExtractContext({ text, toDoc: (o) => o }, result));
    }
    return result;
  }
  for (const chunk of splitDocuments(text)) {
    let doc = cache?.get(chunk.text);
    if (!doc) {
      doc = extractYamlDocument(chunk.text);
      cache?.set(chunk.text, doc);
    }
    if (doc.ranges.length || doc.blocks.length || doc.problems.length || doc.maxPods.length) append(result, doc, chunk.start, `${file}#${chunk.start}`);
  }
  return result;
}

export function extractYamlDocument(text: string): ExtractResult {
  const out = emptyExtract();
  if (!mayHoldRanges(text)) return out;
  const parsed = parseYamlDocument(text);
  if (parsed.error) {
    out.problems.push({ code: 'PN151', message: `YAML syntax error: ${parsed.error.message}`, span: { start: parsed.error.offset, end: parsed.error.offset + 1 } });
    return out;
  }
  if (parsed.root) extractDocument(parsed.root, new ExtractContext({ text, toDoc: (o) => o }, out));
  return out;
}

const shift = (s: Span, by: number): Span => ({ start: s.start + by, end: s.end + by });

function append(into: FileExtract, doc: ExtractResult, by: number, ownerPrefix: string): void {
  for (const r of doc.ranges) {
    const moved: RangeEntry = { ...r, span: shift(r.span, by), owner: `${ownerPrefix}:${r.owner}`, ...(r.list ? { list: { ...r.list, id: `${ownerPrefix}:${r.list.id}` } } : {}) };
    into.ranges.push(moved);
  }
  for (const b of doc.blocks) into.blocks.push({ ...b, span: shift(b.span, by), owner: `${ownerPrefix}:${b.owner}` } satisfies BlockEntry);
  for (const p of doc.problems) into.problems.push({ ...p, span: shift(p.span, by) } satisfies ProblemEntry);
  for (const m of doc.maxPods) into.maxPods.push({ value: m.value, span: shift(m.span, by) });
}
