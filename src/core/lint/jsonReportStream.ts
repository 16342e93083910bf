// `podnet lint --format json` as a sequence of UTF-8 chunks (core/encodedChunks), written as it is
// rendered: a conflict-dense manifest's report runs to megabytes, and building it as one object and
// one string doubles the peak memory and the time. Byte for byte JSON.stringify(report, null, 2) +
// "\n" of toJsonReport plus `fixed` (a test compares the two).
import { encodedChunks } from '../encodedChunks';
import type { JsonReportOptions, Report } from './reportFormats';
import { jsonFinding, jsonReportHead, jsonSuppressed } from './reportFormats';

/** What --fix changed (JSON `fixed[]`), in the order it was applied. */
export type FixedChange = Readonly<Record<string, string | number>>;

const indent = (json: string, by: string): string => json.replace(/\n/g, `\n${by}`);

// Findings per JSON.stringify call: few calls, yet a batch stays well under a chunk.
const BATCH = 16;

function* arrayPieces<T>(key: string, items: readonly T[], render: (item: T) => object, last: boolean): Generator<string> {
  const tail = last ? '\n' : ',\n';
  const name = JSON.stringify(key);
  if (!items.length) {
    yield `  ${name}: []${tail}`;
    return;
  }
  // A batch is stringified as `{key: [...]}`, which puts its items at the report's own depth: the
  // wrapper is cut off, nothing is re-indented.
  const head = `{\n  ${name}: [\n`.length;
  yield `  ${name}: [\n`;
  for (let i = 0; i < items.length; i += BATCH) {
    const batch = items.slice(i, i + BATCH).map(render);
    const json = JSON.stringify({ [key]: batch }, null, 2);
    // Two pieces, not one template: the slice is a view of `json`, encoded without a copy.
    yield json.slice(head, -'\n  ]\n}'.length);
    yield i + BATCH < items.length ? ',\n' : '\n';
  }
  yield `  ]${tail}`;
}

function* reportPieces(report: Report, o: JsonReportOptions, fixed: readonly FixedChange[] | undefined): Generator<string> {
  yield '{\n';
  for (const [key, value] of Object.entries(jsonReportHead(report, o))) yield `  ${JSON.stringify(key)}: ${indent(JSON.stringify(value, null, 2), '  ')},\n`;
  yield* arrayPieces('findings', report.findings, (f) => jsonFinding(f, o), false);
  yield* arrayPieces('suppressed', report.suppressed, (s) => jsonSuppressed(s, o), fixed === undefined);
  if (fixed) yield* arrayPieces('fixed', fixed, (c) => c, true);
  yield '}\n';
}

export const jsonReportChunks = (report: Report, o: JsonReportOptions, fixed?: readonly FixedChange[]): Generator<Uint8Array> =>
  encodedChunks(reportPieces(report, o, fixed));
