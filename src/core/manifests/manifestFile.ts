// A whole file in, every address range it declares out, with absolute offsets. Per-document results
// are cached by document text, so re-linting after an edit re-parses only the document that changed.
import type { BlockEntry, ExtractResult, ProblemEntry, RangeEntry, Span } from './addressRange';
import { emptyExtract } from './addressRange';
import { mayHoldRanges, splitDocuments } from './documentSplit';
import { ExtractContext } from './extractContext';
import { extractDocument } from './extractors/documentExtractor';
import type { Locator } from './lineIndex';
import { ChunkedLineIndex } from './lineIndex';
import { parseJsonTree } from './jsonTree';
import { MAX_ALIAS_NODES, parseYamlDocument, yamlSyntaxError } from './yamlTree';

export const MAX_FILE_CHARS = 16 * 1024 * 1024;

export interface FileExtract extends ExtractResult {
  readonly file: string;
  readonly text: string;
  /** Offset ↔ line/character for this text (built cheaply from its documents). */
  readonly locator?: Locator;
}

/** A document's result plus its line count, as cached. */
type CachedDoc = ExtractResult & { readonly newlines: number; readonly syntaxChecked: boolean };

/**
 * Up to this size every document is syntax-checked; above it, documents that cannot hold a range
 * (CRD schemas, RBAC) are skipped unparsed so a multi-megabyte install manifest lints in about the
 * time js-yaml takes to load it.
 */
export const FULL_SYNTAX_CHECK_CHARS = 1_000_000;

const countNewlines = (t: string) => {
  let n = 0;
  for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) n++;
  return n;
};

/** Per-document results keyed by the document's text; bounded, oldest first out. */
export class ExtractCache {
  private readonly map = new Map<string, CachedDoc>();
  constructor(private readonly limit = 20_000) {}
  get(text: string): CachedDoc | undefined {
    return this.map.get(text);
  }
  set(text: string, r: CachedDoc): void {
    if (this.map.size >= this.limit) this.map.delete(this.map.keys().next().value as string);
    this.map.set(text, r);
  }
  get size(): number {
    return this.map.size;
  }
}

const isJsonFile = (file: string, text: string) =>
  /\.(json|jsonc|conflist)$/i.test(file) || (/\.conf$/i.test(file) && /^\s*[{[]/.test(text)) ||
  /^\s*[{[]/.test(text.slice(0, 200)) && /^\s*\{\s*"/.test(text.slice(0, 200));

export function extractFile(file: string, text: string, cache?: ExtractCache): FileExtract {
  const result: { -readonly [K in keyof FileExtract]: FileExtract[K] } = { file, text, ...emptyExtract() };
  if (text.length > MAX_FILE_CHARS) {
    result.problems.push({
      code: 'PN152',
      message: `File not linted: ${text.length} characters is over the ${MAX_FILE_CHARS} limit`,
      span: { start: 0, end: 0 },
    });
    return result;
  }
  if (text.slice(0, 8192).includes('\0')) {
    result.problems.push({ code: 'PN152', message: 'File not linted: it looks binary (NUL bytes)', span: { start: 0, end: 0 } });
    return result;
  }
  if (isJsonFile(file, text)) {
    const parsed = parseJsonTree(text);
    if (parsed.error) {
      result.problems.push({
        code: 'PN151',
        message: `JSON syntax error: ${parsed.error.message}`,
        span: { start: parsed.error.offset, end: parsed.error.offset + 1 },
      });
    } else if (parsed.root) {
      extractDocument(parsed.root, new ExtractContext({ text, toDoc: (o) => o }, result));
    }
    return result;
  }
  const located: { start: number; text: string; newlines: number }[] = [];
  const checkAll = text.length <= FULL_SYNTAX_CHECK_CHARS;
  for (const chunk of splitDocuments(text)) {
    let doc = cache?.get(chunk.text);
    if (!doc || (checkAll && !doc.syntaxChecked)) {
      const r = extractYamlDocument(chunk.text, checkAll);
      doc = {
        ranges: r.ranges,
        blocks: r.blocks,
        problems: r.problems,
        maxPods: r.maxPods,
        nodeCounts: r.nodeCounts,
        newlines: countNewlines(chunk.text),
        syntaxChecked: checkAll,
      };
      cache?.set(chunk.text, doc);
    }
    located.push({ start: chunk.start, text: chunk.text, newlines: doc.newlines });
    if (doc.ranges.length || doc.blocks.length || doc.problems.length || doc.maxPods.length || doc.nodeCounts?.length) {
      append(result, doc, chunk.start, `${file}#${chunk.start}`);
    }
  }
  result.locator = new ChunkedLineIndex(located);
  return result;
}

/** What a document skipped unparsed yields: shared (read-only), as most documents of a big manifest are skipped. */
const NOTHING: ExtractResult = Object.freeze({
  ranges: Object.freeze([]) as unknown as RangeEntry[],
  blocks: Object.freeze([]) as unknown as BlockEntry[],
  problems: Object.freeze([]) as unknown as ProblemEntry[],
  maxPods: Object.freeze([]) as unknown as ExtractResult['maxPods'],
  nodeCounts: Object.freeze([]) as unknown as NonNullable<ExtractResult['nodeCounts']>,
});

export function extractYamlDocument(text: string, checkSyntax = true): ExtractResult {
  const holds = mayHoldRanges(text);
  if (!holds && !checkSyntax) return NOTHING;
  const out = emptyExtract();
  if (!holds) {
    if (checkSyntax) {
      const error = yamlSyntaxError(text);
      if (error) out.problems.push({ code: 'PN151', message: `YAML syntax error: ${error.message}`, span: { start: error.offset, end: error.offset + 1 } });
    }
    return out;
  }
  const parsed = parseYamlDocument(text);
  if (parsed.error) {
    out.problems.push({
      code: 'PN151',
      message: `YAML syntax error: ${parsed.error.message}`,
      span: { start: parsed.error.offset, end: parsed.error.offset + 1 },
    });
    return out;
  }
  if (parsed.aliasesCut) out.problems.push(aliasesCutProblem(parsed.aliasesCut.offset));
  if (parsed.root) extractDocument(parsed.root, new ExtractContext({ text, toDoc: (o) => o }, out));
  return out;
}

export const aliasesCutProblem = (offset: number): ProblemEntry => ({
  code: 'PN155',
  message: `YAML aliases here and after stand for more than ${
    MAX_ALIAS_NODES.toLocaleString('en-US')
  } nodes (an alias bomb?): they were not followed, so ranges behind them are not checked`,
  span: { start: offset, end: offset + 1 },
});

const shift = (s: Span, by: number): Span => ({ start: s.start + by, end: s.end + by });

function append(into: FileExtract, doc: ExtractResult, by: number, ownerPrefix: string): void {
  for (const r of doc.ranges) {
    const moved: RangeEntry = {
      ...r,
      span: shift(r.span, by),
      owner: `${ownerPrefix}:${r.owner}`,
      ...(r.list ? { list: { ...r.list, id: `${ownerPrefix}:${r.list.id}` } } : {}),
    };
    into.ranges.push(moved);
  }
  for (const b of doc.blocks) into.blocks.push({ ...b, span: shift(b.span, by), owner: `${ownerPrefix}:${b.owner}` } satisfies BlockEntry);
  for (const p of doc.problems) into.problems.push({ ...p, span: shift(p.span, by) } satisfies ProblemEntry);
  for (const m of doc.maxPods) into.maxPods.push({ value: m.value, span: shift(m.span, by) });
  for (const n of doc.nodeCounts ?? []) into.nodeCounts?.push({ ...n, span: shift(n.span, by) });
}
