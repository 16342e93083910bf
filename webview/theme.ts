// Canvas cannot use CSS variables directly: read the --vscode-* colours once per theme change
// (body class vscode-light / vscode-dark / vscode-high-contrast changes).
export interface Palette {
  readonly fg: string;
  readonly muted: string;
  readonly bg: string;
  readonly border: string;
  readonly free: string;
  readonly used: string;
  readonly full: string;
  readonly overlap: string;
  readonly outside: string;
  readonly select: string;
  readonly font: string;
  readonly highContrast: boolean;
}

function v(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

export function readPalette(): Palette {
  const s = getComputedStyle(document.body);
  const highContrast = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  return {
    fg: v(s, '--vscode-foreground', '#cccccc'),
    muted: v(s, '--vscode-descriptionForeground', '#999999'),
    bg: v(s, '--vscode-editor-background', '#1e1e1e'),
    border: v(s, '--vscode-contrastBorder', '') || v(s, '--vscode-panel-border', '#80808059'),
    free: v(s, '--vscode-editorWidget-border', '#80808040'),
    used: v(s, '--vscode-charts-blue', '#3794ff'),
    full: v(s, '--vscode-charts-orange', '#d18616'),
    overlap: v(s, '--vscode-charts-red', '#f14c4c'),
    outside: v(s, '--vscode-charts-yellow', '#cca700'),
    select: v(s, '--vscode-focusBorder', '#007fd4'),
    font: `${v(s, '--vscode-font-size', '13px')} ${v(s, '--vscode-font-family', 'sans-serif')}`,
    highContrast,
  };
}

/** VS Code flips the body class between kinds, and rewrites the --vscode-* variables on <html> between themes of one kind. */
export function onThemeChange(handler: () => void): void {
  const observer = new MutationObserver(handler);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
}
