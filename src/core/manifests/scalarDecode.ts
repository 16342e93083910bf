// Re-decodes a YAML scalar from its source text while recording, for every decoded character, the
// source offset it came from. js-yaml gives values but no positions inside them; this map is what
// lets a CIDR inside an embedded JSON string be underlined exactly. Callers verify the decoded
// text against js-yaml's value and fall back to the whole-scalar span when they differ.

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';

export interface DecodedScalar {
  readonly text: string;
  /** map[i] = source offset of decoded char i; map[text.length] = end of the scalar. */
  readonly map: Int32Array;
}

export function scalarStyleAt(src: string, start: number): ScalarStyle {
  switch (src.charCodeAt(start)) {
    case 0x22:
      return 'double';
    case 0x27:
      return 'single';
    case 0x7c:
      return 'literal';
    case 0x3e:
      return 'folded';
    default:
      return 'plain';
  }
}

// Decoded text as runs (slices of the source or escapes) and the source offset of each character in
// a growing Int32Array: a 30 KB embedded config is decoded without one string or array slot per character.
class Builder {
  private readonly parts: string[] = [];
  private map = new Int32Array(64);
  private len = 0;
  /** Trailing raw whitespace pushed (one character per push) since the last non-space, trimmed at a line fold. */
  rawWs = 0;
  private room(n: number): void {
    if (this.len + n + 1 <= this.map.length) return;
    let size = this.map.length * 2;
    while (size < this.len + n + 1) size *= 2;
    const grown = new Int32Array(size);
    grown.set(this.map.subarray(0, this.len));
    this.map = grown;
  }
  /** `s`, every character of it mapped to `off`. */
  push(s: string, off: number, raw = false): void {
    this.room(s.length);
    this.parts.push(s);
    for (let k = 0; k < s.length; k++) this.map[this.len++] = off;
    this.rawWs = raw && (s === ' ' || s === '\t') ? this.rawWs + 1 : 0;
  }
  /** Source characters [from, to) as they are, each mapped to its own offset. */
  pushRun(src: string, from: number, to: number): void {
    if (to <= from) return;
    this.room(to - from);
    this.parts.push(src.slice(from, to));
    for (let p = from; p < to; p++) this.map[this.len++] = p;
    this.rawWs = 0;
  }
  trimRawWs(): void {
    while (this.rawWs > 0) {
      this.parts.pop();
      this.len--;
      this.rawWs--;
    }
  }
  done(end: number): DecodedScalar {
    this.room(0);
    this.map[this.len] = end;
    return { text: this.parts.join(''), map: this.map.slice(0, this.len + 1) };
  }
}

const isWs = (c: string | undefined) => c === ' ' || c === '\t';

/** Decodes the scalar that starts at `start` (its first character, after tags/anchors). */
export function decodeScalar(src: string, start: number, limit: number, style: ScalarStyle, headerLineIndent = 0): DecodedScalar | undefined {
  if (style === 'literal' || style === 'folded') return decodeBlock(src, start, style, headerLineIndent);
  if (style === 'plain') {
    let end = limit;
    while (end > start && /\s/.test(src[end - 1])) end--;
    return foldFlow(src, start, end, 'plain');
  }
  const close = findClosingQuote(src, start, style);
  if (close < 0) return undefined;
  return foldFlow(src, start + 1, close, style);
}

function findClosingQuote(src: string, start: number, style: 'single' | 'double'): number {
  const q = style === 'single' ? "'" : '"';
  for (let i = start + 1; i < src.length; i++) {
    const c = src[i];
    if (style === 'double' && c === '\\') {
      i++;
      continue;
    }
    if (c === q) {
      if (style === 'single' && src[i + 1] === "'") {
        i++;
        continue;
      }
      return i;
    }
  }
  return -1;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_LEN: Record<string, number> = { x: 2, u: 4, U: 8 };

function foldFlow(src: string, from: number, to: number, style: 'plain' | 'single' | 'double'): DecodedScalar {
  const b = new Builder();
  let i = from;
  while (i < to) {
    const c = src[i];
    if (style === 'double' && c === '\\') {
      const e = src[i + 1];
      if (e === '\n' || e === '\r') {
        // Escaped line break: joins lines without a space.
        i += e === '\r' && src[i + 2] === '\n' ? 3 : 2;
        while (i < to && isWs(src[i])) i++;
        b.rawWs = 0;
        continue;
      }
      const hex = HEX_LEN[e];
      if (hex) {
        const code = parseInt(src.slice(i + 2, i + 2 + hex), 16);
        b.push(String.fromCodePoint(Number.isFinite(code) ? code : 0xfffd), i);
        i += 2 + hex;
        continue;
      }
      b.push(SIMPLE_ESCAPES[e] ?? e, i);
      i += 2;
      continue;
    }
    if (style === 'single' && c === "'" && src[i + 1] === "'") {
      b.push("'", i);
      i += 2;
      continue;
    }
    if (c === '\n' || c === '\r') {
      b.trimRawWs();
      const breakAt = i;
      let j = c === '\r' && src[i + 1] === '\n' ? i + 2 : i + 1;
      let empty = 0;
      for (;;) {
        while (j < to && isWs(src[j])) j++;
        if (j < to && (src[j] === '\n' || src[j] === '\r')) {
          empty++;
          j += src[j] === '\r' && src[j + 1] === '\n' ? 2 : 1;
          continue;
        }
        break;
      }
      if (empty > 0) b.push('\n'.repeat(empty), breakAt);
      else b.push(' ', breakAt);
      b.rawWs = 0;
      i = j;
      continue;
    }
    if (isWs(c)) {
      b.push(c, i, true);
      i++;
      continue;
    }
    // A run of ordinary characters, up to the next space, break, escape or quote.
    let j = i + 1;
    while (
      j < to && !isWs(src[j]) && src[j] !== '\n' && src[j] !== '\r' && !(style === 'double' && src[j] === '\\') && !(style === 'single' && src[j] === "'")
    ) j++;
    b.pushRun(src, i, j);
    i = j;
  }
  if (style === 'plain') b.trimRawWs();
  return b.done(style === 'plain' ? to : to + 1);
}

function lineIndentAt(src: string, pos: number): number {
  let ls = pos;
  while (ls > 0 && src[ls - 1] !== '\n') ls--;
  let k = ls;
  while (src[k] === ' ') k++;
  return k - ls;
}

function decodeBlock(src: string, start: number, style: 'literal' | 'folded', baseIndent: number): DecodedScalar | undefined {
  let i = start + 1;
  let chomp: 'clip' | 'strip' | 'keep' = 'clip';
  let explicit = 0;
  for (let k = 0; k < 2; k++) {
    const c = src[i];
    if (c === '+' || c === '-') {
      chomp = c === '+' ? 'keep' : 'strip';
      i++;
    } else if (c >= '1' && c <= '9') {
      explicit = Number(c);
      i++;
    }
  }
  while (i < src.length && src[i] !== '\n') i++; // rest of header: spaces and a comment
  i++;
  let indent = explicit ? (baseIndent || lineIndentAt(src, start)) + explicit : 0;
  if (!indent) {
    // Auto-detect: the indentation of the first non-empty line.
    let j = i;
    while (j < src.length) {
      let k = j;
      while (src[k] === ' ') k++;
      if (src[k] === '\n' || src[k] === '\r') {
        j = src.indexOf('\n', k) + 1;
        if (j === 0) break;
        continue;
      }
      indent = k - j;
      break;
    }
    if (!indent) return undefined;
  }
  const b = new Builder();
  let empty = 0;
  let didRead = false;
  let moreIndented = false;
  let lastBreak = i - 1;
  let end = i;
  while (i < src.length) {
    let k = i;
    while (k - i < indent && src[k] === ' ') k++;
    const nl = src.indexOf('\n', k);
    const lineEnd = nl < 0 ? src.length : nl;
    const contentEnd = src[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    if (k - i < indent) {
      // Shorter indentation: blank lines continue the scalar, anything else ends it.
      if (/^[ \t]*$/.test(src.slice(k, contentEnd))) {
        empty++;
        lastBreak = lineEnd;
        if (nl < 0) break;
        i = nl + 1;
        continue;
      }
      break;
    }
    if (k === contentEnd) {
      empty++;
      lastBreak = lineEnd;
      if (nl < 0) {
        i = src.length;
        break;
      }
      i = nl + 1;
      continue;
    }
    if (style === 'folded') {
      if (isWs(src[k])) {
        moreIndented = true;
        b.push('\n'.repeat(didRead ? 1 + empty : empty), lastBreak);
      } else if (moreIndented) {
        moreIndented = false;
        b.push('\n'.repeat(empty + 1), lastBreak);
      } else if (empty === 0) {
        if (didRead) b.push(' ', lastBreak);
      } else {
        b.push('\n'.repeat(empty), lastBreak);
      }
    } else {
      b.push('\n'.repeat(didRead ? 1 + empty : empty), lastBreak);
    }
    b.pushRun(src, k, contentEnd);
    didRead = true;
    empty = 0;
    lastBreak = lineEnd;
    end = contentEnd;
    if (nl < 0) {
      i = src.length;
      break;
    }
    i = nl + 1;
  }
  if (chomp === 'keep') b.push('\n'.repeat(didRead ? 1 + empty : empty), end);
  else if (chomp === 'clip' && didRead) b.push('\n', end);
  return b.done(end);
}
