// The CLI's bundles are loaded through V8's code cache: the bytecode of the functions a command ran
// is kept per user, so the next run of that command skips parsing and compiling them (7-9 % of a
// large `podnet lint`). Node 22 has this built in (module.enableCompileCache); this works on 20.
// V8 does not verify cached bytecode, and checks only the source's length: a cache is named by the
// hash of its bundle's text and read only from a directory no other user can write.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { Script } from 'node:vm';

interface Where {
  readonly env: NodeJS.ProcessEnv;
  readonly platform: NodeJS.Platform;
  readonly home: string;
}

/** The per-user cache directory of the platform (XDG on Linux), or none when the user turned caches off. */
export function codeCacheDir({ env, platform, home }: Where = { env: process.env, platform: process.platform, home: homedir() }): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  if (platform === 'win32') return env.LOCALAPPDATA ? join(env.LOCALAPPDATA, 'podnet', 'Cache', 'v8') : undefined;
  if (!home) return undefined;
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'podnet', 'v8');
  const xdg = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(home, '.cache');
  return join(xdg, 'podnet', 'v8');
}

/** The directory, made if missing, when only this user can write it (POSIX); else undefined. */
function privateDir(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = statSync(dir);
    const uid = process.getuid?.();
    if (uid !== undefined && (st.uid !== uid || (st.mode & 0o022) !== 0)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/**
 * Runs a CommonJS bundle as require() would, with its code cache for `label` (the command: each
 * command compiles different functions). Sibling bundles it requires (`./x.js`) load the same way.
 */
export function requireBundle(file: string, label: string, dir = codeCacheDir()): unknown {
  const source = readFileSync(file, 'utf8').replace(/^#!/, '//');
  const cacheDir = dir && privateDir(dir);
  const prefix = `${basename(file, '.js')}-${label.replace(/[^a-z0-9-]/gi, '_')}-`;
  const name = cacheDir &&
    join(cacheDir, `${prefix}${createHash('sha256').update(`${process.version} ${process.arch}\n`).update(source).digest('hex').slice(0, 32)}.bin`);
  let cachedData: Buffer | undefined;
  if (name) {
    try {
      cachedData = readFileSync(name);
    } catch {
      // no cache yet: this run makes one
    }
  }
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  if (name && cacheDir && (!cachedData || script.cachedDataRejected)) process.once('exit', () => save(script, cacheDir, prefix, name));
  const module = new Module(file);
  module.filename = file;
  const plain = createRequire(file);
  const require = Object.assign(
    (id: string): unknown => (/^\.\/[\w.-]+\.js$/.test(id) ? requireBundle(join(dirname(file), id), label, dir) : plain(id)),
    { resolve: plain.resolve, cache: plain.cache, main: plain.main, extensions: plain.extensions },
  );
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, require, module, file, dirname(file));
  return module.exports;
}

/** Written at exit (the functions the run compiled are in it), atomically; older caches of the bundle go. */
function save(script: Script, dir: string, prefix: string, name: string): void {
  try {
    const temp = `${name}.${process.pid}.tmp`;
    writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
    renameSync(temp, name);
    for (const f of readdirSync(dir)) if (f.startsWith(prefix) && join(dir, f) !== name && !f.endsWith('.tmp')) rmSync(join(dir, f), { force: true });
  } catch {
    // a cache is only ever a speed-up
  }
}
