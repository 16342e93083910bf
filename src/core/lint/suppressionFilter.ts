// Applies the inline suppressions of each file to its findings: a covered finding moves to
// `suppressed` (with the directive's reason); a directive that covers nothing, or names a rule that
// does not exist, becomes a PN181 finding at the comment.
import type { Locator } from '../manifests/lineIndex';
import type { FileExtract } from '../manifests/manifestFile';
import type { Finding } from './finding';
import type { RuleSetting } from './lintConfig';
import { ruleByCode } from './ruleCatalog';
import type { Suppression } from './suppressions';
import { covers, parseDirectives, suppressionsOf } from './suppressions';

export interface SuppressedFinding {
  readonly finding: Finding;
  readonly reason?: string;
  /** Where the directive is (file, 0-based line). */
  readonly line: number;
}

// A literal-led regex: V8 skips through megabytes of text far faster than with String.includes.
export const MAY_HOLD_DIRECTIVE = /podnet-(dis|en)able/;

const cache = new WeakMap<FileExtract, Suppression[]>();
function suppressionsIn(f: FileExtract, lines: Locator): Suppression[] {
  let s = cache.get(f);
  if (!s) cache.set(f, s = suppressionsOf(parseDirectives(f.text), lines.position(f.text.length).line));
  return s;
}

export function applySuppressions(
  findings: readonly Finding[],
  files: readonly FileExtract[],
  lineIndex: (file: string) => Locator,
  severityOf: (code: string, file: string) => RuleSetting,
): { kept: Finding[]; suppressed: SuppressedFinding[] } {
  const byFile = new Map<string, Suppression[]>();
  for (const f of files) {
    if (!MAY_HOLD_DIRECTIVE.test(f.text)) continue;
    const s = suppressionsIn(f, lineIndex(f.file));
    if (s.length) byFile.set(f.file, s);
  }
  if (!byFile.size) return { kept: [...findings], suppressed: [] };
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const used = new Set<Suppression>();
  for (const f of findings) {
    const s = f.code === 'PN181' ? undefined : byFile.get(f.file)?.find((x) => covers(x, f.code, f.start.line));
    if (!s) {
      kept.push(f);
      continue;
    }
    used.add(s);
    suppressed.push({ finding: f, line: s.directive.line, ...(s.directive.reason ? { reason: s.directive.reason } : {}) });
  }
  for (const [file, list] of byFile) {
    const severity = severityOf('PN181', file);
    if (severity === 'off') continue;
    const li = lineIndex(file);
    for (const s of list) {
      const d = s.directive;
      const unknown = d.codes.filter((c) => !ruleByCode.has(c));
      const what = d.codes.length ? d.codes.join(', ') : 'every rule';
      const name = d.kind === 'next-line' ? 'podnet-disable-next-line' : `podnet-${d.kind}`;
      const message = unknown.length
        ? `${name} names ${unknown.join(', ')}, which ${unknown.length === 1 ? 'is not a rule' : 'are not rules'} (podnet rules lists them)`
        : used.has(s)
        ? undefined
        : `${name} ${what} suppresses nothing${d.kind === 'next-line' ? ' on the next line' : ' in its region'}: remove it`;
      if (!message) continue;
      kept.push({ file, start: li.position(d.span.start), end: li.position(d.span.end), code: 'PN181', severity, message, related: [], fixes: [] });
    }
  }
  return { kept, suppressed };
}
