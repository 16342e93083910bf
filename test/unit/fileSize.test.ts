import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

// The 400-line rule of docs/ARCHITECTURE.md: a source file that grows past it holds more than one
// concept and is split by concept. Lines are counted as `wc -l` counts them (newline characters).
const MAX_LINES = 400;
const ROOTS = ['src', 'webview', 'scripts', 'bench'];
const SOURCE = /\.(ts|mts|cts|mjs)$/;

/** Files the rule does not apply to, each with the reason. */
const EXEMPT: Readonly<Record<string, string>> = {
  // Written by scripts/genLabProtobufSchema.mjs from k8s.io's generated.proto files, never by hand:
  // its length is the length of the Kubernetes schema it mirrors.
  [join('src', 'lab', 'api', 'protobufSchema.ts')]: 'generated',
};

function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && SOURCE.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => !f.split(/[\\/]/).includes('node_modules'));
}

const lineCount = (text: string) => text.split('\n').length - 1 + (text.endsWith('\n') || text === '' ? 0 : 1);

function oversized(files: readonly string[]): string[] {
  return files
    .filter((f) => EXEMPT[f] === undefined)
    .map((f) => ({ f, lines: lineCount(readFileSync(f, 'utf8')) }))
    .filter(({ lines }) => lines > MAX_LINES)
    .map(({ f, lines }) => `${f}: ${lines} lines`)
    .sort();
}

describe(`file size (no source file over ${MAX_LINES} lines)`, () => {
  it(`no .ts/.mjs file under ${ROOTS.join('/, ')}/ exceeds ${MAX_LINES} lines`, () => {
    const files = ROOTS.flatMap(sources);
    assert.ok(files.length > 100, `only ${files.length} source files found: run the tests from the repository root`);
    assert.deepEqual(oversized(files), []);
  });

  it('every exempt file exists (an exemption never outlives its file)', () => {
    assert.deepEqual(Object.keys(EXEMPT).filter((f) => !existsSync(f)), []);
  });

  it('counts lines as wc -l does, and would refuse a file one line over', () => {
    assert.equal(lineCount(''), 0);
    assert.equal(lineCount('a\n'), 1);
    assert.equal(lineCount('a\nb'), 2);
    assert.equal(lineCount('a\n'.repeat(MAX_LINES + 1)), MAX_LINES + 1);
    const own = join('test', 'unit', 'fileSize.test.ts');
    assert.ok(sources('test').includes(own), 'the file walk finds this very file');
  });
});
