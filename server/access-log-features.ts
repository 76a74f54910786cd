// The language server's features for S3 server access log documents (language id `s3-access-log`): hovers and
// diagnostics from core/access-log, converted to LSP. The CloudTrail features (completion, symbols, code
// actions) have nothing to say about these documents.

import { DiagnosticSeverity, MarkupKind, type Diagnostic, type Hover, type Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { accessLogDiagnostics } from '../core/access-log/diagnostics';
import { accessLogHover } from '../core/access-log/hover';
import type { Severity } from '../core/problem';

export const ACCESS_LOG_LANGUAGE = 's3-access-log';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint,
};

export function isAccessLogDocument(td: TextDocument): boolean {
  return td.languageId === ACCESS_LOG_LANGUAGE;
}

export function accessLogDiagnosticsOf(td: TextDocument): Diagnostic[] {
  return accessLogDiagnostics(td.getText(), td.uri).map((d) => ({
    range: { start: td.positionAt(d.start), end: td.positionAt(d.end) },
    severity: SEVERITY[d.severity], code: d.code, source: 's3-access-log', message: d.message,
  }));
}

export function accessLogHoverOf(td: TextDocument, position: Position): Hover | null {
  const h = accessLogHover(td.getText(), td.offsetAt(position));
  return h ? { contents: { kind: MarkupKind.Markdown, value: h.contents }, range: { start: td.positionAt(h.start), end: td.positionAt(h.end) } } : null;
}
