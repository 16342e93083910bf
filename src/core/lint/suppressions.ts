// Inline suppressions in YAML comments, ESLint-style:
//   # podnet-disable-next-line PN110 -- why      (the next line; several codes comma-separated)
//   # podnet-disable PN110 -- why  …  # podnet-enable PN110   (a region; no codes = every rule)
// A directive that suppresses nothing is reported (PN181), so stale ones do not pile up.

export interface Directive {
  readonly kind: 'next-line' | 'disable' | 'enable';
  /** Empty: every rule. */
  readonly codes: readonly string[];
  readonly reason?: string;
  /** 0-based line of the comment, and where the comment sits in the text. */
  readonly line: number;
  readonly span: { readonly start: number; readonly end: number };
}

export interface Suppression {
  readonly directive: Directive;
  /** Lines it covers: [first, last], inclusive, 0-based. */
  readonly first: number;
  readonly last: number;
  readonly codes: readonly string[];
}

const DIRECTIVE = /#\s*podnet-(disable-next-line|disable|enable)\b([^\n]*)/;

export function parseDirectives(text: string): Directive[] {
  if (!/podnet-(dis|en)able/.test(text)) return [];
  const out: Directive[] = [];
  let line = 0;
  for (let at = 0; at <= text.length; line++) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    const l = text.slice(at, end);
    // Comment lines only: a '#' inside a value ("a#podnet-…") is not a directive.
    const m = /^\s*#/.test(l) ? DIRECTIVE.exec(l) : null;
    if (m) {
      const [body, ...why] = m[2].split(/\s--\s?/);
      const reason = why.join(' -- ').trim();
      const codes = body.split(/[\s,]+/).map((c) => c.toUpperCase()).filter((c) => c !== '');
      const start = at + (m.index ?? 0);
      out.push({
        kind: m[1] === 'disable-next-line' ? 'next-line' : (m[1] as Directive['kind']),
        codes,
        ...(reason ? { reason } : {}),
        line,
        span: { start, end: at + l.trimEnd().length },
      });
    }
    if (nl < 0) break;
    at = nl + 1;
  }
  return out;
}

/** What each directive covers; an unclosed `disable` runs to the end of the file. */
export function suppressionsOf(directives: readonly Directive[], lineCount: number): Suppression[] {
  const out: Suppression[] = [];
  const open: Directive[] = [];
  const close = (d: Directive, last: number) => out.push({ directive: d, first: d.line + 1, last, codes: d.codes });
  for (const d of directives) {
    if (d.kind === 'next-line') out.push({ directive: d, first: d.line + 1, last: d.line + 1, codes: d.codes });
    else if (d.kind === 'disable') open.push(d);
    else {
      // `enable` with no codes closes every open region; with codes, the regions naming them.
      for (let i = open.length - 1; i >= 0; i--) {
        const o = open[i];
        if (d.codes.length === 0 || o.codes.some((c) => d.codes.includes(c))) {
          close(o, d.line);
          open.splice(i, 1);
        }
      }
    }
  }
  for (const o of open) close(o, lineCount);
  return out;
}

export const covers = (s: Suppression, code: string, line: number): boolean =>
  line >= s.first && line <= s.last && (s.codes.length === 0 || s.codes.includes(code));
