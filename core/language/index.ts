// Public face of the LSP-agnostic CloudTrail language service: plain text and offsets in, plain data out.

import type { CloudTrailDocument } from './document';
import { parseDocument, parseDocumentSteps, type ParseOptions } from './document';
import { diagnosticSteps, doValidation, validationSteps, type ValidationSettings } from './validation';
import type { Steps } from './steps';
import { doHover } from './hover';
import { doComplete, type CompletionContext } from './completion';
import { doCodeActions, type CodeActionKinds } from './code-actions';
import { documentSymbolsSteps, findDocumentSymbols, getFoldingRanges } from './symbols';
import type { HoverResult, LanguageCodeAction, LanguageCompletionItem, LanguageDiagnostic, LanguageFoldingRange, LanguageSymbol } from './types';

export type { CloudTrailDocument, CloudTrailRecord, DocumentKind, ParseOptions, RecordLimit, RecordList } from './document';
export { runSteps, type Steps } from './steps';
export { MAX_RECORD_CHARS, MAX_RECORD_MEMBERS, MAX_TREE_DEPTH } from './record-budget';
export { MAX_VALIDATED_CHARS, documentPosition } from './document';
export { LineIndex, type LinePosition } from './line-index';
export type { ValidationSettings } from './validation';
export type { CompletionContext } from './completion';
export type {
  HoverResult, LanguageCodeAction, LanguageCompletionItem, LanguageDiagnostic, LanguageFoldingRange, LanguageSymbol, TextEdit, CompletionKind,
} from './types';
export { DIAGNOSTIC_CODES, diagnosticCodeDocs, codeHref, codeHeadingLines, DIAGNOSTICS_DOC_URL, type DiagnosticCode } from './codes';
export { MAX_SYMBOLS } from './symbols';
export { SHOW_IN_EXPLORER_COMMAND } from './explore-actions';
// Value explanations other documents' hovers share (S3 access logs: core/access-log/hover.ts).
export { age, code as codeSpan, explainErrorCode, explainEventEntry, timeLines } from './explain';

export interface LanguageService {
  /** Once per document version; keeps the parsed records for every later request. */
  parseDocument(uri: string, text: string, opts?: ParseOptions): CloudTrailDocument;
  /** parseDocument in steps (a few hundred records each), for a caller that answers other requests between them. */
  parseDocumentSteps(uri: string, text: string, opts?: ParseOptions): Steps<CloudTrailDocument>;
  doValidation(doc: CloudTrailDocument, settings: ValidationSettings): LanguageDiagnostic[];
  /** doValidation in steps; code actions reuse its walk, so a server runs this before them. */
  validationSteps(doc: CloudTrailDocument, settings: ValidationSettings): Steps<LanguageDiagnostic[]>;
  /** The walk behind validation and quick fixes, in steps (settings not applied). */
  diagnosticSteps(doc: CloudTrailDocument): Steps<LanguageDiagnostic[]>;
  doHover(doc: CloudTrailDocument, offset: number): HoverResult | null;
  doComplete(doc: CloudTrailDocument, offset: number, context?: CompletionContext): LanguageCompletionItem[];
  /**
   * Quick fixes for the diagnostics overlapping range, plus "fix all" for the file, plus 'explore' actions
   * (open the explorer on this record's bucket / principal / source IP / request / eventName).
   */
  doCodeActions(doc: CloudTrailDocument, range: { start: number; end: number }, kinds?: CodeActionKinds): LanguageCodeAction[];
  findDocumentSymbols(doc: CloudTrailDocument): LanguageSymbol[];
  /** findDocumentSymbols in steps; the result says whether it was capped at MAX_SYMBOLS. */
  documentSymbolsSteps(doc: CloudTrailDocument): Steps<{ symbols: LanguageSymbol[]; truncated: boolean }>;
  /** True when the last findDocumentSymbols result was capped at MAX_SYMBOLS. */
  symbolsTruncated(doc: CloudTrailDocument): boolean;
  getFoldingRanges(doc: CloudTrailDocument): LanguageFoldingRange[];
}

export interface LanguageServiceOptions {
  /** Clock for "3 days ago" in hovers (tests pin it). */
  now?: () => number;
  maxSymbols?: number;
  /**
   * The most diagnostics one document's validation collects: the walk stops at the next record, with one
   * diagnostic that says so (the server shows 2,000 per file; default: no limit, as the CLI wants).
   */
  maxDiagnostics?: number;
}

export function createLanguageService(opts: LanguageServiceOptions = {}): LanguageService {
  const now = opts.now ?? Date.now;
  const truncated = new WeakMap<CloudTrailDocument, boolean>();
  const limit = opts.maxDiagnostics ?? Infinity;
  return {
    parseDocument,
    parseDocumentSteps,
    doValidation: (doc, settings) => doValidation(doc, settings, limit),
    validationSteps: (doc, settings) => validationSteps(doc, settings, limit),
    diagnosticSteps: (doc) => diagnosticSteps(doc, limit),
    doHover: (doc, offset) => doHover(doc, offset, now()),
    doComplete,
    doCodeActions: (doc, range, kinds) => doCodeActions(doc, range, kinds, limit),
    findDocumentSymbols(doc) {
      const r = findDocumentSymbols(doc, opts.maxSymbols);
      truncated.set(doc, r.truncated);
      return r.symbols;
    },
    symbolsTruncated: (doc) => truncated.get(doc) ?? false,
    documentSymbolsSteps: (doc) => documentSymbolsSteps(doc, opts.maxSymbols),
    getFoldingRanges: (doc) => getFoldingRanges(doc, opts.maxSymbols),
  };
}
