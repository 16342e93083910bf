// The edit behind "Suppress PNxxx for this line": a `# podnet-disable-next-line CODE` comment above
// the line, indented like it, or the code added to such a comment already there. YAML only (JSON
// has no comments); not for rules that cannot be suppressed in place.

const NOT_SUPPRESSIBLE = new Set(['PN151', 'PN152', 'PN153', 'PN154', 'PN155', 'PN180', 'PN181']);

export interface LineEdit {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

export function suppressionEdit(text: string, line: number, code: string, isYaml: boolean): LineEdit | undefined {
  if (!isYaml || NOT_SUPPRESSIBLE.has(code)) return undefined;
  const lines = text.split('\n');
  const target = lines[line];
  if (target === undefined) return undefined;
  const above = line > 0 ? lines[line - 1].replace(/\r$/, '') : undefined;
  const m = above !== undefined ? /^(\s*#\s*podnet-disable-next-line)([^\n]*?)(\s--\s.*)?$/.exec(above) : null;
  if (above !== undefined && m) {
    const codes = m[2].split(/[\s,]+/).filter(Boolean);
    if (codes.includes(code)) return undefined;
    const head = `${m[1]} ${[...codes, code].join(', ')}`;
    return { line: line - 1, start: 0, end: above.length, newText: `${head}${m[3] ?? ''}` };
  }
  const indent = /^[ \t]*/.exec(target)?.[0] ?? '';
  return { line, start: 0, end: 0, newText: `${indent}# podnet-disable-next-line ${code}\n` };
}
