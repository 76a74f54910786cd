// Plain-data results of the language service: character offsets (UTF-16, as in the editor's text) in and out,
// no LSP types, so the CLI, the server and tests share them.

import type { Severity } from '../problem';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface LanguageDiagnostic {
  start: number;
  end: number;
  severity: Severity;
  /** Stable code documented in docs/diagnostics.md (the anchor is the code). */
  code: string;
  message: string;
  /** Data a quick fix needs: the replacement eventName, and every name offered as a fix (nearest first). */
  data?: { replacement?: string; alternatives?: string[] };
}

export interface HoverResult {
  /** Markdown. */
  contents: string;
  start: number;
  end: number;
}

export type CompletionKind = 'value' | 'property' | 'enum' | 'event';

export interface LanguageCompletionItem {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Replaces text[start, end) (includes the quotes of a string value). */
  edit: TextEdit;
  sortText?: string;
  /** What the editor filters on (default: the edit's text); a near miss of the value typed filters on that. */
  filterText?: string;
  /** The item to select first. */
  preselect?: boolean;
}

export interface LanguageCodeAction {
  title: string;
  /** 'explore': navigation that changes nothing (a command, no edits), e.g. open the explorer filtered. */
  kind: 'quickfix' | 'source.fixAll' | 'explore';
  /** Codes of the diagnostics it fixes. */
  diagnostics: LanguageDiagnostic[];
  edits: TextEdit[];
  isPreferred?: boolean;
  /** Client command to run (arguments are plain JSON). */
  command?: { command: string; arguments: (string | number | boolean)[] };
}

export interface LanguageSymbol {
  name: string;
  detail?: string;
  start: number;
  end: number;
  selectionStart: number;
  selectionEnd: number;
}

export interface LanguageFoldingRange {
  start: number;
  end: number;
}
