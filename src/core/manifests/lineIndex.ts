// Offsets to 0-based line/character (UTF-16 code units, as VS Code counts them).

export interface Position { readonly line: number; readonly character: number }

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }

  offset(p: Position): number {
    return (this.starts[Math.min(p.line, this.starts.length - 1)] ?? 0) + p.character;
  }
}
