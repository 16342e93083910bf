import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { codeCacheDir } from '../../../src/cli/codeCache';

// The CLI's bundles run through V8's code cache (src/cli/codeCache.ts). Each load is a process of
// its own, as a `podnet` run is: the cache a run leaves is what the next run reads.
const codeCache = resolve('src/cli/codeCache.ts');

describe('the CLI code cache', function() {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'podnet-codecache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Loads `bundle` in a new process with the cache in `cache`; prints what the bundle's main() returns. */
  const run = (bundle: string, cache: string, env: NodeJS.ProcessEnv = {}) =>
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `const { requireBundle } = require(${JSON.stringify(codeCache)}); console.log(requireBundle(${JSON.stringify(bundle)}, 'lint', ${
          JSON.stringify(cache)
        }).main())`,
      ],
      { encoding: 'utf8', env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '', ...env } },
    ).trim();
  const bundles = () => {
    mkdirSync(join(dir, 'dist'), { recursive: true });
    const main = join(dir, 'dist', 'main.js');
    // A sibling bundle, required the way cliMain.js requires clusterCommands.js.
    writeFileSync(join(dir, 'dist', 'other.js'), 'exports.word = () => "from a sibling";\n');
    writeFileSync(
      main,
      '#!/usr/bin/env node\nexports.main = () => `${__filename.endsWith("main.js")} ${require("./other.js").word()} ${require("node:path").sep}`;\n',
    );
    return main;
  };
  const cached = (cache: string) => readdirSync(cache).filter((f) => f.endsWith('.bin')).sort();

  it('writes a cache on the first run and reads it, unchanged, on the next', () => {
    const main = bundles();
    const cache = join(dir, 'cache');
    assert.equal(run(main, cache), 'true from a sibling /');
    const files = cached(cache);
    assert.deepEqual(files.map((f) => f.replace(/[0-9a-f]{32}/, 'H')), ['main-lint-H.bin', 'other-lint-H.bin']);
    assert.equal(statSync(cache).mode & 0o777, 0o700);
    const past = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000);
    for (const f of files) utimesSync(join(cache, f), past, past);
    assert.equal(run(main, cache), 'true from a sibling /');
    // V8 accepted it: nothing was written again.
    for (const f of files) assert.equal(Math.round(statSync(join(cache, f)).mtimeMs), past.getTime(), `${f} was rewritten`);
  });

  it('rewrites a cache V8 rejects, and never reads one made for other text of the same length', () => {
    const main = bundles();
    const cache = join(dir, 'cache');
    run(main, cache);
    const [first] = cached(cache);
    writeFileSync(join(cache, first), 'not bytecode at all');
    assert.equal(run(main, cache), 'true from a sibling /');
    assert.notEqual(readFileSync(join(cache, first), 'utf8'), 'not bytecode at all');
    // The same length, other code (V8 itself checks only the length): its own cache, the old one removed.
    writeFileSync(main, readFileSync(main, 'utf8').replace('"main.js"', '"MAIN.JS"'));
    assert.equal(run(main, cache), 'false from a sibling /');
    assert.equal(cached(cache).filter((f) => f.startsWith('main-')).length, 1);
    assert.ok(!cached(cache).includes(first));
  });

  it('uses no directory another user could write, and none when NODE_DISABLE_COMPILE_CACHE is set', () => {
    const main = bundles();
    const open = join(dir, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    assert.equal(run(main, open), 'true from a sibling /');
    assert.deepEqual(cached(open), []);
    const home = join(dir, 'home');
    assert.equal(run(main, join(home, 'c'), { NODE_DISABLE_COMPILE_CACHE: '1' }), 'true from a sibling /');
    assert.equal(codeCacheDir({ env: { NODE_DISABLE_COMPILE_CACHE: '1' }, platform: 'linux', home }), undefined);
  });

  it('is kept where each platform keeps caches', () => {
    const home = '/home/u';
    assert.equal(codeCacheDir({ env: {}, platform: 'linux', home }), '/home/u/.cache/podnet/v8');
    assert.equal(codeCacheDir({ env: { XDG_CACHE_HOME: '/xdg' }, platform: 'linux', home }), '/xdg/podnet/v8');
    // The XDG spec: a relative XDG_CACHE_HOME is invalid and ignored.
    assert.equal(codeCacheDir({ env: { XDG_CACHE_HOME: 'rel' }, platform: 'linux', home }), '/home/u/.cache/podnet/v8');
    assert.equal(codeCacheDir({ env: {}, platform: 'darwin', home }), '/home/u/Library/Caches/podnet/v8');
    assert.equal(
      codeCacheDir({ env: { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, platform: 'win32', home })?.endsWith(join('podnet', 'Cache', 'v8')),
      true,
    );
    assert.equal(codeCacheDir({ env: {}, platform: 'win32', home }), undefined);
  });

  it('gives the built CLI the same output with and without it', () => {
    const cache = join(dir, 'xdg');
    const lint = (env: NodeJS.ProcessEnv) =>
      execFileSync(process.execPath, ['dist/cli.js', 'rules', '--format', 'json'], {
        encoding: 'utf8',
        env: { ...process.env, XDG_CACHE_HOME: cache, ...env },
      });
    const plain = lint({ NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.equal(lint({ NODE_DISABLE_COMPILE_CACHE: '' }), plain);
    assert.equal(lint({ NODE_DISABLE_COMPILE_CACHE: '' }), plain);
    assert.deepEqual(cached(join(cache, 'podnet', 'v8')).map((f) => f.replace(/[0-9a-f]{32}/, 'H')), ['cliMain-rules-H.bin']);
  });
});
