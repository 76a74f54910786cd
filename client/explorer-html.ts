// The explorer page's HTML shell: a pure string function of the client's panel host (also served by the
// Chromium test harness). No DOM, no vscode import.

import { FIRST_WINDOW_ELEMENT, type FirstWindow } from '../core/protocol';

export interface ExplorerHtmlOptions {
  /** Fresh random nonce per page load; the only script and style allowed to run carry it. */
  nonce: string;
  /** webview.cspSource (e.g. https://*.vscode-cdn.net). */
  cspSource: string;
  /** URI of dist/webview.js as the webview may load it. */
  scriptUri: string;
  title?: string;
  /** The first rows, answered before the page exists (a JSON data block the shell reads). */
  firstWindow?: FirstWindow;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** The nonce is base64 (or hex); anything else would let it smuggle directives or quotes. */
function nonceToken(value: string): string {
  return value.replace(/[^A-Za-z0-9+/=_-]/g, '');
}

/** A CSP source expression of a scheme and host (e.g. https://*.vscode-cdn.net); anything else (`*`,
 *  keywords, other directives) is dropped. */
function isHostSource(token: string): boolean {
  return /^[a-z][a-z0-9+.-]*:(\/\/(\*\.)?[A-Za-z0-9.%-]+(:(\d+|\*))?(\/[^\s;,'"<>]*)?)?$/i.test(token);
}

/**
 * JSON for a `<script type="application/json">` data block: the HTML parser ends that element at the first
 * `</script`, whatever the JSON means, so every `<` (and `>`, `&`) of the log text is written as a JSON
 * escape; the block is never executed (not a script type) and is read with textContent + JSON.parse.
 */
export function jsonDataBlock(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<>"]/g, (c) => ESCAPES[c]);
}

export function explorerHtml(opts: ExplorerHtmlOptions): string {
  const nonce = nonceToken(opts.nonce);
  const source = opts.cspSource.split(/\s+/).filter(isHostSource).join(' ');
  const csp = [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src ${source} 'nonce-${nonce}'`,
    `img-src ${source} data:`,
    `font-src ${source}`,
  ].join('; ');
  const title = opts.title ?? 'CloudTrail S3 Explorer';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
</head>
<body>
<div id="app" role="application" aria-label="${escapeHtml(title)}"></div>
${opts.firstWindow ? `<script type="application/json" id="${FIRST_WINDOW_ELEMENT}">${jsonDataBlock(opts.firstWindow)}</script>\n` : ''}<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(opts.scriptUri)}"></script>
</body>
</html>
`;
}
