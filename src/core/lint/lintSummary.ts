// The one-line result of a workspace lint, for the notification that ends Lint Workspace.

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "12 files, 3 errors, 1 warning" (what Lint Workspace found), said also when it was cancelled. */
export function lintSummary(files: number, findings: readonly { severity: string }[], cancelled: boolean): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const other = findings.length - errors - warnings;
  const parts = [plural(files, 'file'), plural(errors, 'error'), plural(warnings, 'warning'), ...(other ? [`${other} other`] : [])];
  return `${parts.join(', ')}${cancelled ? ' (cancelled: not every file was linted)' : ''}`;
}
