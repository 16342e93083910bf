// JSON (and JSONC: comments, trailing commas) parsed into the same position-keeping node shape as
// YAML, so one set of extractors reads CNI configs whether standalone or embedded in a string.
// Template tokens like __CNI_MTU__ (Calico's install-cni fills them) are accepted as placeholders.
import type { YMap, YNode, YPair, YScalar, YSeq } from './yamlTree';

export interface JsonParse {
  readonly root: YNode | undefined;
  readonly error?: { readonly message: string; readonly offset: number };
}

class JsonError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const MAX_DEPTH = 200;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };

export function parseJsonTree(text: string): JsonParse {
  let i = 0;
  const n = text.length;
  const skip = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff) {
        i++;
        continue;
      }
      if (c === 0x2f && text[i + 1] === '/') {
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? n : nl + 1;
        continue;
      }
      if (c === 0x2f && text[i + 1] === '*') {
        const e = text.indexOf('*/', i + 2);
        if (e < 0) throw new JsonError('unterminated comment', i);
        i = e + 2;
        continue;
      }
      return;
    }
  };
  const describe = (at: number) => (at >= n ? 'end of text' : `"${text[at]}"`);
  const value = (depth: number): YNode => {
    if (depth > MAX_DEPTH) throw new JsonError('nesting too deep', i);
    skip();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const pairs: YPair[] = [];
      skip();
      while (text[i] !== '}') {
        if (text[i] !== '"') throw new JsonError(`expected a property name in double quotes, found ${describe(i)}`, i);
        const key = stringNode();
        skip();
        if (text[i] !== ':') throw new JsonError(`expected ":" after property name, found ${describe(i)}`, i);
        i++;
        const v = value(depth + 1);
        pairs.push({ key, keyText: key.value as string, value: v });
        skip();
        if (text[i] === ',') {
          i++;
          skip();
          continue;
        }
        if (text[i] !== '}') throw new JsonError(`expected "," or "}", found ${describe(i)}`, i);
      }
      i++;
      return { kind: 'map', start, end: i, pairs } satisfies YMap;
    }
    if (c === '[') {
      i++;
      const list: YNode[] = [];
      skip();
      while (text[i] !== ']') {
        list.push(value(depth + 1));
        skip();
        if (text[i] === ',') {
          i++;
          skip();
          continue;
        }
        if (text[i] !== ']') throw new JsonError(`expected "," or "]", found ${describe(i)}`, i);
      }
      i++;
      return { kind: 'seq', start, end: i, items: list } satisfies YSeq;
    }
    if (c === '"') return stringNode();
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null|__[A-Za-z0-9_]+__)/.exec(text.slice(i, i + 64));
    if (!m) throw new JsonError(`unexpected ${describe(i)}`, i);
    i += m[0].length;
    const t = m[0];
    const v = t === 'true' ? true : t === 'false' ? false : t === 'null' ? null : t.startsWith('__') ? t : Number(t);
    return { kind: 'scalar', value: v, start, end: i, style: 'plain' } satisfies YScalar;
  };
  const stringNode = (): YScalar => {
    const start = i;
    let out = '';
    i++;
    // Runs between escapes are sliced whole, not appended a character at a time.
    let run = i;
    for (;;) {
      if (i >= n) throw new JsonError('unterminated string', start);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(run, i);
        i++;
        break;
      }
      if (c === 0x0a) throw new JsonError('line break inside a string', i);
      if (c === 0x5c) {
        out += text.slice(run, i);
        const e = text[i + 1];
        if (e === 'u') {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          if (!Object.hasOwn(SIMPLE_ESCAPES, e)) throw new JsonError(`invalid escape "\\${e ?? ''}"`, i);
          out += SIMPLE_ESCAPES[e];
          i += 2;
        }
        run = i;
        continue;
      }
      i++;
    }
    return { kind: 'scalar', value: out, start, end: i, style: 'double' };
  };
  try {
    const root = value(0);
    skip();
    if (i < n) throw new JsonError(`unexpected ${describe(i)} after the end of the JSON value`, i);
    return { root };
  } catch (error) {
    if (error instanceof JsonError) return { root: undefined, error: { message: error.message, offset: Math.min(error.offset, n) } };
    throw error;
  }
}
