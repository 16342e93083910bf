// `podnet inspect` output as a sequence of UTF-8 chunks (core/encodedChunks), so a 150,000-pod
// report is written as it is rendered, never held as one string. Byte for byte what the one-string
// forms were.
import { encodedChunks } from '../encodedChunks';
import type { InspectReport } from './inspectReport';
import { inspectTextLines } from './inspectReport';

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

export const inspectJsonChunks = (report: InspectReport): Generator<Uint8Array> => encodedChunks(jsonPieces(report));

function* textPieces(report: InspectReport): Generator<string> {
  for (const line of inspectTextLines(report)) yield `${line}\n`;
}

export const inspectTextChunks = (report: InspectReport): Generator<Uint8Array> => encodedChunks(textPieces(report));
