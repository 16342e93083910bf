// `podnet lint --fix`: applies converging fixes one at a time, each verified against the state the
// previous ones left (two fixes that converge alone may not together), until none is left.
import type { FileExtract } from '../manifests/manifestFile';
import type { Finding, TextEdit } from './finding';
import type { LintInput } from './fixVerification';
import { FixVerifier } from './fixVerification';
import type { LintResult } from './lintEngine';

export interface AppliedFix {
  readonly code: string;
  readonly title: string;
  /** Positions are in the text before this fix. */
  readonly changes: readonly { readonly edit: TextEdit; readonly oldText: string }[];
}

export interface FixRun {
  /** Every file's extract after the fixes (texts included). */
  readonly files: readonly FileExtract[];
  readonly result: LintResult;
  readonly applied: readonly AppliedFix[];
}

const signature = (f: Finding, title: string) => `${f.code}|${f.file}|${f.message}|${title}`;

/** `writable(file)`: the fix may edit it (the CLI refuses standard input and files it cannot write back losslessly). */
export function applySafeFixes(input: LintInput, start: LintResult, writable: (file: string) => boolean = () => true, maxFixes = 500): FixRun {
  let files = input.files;
  let result = start;
  const applied: AppliedFix[] = [];
  // A fix that did not converge is not retried in later rounds (each try is a full re-lint).
  const failed = new Set<string>();
  while (applied.length < maxFixes) {
    const verifier = new FixVerifier({ ...input, files }, result);
    let next: { finding: Finding; title: string; state: NonNullable<ReturnType<FixVerifier['converges']>> } | undefined;
    for (const finding of result.findings) {
      const candidates = verifier.candidates(finding).sort((a, b) => Number(b.preferred === true) - Number(a.preferred === true));
      for (const fix of candidates) {
        const key = signature(finding, fix.title);
        if (failed.has(key) || !fix.edits.every((e) => writable(e.file))) continue;
        const state = verifier.converges(finding, fix);
        if (state) {
          next = { finding, title: fix.title, state };
          break;
        }
        failed.add(key);
      }
      if (next) break;
    }
    if (!next) break;
    applied.push({ code: next.finding.code, title: next.title, changes: next.state.changes });
    files = next.state.files;
    result = next.state.result;
  }
  return { files, result, applied };
}
