import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

// The layering table of docs/ARCHITECTURE.md, row by row: what each part of src/ (and webview/)
// may import. Imports are read from the source text (static, dynamic and side-effect imports).
function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => /\.(ts|mts|cts)$/.test(f));
}

interface Import {
  readonly file: string;
  readonly spec: string;
  /** The imported names of `import { a, b } from` (type-only or not); undefined for other forms. */
  readonly names?: readonly string[];
  readonly typeOnly: boolean;
}

const importPattern =
  /(?:import\s+(type\s+)?(?:\{([^}]*)\}|[\w*\s,]+?)\s+from\s+|export\s+(?:type\s+)?\{[^}]*\}\s+from\s+|export\s+\*\s+from\s+|import\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g;

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(importPattern)].map((m) => ({
    file,
    spec: m[3]!,
    ...(m[2] !== undefined ? { names: m[2].split(',').map((n) => n.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!).filter(Boolean) } : {}),
    typeOnly: m[1] !== undefined,
  }));
}

/** The part of the tree a path (relative to the repo) belongs to: core/<folder>, a feature folder, webview. */
function partOf(path: string): string {
  const parts = relative('.', path).split(sep);
  if (parts[0] === 'webview') return 'webview';
  if (parts[0] !== 'src') return parts[0]!;
  if (parts.length === 2) return `src/${parts[1]!.replace(/\.ts$/, '')}`;
  if (parts[1] === 'core') return parts.length === 3 ? 'core' : `core/${parts[2]}`;
  return parts[1]!;
}

/** What an import points at: a part of the tree, `node:` builtins, or the npm package's name. */
function targetOf(imp: Import): string {
  if (imp.spec.startsWith('.')) return partOf(resolve(dirname(imp.file), imp.spec));
  if (imp.spec.startsWith('node:')) return 'node';
  const segments = imp.spec.split('/');
  return `npm:${imp.spec.startsWith('@') ? segments.slice(0, 2).join('/') : segments[0]}`;
}

const PURE_PACKAGES = ['npm:ip-address', 'npm:js-yaml'];
const FEATURES = ['cni', 'lab', 'check'];
/** The pure parts bundled into the browser (the webview row). */
const WEBVIEW_CORE = ['core/map', 'core/net', 'core/dataPath', 'core/check'];
/** The parts the table has a row for; src/extension.ts is the wiring line of the tree above it. */
const RULED = ['core', 'kube', ...FEATURES, 'cli', 'vscode', 'webview'];
const isCore = (t: string) => t === 'core' || t.startsWith('core/');

/** Each row of the table: may a file of `from` import `target`? */
function allowed(from: string, target: string): boolean {
  if (target === from) return true;
  if (isCore(from)) return isCore(target) || PURE_PACKAGES.includes(target);
  if (from === 'kube') return isCore(target) || target === 'node' || PURE_PACKAGES.includes(target) || target === 'npm:@kubernetes/client-node';
  // The features are siblings: core, the one connection layer, Node, never each other.
  if (FEATURES.includes(from)) {
    return isCore(target) || target === 'kube' || target === 'node' || PURE_PACKAGES.includes(target) || target === 'npm:@kubernetes/client-node';
  }
  if (from === 'cli') return target !== 'vscode' && target !== 'npm:vscode' && target !== 'webview';
  if (from === 'vscode') return target !== 'cli' && target !== 'webview';
  if (from === 'webview') return [...WEBVIEW_CORE, 'npm:@vscode-elements/elements'].includes(target);
  if (from === 'src/extension') return target === 'vscode' || target === 'npm:vscode';
  return false;
}

/** The rows of the layering table in docs/ARCHITECTURE.md: the backticked names of each cell. */
function tableRows(): { readonly layers: string[]; readonly mayImport: string[] }[] {
  const doc = readFileSync(join('docs', 'ARCHITECTURE.md'), 'utf8');
  const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.replace(/\/\*?$/, ''));
  return doc
    .split('\n')
    .filter((line) => /^\| `/.test(line))
    .map((line) => {
      const [, layer = '', may = ''] = line.split('|');
      return { layers: ticked(layer), mayImport: ticked(may) };
    });
}

describe('layering (the table of docs/ARCHITECTURE.md)', () => {
  const files = () => [...sources('src'), ...sources('webview')];

  it('the table in docs/ARCHITECTURE.md has exactly the rows this test enforces, and the webview row its folders', () => {
    const rows = tableRows();
    assert.deepEqual(rows.flatMap((r) => r.layers).sort(), [...RULED].sort());
    const webview = rows.find((r) => r.layers.includes('webview'));
    assert.deepEqual(webview?.mayImport.filter(isCore).sort(), [...WEBVIEW_CORE].sort());
  });

  it('every file of src/ and webview/ belongs to a row of the table (or is the wiring src/extension.ts)', () => {
    const unruled = files().filter((f) => {
      const part = partOf(f);
      return !(RULED.includes(part) || isCore(part) || part === 'src/extension');
    });
    assert.deepEqual(unruled, []);
  });

  it('every import follows its row of the table', () => {
    const offenders = files().flatMap((f) =>
      importsOf(f)
        .filter((imp) => !allowed(partOf(f), targetOf(imp)))
        .map((imp) => `${f} (${partOf(f)}) -> ${imp.spec} (${targetOf(imp)})`)
    );
    assert.deepEqual(offenders, []);
  });

  it('no file outside src/vscode imports vscode (type-only wiring in extension.ts aside)', () => {
    const offenders = files().filter((f) => {
      if (f.startsWith(join('src', 'vscode'))) return false;
      const vscodeImports = importsOf(f).filter((imp) => imp.spec === 'vscode');
      if (f === join('src', 'extension.ts')) return vscodeImports.some((imp) => !imp.typeOnly);
      return vscodeImports.length > 0;
    });
    assert.deepEqual(offenders, []);
  });

  it('@kubernetes/client-node is only the carrier of kubeconfig contexts: KubeConfig and its parts', () => {
    const carrier = new Set(['KubeConfig', 'Cluster', 'Context', 'User']);
    const offenders = files().flatMap((f) =>
      importsOf(f)
        .filter((imp) => imp.spec === '@kubernetes/client-node' && (imp.names === undefined || imp.names.some((n) => !carrier.has(n))))
        .map((imp) => `${f}: ${imp.names?.join(', ') ?? 'the whole package'}`)
    );
    assert.deepEqual(offenders, []);
  });

  it('the table itself refuses what it should (the rules can fail)', () => {
    assert.equal(allowed('core/cluster', 'kube'), false);
    assert.equal(allowed('core/net', 'node'), false);
    assert.equal(allowed('cni', 'lab'), false);
    assert.equal(allowed('lab', 'cli'), false);
    assert.equal(allowed('kube', 'cni'), false);
    assert.equal(allowed('cli', 'vscode'), false);
    assert.equal(allowed('vscode', 'cli'), false);
    assert.equal(allowed('webview', 'core/cluster'), false);
    assert.equal(allowed('webview', 'npm:js-yaml'), false);
    assert.equal(allowed('check', 'kube'), true);
    assert.deepEqual(importsOf(join('test', 'unit', 'layering.test.ts')).map((i) => i.spec).slice(0, 3), ['node:assert/strict', 'node:fs', 'node:path']);
  });
});
