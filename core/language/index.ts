// Public face of the LSP-agnostic CloudTrail language service: plain text and offsets in, plain data out.

import type { CloudTrailDocument } from './document';
import { parseDocument } from './document';
import { doValidation, type ValidationSettings } from './validation';
import { doHover } from './hover';
import { doComplete, type CompletionContext } from './completion';
import { doCodeActions, type CodeActionKinds } from './code-actions';
import { findDocumentSymbols, getFoldingRanges } from './symbols';
import type { HoverResult, LanguageCodeAction, LanguageCompletionItem, LanguageDiagnostic, LanguageFoldingRange, LanguageSymbol } from './types';

export type { CloudTrailDocument, CloudTrailRecord, DocumentKind } from './document';
export { MAX_VALIDATED_CHARS, documentPosition } from './document';
export type { ValidationSettings } from './validation';
export type { CompletionContext } from './completion';
export type {
  HoverResult, LanguageCodeAction, LanguageCompletionItem, LanguageDiagnostic, LanguageFoldingRange, LanguageSymbol, TextEdit, CompletionKind,
} from './types';
export { DIAGNOSTIC_CODES, diagnosticCodeDocs, codeHref, DIAGNOSTICS_DOC_URL, type DiagnosticCode } from './codes';
export { MAX_SYMBOLS } from './symbols';
export { SHOW_IN_EXPLORER_COMMAND } from './explore-actions';

export interface LanguageService {
  /** Once per document version; keeps the parsed records for every later request. */
  parseDocument(uri: string, text: string, maxChars?: number): CloudTrailDocument;
  doValidation(doc: CloudTrailDocument, settings: ValidationSettings): LanguageDiagnostic[];
  doHover(doc: CloudTrailDocument, offset: number): HoverResult | null;
  doComplete(doc: CloudTrailDocument, offset: number, context?: CompletionContext): LanguageCompletionItem[];
  /**
   * Quick fixes for the diagnostics overlapping range, plus "fix all" for the file, plus 'explore' actions
   * (open the explorer on this record's bucket / principal / source IP / request / eventName).
   */
  doCodeActions(doc: CloudTrailDocument, range: { start: number; end: number }, kinds?: CodeActionKinds): LanguageCodeAction[];
  findDocumentSymbols(doc: CloudTrailDocument): LanguageSymbol[];
  /** True when the last findDocumentSymbols result was capped at MAX_SYMBOLS. */
  symbolsTruncated(doc: CloudTrailDocument): boolean;
  getFoldingRanges(doc: CloudTrailDocument): LanguageFoldingRange[];
}

export interface LanguageServiceOptions {
  /** Clock for "3 days ago" in hovers (tests pin it). */
  now?: () => number;
  maxSymbols?: number;
}

export function createLanguageService(opts: LanguageServiceOptions = {}): LanguageService {
  const now = opts.now ?? Date.now;
  const truncated = new WeakMap<CloudTrailDocument, boolean>();
  return {
    parseDocument,
    doValidation,
    doHover: (doc, offset) => doHover(doc, offset, now()),
    doComplete,
    doCodeActions: (doc, range, kinds) => doCodeActions(doc, range, kinds),
    findDocumentSymbols(doc) {
      const r = findDocumentSymbols(doc, opts.maxSymbols);
      truncated.set(doc, r.truncated);
      return r.symbols;
    },
    symbolsTruncated: (doc) => truncated.get(doc) ?? false,
    getFoldingRanges: (doc) => getFoldingRanges(doc, opts.maxSymbols),
  };
}
