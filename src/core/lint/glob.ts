// Glob patterns of .podnet.yaml (`clusters[].files`, `ignore`), matched against '/'-separated paths
// relative to the config's folder, the way .gitignore reads them: `*` and `?` stay inside one path
// segment, `**` spans any number of segments, `{a,b}` alternates, a pattern without '/' matches a
// name at any depth, and a pattern that matches a folder matches everything under it.

const cache = new Map<string, RegExp>();

function toRegExp(pattern: string): RegExp {
  let p = pattern.replace(/\\/g, '/').replace(/^\.\//, '');
  if (p.endsWith('/')) p = p.slice(0, -1);
  const anchored = p.includes('/');
  if (p.startsWith('/')) p = p.slice(1);
  let re = '';
  let braces = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*' && p[i + 1] === '*') {
      const slashAfter = p[i + 2] === '/';
      re += slashAfter ? '(?:[^/]*/)*' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${anchored ? '' : '(?:.*/)?'}${re}(?:/.*)?$`);
}

/** Whether `path` (relative, '/'-separated) matches `pattern`. */
export function globMatch(pattern: string, path: string): boolean {
  let re = cache.get(pattern);
  if (!re) {
    re = toRegExp(pattern);
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, re);
  }
  return re.test(path);
}

/** `file` relative to `root` with '/' separators, or undefined when it is not under it. */
export function relativeTo(root: string, file: string): string | undefined {
  const r = root.replace(/\\/g, '/').replace(/\/+$/, '');
  const f = file.replace(/\\/g, '/');
  if (r === '' || r === '.') return f.startsWith('/') ? undefined : f.replace(/^\.\//, '');
  return f.startsWith(`${r}/`) ? f.slice(r.length + 1) : undefined;
}

/** The folder part of a '/'- or '\'-separated path or URI ('' at the top). */
export const parentOf = (file: string): string => {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i < 0 ? '' : file.slice(0, i);
};
