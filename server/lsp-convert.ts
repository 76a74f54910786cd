// Converts the language service's plain results (offsets) into LSP types (positions) for one document.

import {
  CodeActionKind, CompletionItemKind, DiagnosticSeverity, MarkupKind, SymbolKind,
  type CodeAction, type CompletionItem, type Diagnostic, type DocumentSymbol, type FoldingRange, type Hover, type Position, type Range,
} from 'vscode-languageserver/node';
import {
  codeHref, type HoverResult, type LanguageCodeAction, type LanguageCompletionItem, type LanguageDiagnostic,
  type LanguageFoldingRange, type LanguageSymbol,
} from '../core/language';
import type { Severity } from '../core/problem';

/** Past this many diagnostics per file, the least severe are dropped (the Problems view stays usable). */
export const MAX_DIAGNOSTICS = 2000;

/** What the conversions need of a document: its URI and LSP positions (a TextDocument, or the server's sliced line index). */
export interface DocumentPositions {
  readonly uri: string;
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint,
};

export function toRange(doc: DocumentPositions, start: number, end: number): Range {
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}

export function toDiagnostic(doc: DocumentPositions, d: LanguageDiagnostic, href: (code: string) => string = codeHref): Diagnostic {
  const out: Diagnostic = {
    range: toRange(doc, d.start, d.end), severity: SEVERITY[d.severity], code: d.code, codeDescription: { href: href(d.code) },
    source: 'cloudtrail', message: d.message,
  };
  if (d.data) out.data = d.data;
  return out;
}

export function toDiagnostics(doc: DocumentPositions, list: readonly LanguageDiagnostic[], href?: (code: string) => string): Diagnostic[] {
  const ordered = list.length > MAX_DIAGNOSTICS ? [...list].sort((a, b) => SEVERITY[a.severity] - SEVERITY[b.severity]).slice(0, MAX_DIAGNOSTICS) : list;
  return ordered.map((d) => toDiagnostic(doc, d, href));
}

export function toHover(doc: DocumentPositions, h: HoverResult): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: h.contents }, range: toRange(doc, h.start, h.end) };
}

const COMPLETION_KIND: Record<LanguageCompletionItem['kind'], CompletionItemKind> = {
  value: CompletionItemKind.Value, property: CompletionItemKind.Property, enum: CompletionItemKind.EnumMember, event: CompletionItemKind.Event,
};

export function toCompletionItem(doc: DocumentPositions, c: LanguageCompletionItem): CompletionItem {
  const item: CompletionItem = { label: c.label, kind: COMPLETION_KIND[c.kind], textEdit: { range: toRange(doc, c.edit.start, c.edit.end), newText: c.edit.newText } };
  if (c.detail) item.detail = c.detail;
  if (c.documentation) item.documentation = { kind: MarkupKind.Markdown, value: c.documentation };
  if (c.sortText) item.sortText = c.sortText;
  // The edit replaces the quoted string, so the client must filter on the quoted text too (a near miss of the
  // typed value filters on that value, so that the editor keeps it).
  item.filterText = c.filterText ?? c.edit.newText;
  if (c.preselect) item.preselect = true;
  return item;
}

export function toCodeAction(doc: DocumentPositions, a: LanguageCodeAction): CodeAction {
  if (a.kind === 'explore') {
    // No kind: LSP has none for navigation, and VS Code lists kind-less actions in the Quick Fix menu
    // (a `source.*` kind would hide them there: only the Source Action menu shows those).
    const action: CodeAction = { title: a.title };
    if (a.command) action.command = { title: a.title, command: a.command.command, arguments: a.command.arguments };
    return action;
  }
  return {
    title: a.title,
    kind: a.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.SourceFixAll,
    diagnostics: a.diagnostics.map((d) => toDiagnostic(doc, d)),
    isPreferred: a.isPreferred,
    edit: { changes: { [doc.uri]: a.edits.map((e) => ({ range: toRange(doc, e.start, e.end), newText: e.newText })) } },
  };
}

export function toDocumentSymbol(doc: DocumentPositions, s: LanguageSymbol): DocumentSymbol {
  return { name: s.name || ' ', detail: s.detail, kind: SymbolKind.Event, range: toRange(doc, s.start, s.end), selectionRange: toRange(doc, s.selectionStart, s.selectionEnd) };
}

export function toFoldingRanges(doc: DocumentPositions, list: readonly LanguageFoldingRange[]): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const f of list) {
    const startLine = doc.positionAt(f.start).line;
    const endLine = doc.positionAt(f.end).line;
    if (endLine > startLine) out.push({ startLine, endLine });
  }
  return out;
}
