// `podnet lint --format json` as a sequence of chunks (~64 KB each), written as it is rendered:
// a conflict-dense manifest's report runs to megabytes, and building it as one object and one
// string doubles the peak memory and the time. Byte for byte JSON.stringify(report, null, 2) + "\n"
// of toJsonReport plus `fixed` (a test compares the two).
import { chunked } from '../cluster/inspectStream';
import type { JsonReportOptions, Report } from './reportFormats';
import { jsonFinding, jsonReportHead, jsonSuppressed } from './reportFormats';

/** What --fix changed (JSON `fixed[]`), in the order it was applied. */
export type FixedChange = Readonly<Record<string, string | number>>;

const indent = (json: string, by: string): string => json.replace(/\n/g, `\n${by}`);

function* arrayPieces<T>(key: string, items: readonly T[], render: (item: T) => object, last: boolean): Generator<string> {
  const tail = last ? '\n' : ',\n';
  if (!items.length) {
    yield `  ${JSON.stringify(key)}: []${tail}`;
    return;
  }
  yield `  ${JSON.stringify(key)}: [\n`;
  for (let i = 0; i < items.length; i++) yield `    ${indent(JSON.stringify(render(items[i]), null, 2), '    ')}${i + 1 < items.length ? ',\n' : '\n'}`;
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

export const jsonReportChunks = (report: Report, o: JsonReportOptions, fixed?: readonly FixedChange[]): Generator<string> => chunked(reportPieces(report, o, fixed));
