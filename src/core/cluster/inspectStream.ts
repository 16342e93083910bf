// `podnet inspect` output as a sequence of chunks (~64 KB each), so a 150,000-pod report is
// written as it is rendered, never held as one string (V8 caps strings at ~512 MB, and a
// whole-report string doubles the peak memory). Byte for byte what the one-string forms were.
import type { InspectReport } from './inspectReport';
import { inspectTextLines } from './inspectReport';

const chunkChars = 64 * 1024;

/** Groups pieces into chunks of about chunkChars characters (the lint JSON report is written so too). */
export function* chunked(pieces: Iterable<string>): Generator<string> {
  let buf: string[] = [];
  let size = 0;
  for (const p of pieces) {
    buf.push(p);
    size += p.length;
    if (size >= chunkChars) {
      yield buf.join('');
      buf = [];
      size = 0;
    }
  }
  if (size > 0) yield buf.join('');
}

const indent = (json: string, by: string): string => json.replace(/\n/g, `\n${by}`);

/** The report's pieces: exactly JSON.stringify(report, null, 2) + "\n", with the big arrays item by item. */
function* jsonPieces(report: InspectReport): Generator<string> {
  const entries = Object.entries(report);
  yield '{\n';
  for (let i = 0; i < entries.length; i++) {
    const [key, value] = entries[i]!;
    const tail = i + 1 < entries.length ? ',\n' : '\n';
    if (Array.isArray(value) && value.length > 0) {
      yield `  ${JSON.stringify(key)}: [\n`;
      for (let j = 0; j < value.length; j++) yield `    ${indent(JSON.stringify(value[j], null, 2), '    ')}${j + 1 < value.length ? ',\n' : '\n'}`;
      yield `  ]${tail}`;
    } else if (value !== undefined) yield `  ${JSON.stringify(key)}: ${indent(JSON.stringify(value, null, 2), '  ')}${tail}`;
  }
  yield '}\n';
}

export const inspectJsonChunks = (report: InspectReport): Generator<string> => chunked(jsonPieces(report));

function* textPieces(report: InspectReport): Generator<string> {
  for (const line of inspectTextLines(report)) yield `${line}\n`;
}

export const inspectTextChunks = (report: InspectReport): Generator<string> => chunked(textPieces(report));
