// Where a diagnostic's code links to: the copy of docs/diagnostics.md shipped with the extension, at the code's
// heading line, so the link works offline (incident-response machines often have no network); the online
// document when the file is not there (the server run from elsewhere) or lacks the code.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { codeHeadingLines, codeHref } from '../core/language';

/** docs/diagnostics.md next to the bundle (dist/server.js) or the source (server/server.ts). */
export const SHIPPED_DIAGNOSTICS_DOC = path.join(__dirname, '..', 'docs', 'diagnostics.md');

export function diagnosticDocHref(docFile = SHIPPED_DIAGNOSTICS_DOC): (code: string) => string {
  let text: string;
  try {
    text = fs.readFileSync(docFile, 'utf8');
  } catch {
    return codeHref;
  }
  const lines = codeHeadingLines(text);
  const url = pathToFileURL(docFile).href;
  return (code) => {
    const line = lines.get(code);
    return line === undefined ? codeHref(code) : `${url}#L${line}`;
  };
}
