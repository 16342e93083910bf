// Whether the Node running Podnet meets package.json's engines.node (">=20.19"): a VS Code older
// than engines.vscode admits, or a fork with an older Electron, would fail later with an obscure
// import error from the Kubernetes client instead of a sentence the user can act on.

/** undefined when `actual` satisfies `range` (">=MAJOR.MINOR[.PATCH]"), else what is wrong. */
export function nodeRequirementProblem(actual: string, range: string): string | undefined {
  const want = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
  if (!want) return `cannot read the Node requirement "${range}"`;
  const have = /^v?(\d+)\.(\d+)\.(\d+)/.exec(actual.trim());
  if (!have) return `cannot read the Node version "${actual}"`;
  const a = have.slice(1, 4).map(Number);
  const w = want.slice(1, 4).map((x) => Number(x ?? 0));
  for (let i = 0; i < 3; i++) {
    if (a[i]! > w[i]!) return undefined;
    if (a[i]! < w[i]!) {
      return `Podnet needs Node ${range.replace('>=', '≥ ')} in VS Code's extension host (VS Code 1.100 or newer); this one runs Node ${
        actual.replace(/^v/, '')
      }`;
    }
  }
  return undefined;
}
