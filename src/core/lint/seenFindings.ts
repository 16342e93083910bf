// A finding reported twice (same code, place and message) is kept once. Looked up by file, then by
// start offset (numbers and the file's own string: no key string built per finding), and compared
// only with the findings at that very place: thousands of findings, long messages.
interface Seen {
  readonly code: string;
  readonly end: number;
  readonly message: string;
}

export class SeenFindings {
  private readonly byFile = new Map<string, Map<number, Seen[]>>();

  /** True the first time a finding with this code, file, span and message is offered. */
  first(code: string, file: string, span: { readonly start: number; readonly end: number }, message: string): boolean {
    let byStart = this.byFile.get(file);
    if (!byStart) this.byFile.set(file, byStart = new Map());
    const here = byStart.get(span.start);
    if (!here) {
      byStart.set(span.start, [{ code, end: span.end, message }]);
      return true;
    }
    for (const s of here) if (s.end === span.end && s.code === code && s.message === message) return false;
    here.push({ code, end: span.end, message });
    return true;
  }
}
