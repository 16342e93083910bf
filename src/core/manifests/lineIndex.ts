// Offsets to 0-based line/character (UTF-16 code units, as VS Code counts them).

export interface Position {
  readonly line: number;
  readonly character: number;
}

/** Offset ↔ position conversion for one text. */
export interface Locator {
  position(offset: number): Position;
  offset(p: Position): number;
}

export class LineIndex implements Locator {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): Position {
    const line = this.lineOf(offset);
    return { line, character: offset - this.starts[line] };
  }

  /** The 0-based line holding `offset`. */
  lineOf(offset: number): number {
    return lastAtOrBefore(this.starts, offset);
  }

  /** Where line `line` starts. */
  lineStart(line: number): number {
    return this.starts[line];
  }

  offset(p: Position): number {
    return (this.starts[Math.min(p.line, this.starts.length - 1)] ?? 0) + p.character;
  }
}

/**
 * A Locator for a multi-document file built from its documents (start offset and line count
 * each), so re-linting a big file after an edit does not rescan every line; a document's own
 * index is built only when a position inside it is asked for.
 */
export class ChunkedLineIndex implements Locator {
  private readonly firstLine: number[] = [];
  private readonly starts: number[] = [];
  private readonly local: (LineIndex | undefined)[] = [];

  constructor(private readonly chunks: readonly { start: number; text: string; newlines: number }[]) {
    let line = 0;
    for (const c of chunks) {
      this.firstLine.push(line);
      this.starts.push(c.start);
      line += c.newlines;
    }
  }

  private at(i: number): LineIndex {
    let li = this.local[i];
    if (!li) this.local[i] = li = new LineIndex(this.chunks[i].text);
    return li;
  }

  position(offset: number): Position {
    // A plain binary search over the chunk starts: findings of a dense file ask this ~100,000 times.
    const starts = this.starts;
    const i = lastAtOrBefore(starts, offset);
    const local = this.at(i);
    const line = local.lineOf(offset - starts[i]);
    return { line: this.firstLine[i] + line, character: offset - starts[i] - local.lineStart(line) };
  }

  offset(p: Position): number {
    const i = lastAtOrBefore(this.firstLine, p.line);
    return this.chunks[i].start + this.at(i).offset({ line: p.line - this.firstLine[i], character: p.character });
  }
}

/** The index of the last of the ascending `starts` at or before `offset` (0 when none is). */
function lastAtOrBefore(starts: ArrayLike<number>, offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
