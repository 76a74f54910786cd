// The explorer page's HTML shell: a pure string function shared by the client's panel host and the
// Chromium test harness. No DOM, no vscode import.

export interface ExplorerHtmlOptions {
  /** Fresh random nonce per page load; the only script and style allowed to run carry it. */
  nonce: string;
  /** webview.cspSource (e.g. https://*.vscode-cdn.net). */
  cspSource: string;
  /** URI of dist/webview.js as the webview may load it. */
  scriptUri: string;
  title?: string;
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
<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(opts.scriptUri)}"></script>
</body>
</html>
`;
}
