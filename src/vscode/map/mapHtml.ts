// The map webview's HTML and CSP. No `vscode` import: the browser tests load the very same page.
// default-src 'none'; scripts only with this load's nonce; styles only from the extension (dist/)
// or with the nonce. @vscode-elements styles its shadow roots with constructable stylesheets
// (adoptedStyleSheets), which CSP does not govern, so no 'unsafe-inline' is needed.
import { randomBytes } from 'node:crypto';

export interface MapHtmlParts {
  /** webview.cspSource */
  readonly cspSource: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly nonce: string;
}

export const MAP_TITLE = 'Podnet Network Map';

export const makeNonce = (): string => randomBytes(18).toString('base64url');

export function mapCsp(p: Pick<MapHtmlParts, 'cspSource' | 'nonce'>): string {
  // No img-src / font-src: the map draws on a canvas and uses no icon font.
  return [
    "default-src 'none'",
    `style-src ${p.cspSource} 'nonce-${p.nonce}'`,
    `script-src 'nonce-${p.nonce}'`,
  ].join('; ');
}

const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function mapHtml(p: MapHtmlParts): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(mapCsp(p))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${attr(p.nonce)}" href="${attr(p.styleUri)}">
<title>${MAP_TITLE}</title>
</head>
<body>
<div id="app"></div>
<script nonce="${attr(p.nonce)}" src="${attr(p.scriptUri)}"></script>
</body>
</html>`;
}
