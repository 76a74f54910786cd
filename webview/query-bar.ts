// The query bar: a text input with completion from the server, the error range underlined with its
// message, and history on Up/Down. Typing runs the query after a short pause (the token being typed as
// a prefix, see typingQuery); Enter runs it at once, exactly as written.

import type { QueryCompletionItem, QueryError } from '../core/protocol';
import { clear, h } from './dom';
import { typingQuery } from './query-terms';

const DEBOUNCE_MS = 150;
const HISTORY_MAX = 50;

export interface QueryBarEvents {
  /** `commit` is true for Enter / explicit runs (recorded in history), false for typing pauses. */
  onRun(query: string, commit: boolean): void;
  complete(query: string, offset: number): Promise<QueryCompletionItem[]>;
  onHistoryChange(history: string[]): void;
}

export class QueryBar {
  readonly element: HTMLElement;
  readonly input: HTMLInputElement;
  private readonly mirror: HTMLElement;
  private readonly errorBox: HTMLElement;
  private readonly hint: HTMLElement;
  private readonly popup: HTMLElement;
  private items: QueryCompletionItem[] = [];
  private active = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private completionSeq = 0;
  private history: string[];
  private historyPos = -1;
  private draft = '';

  constructor(private readonly events: QueryBarEvents, history: string[] = []) {
    this.history = history.slice(0, HISTORY_MAX);
    this.input = h('input', {
      class: 'query-input', type: 'text', spellcheck: 'false', autocomplete: 'off', role: 'combobox',
      'aria-label': 'Query', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': 'query-completions',
      placeholder: 'Filter S3 records — e.g. eventName:Delete* bucket:prod-logs error:* since:-24h',
    });
    this.mirror = h('div', { class: 'query-mirror', 'aria-hidden': 'true' });
    this.popup = h('div', { class: 'completions', id: 'query-completions', role: 'listbox', 'aria-label': 'Query completions', hidden: true });
    this.errorBox = h('div', { class: 'query-error', role: 'alert', hidden: true });
    this.hint = h('div', { class: 'query-hint', 'aria-live': 'polite', hidden: true });
    this.element = h('div', { class: 'query-bar' }, h('div', { class: 'query-field' }, this.mirror, this.input, this.popup), this.errorBox, this.hint);
    this.input.addEventListener('input', () => this.onInput());
    this.input.addEventListener('keydown', (e) => this.onKey(e));
    this.input.addEventListener('scroll', () => { this.mirror.scrollLeft = this.input.scrollLeft; });
    this.input.addEventListener('blur', () => setTimeout(() => this.closePopup(), 150));
  }

  get value(): string {
    return this.input.value;
  }

  /** Replaces the text without running it. */
  setValue(query: string): void {
    this.input.value = query;
    this.setError(undefined);
    this.setHint('');
  }

  private setHint(text: string): void {
    this.hint.textContent = text;
    this.hint.hidden = text === '';
  }

  focus(): void {
    this.input.focus();
    this.input.select();
  }

  /** Shows a parse error: the range underlined and the message with its column. */
  setError(error: QueryError | undefined): void {
    clear(this.mirror);
    if (!error) {
      this.errorBox.hidden = true;
      this.errorBox.textContent = '';
      this.input.removeAttribute('aria-invalid');
      this.input.removeAttribute('aria-errormessage');
      return;
    }
    const text = this.input.value;
    const start = Math.max(0, Math.min(text.length, error.start));
    // An empty range (e.g. "value expected" at the end) still gets a visible mark.
    const end = Math.max(start + 1, Math.min(text.length, error.end));
    const marked = text.slice(start, end) || ' ';
    this.mirror.append(
      document.createTextNode(text.slice(0, start)),
      h('span', { class: 'query-error-range', 'data-start': start, 'data-end': end }, marked),
      document.createTextNode(text.slice(end)),
    );
    this.mirror.scrollLeft = this.input.scrollLeft;
    this.errorBox.id = 'query-error-message';
    this.errorBox.textContent = `${error.message} (column ${start + 1})`;
    this.errorBox.hidden = false;
    this.input.setAttribute('aria-invalid', 'true');
    this.input.setAttribute('aria-errormessage', 'query-error-message');
  }

  /** Records a committed query in the history (most recent first). */
  remember(query: string): void {
    const q = query.trim();
    if (!q) return;
    this.history = [q, ...this.history.filter((x) => x !== q)].slice(0, HISTORY_MAX);
    this.historyPos = -1;
    this.events.onHistoryChange(this.history);
  }

  private onInput(): void {
    this.historyPos = -1;
    clear(this.mirror);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const typed = typingQuery(this.input.value, this.input.selectionStart ?? this.input.value.length);
      if (typed.run) {
        this.setHint(typed.prefix ? `Showing records where the value starts with “${typed.prefix}” · Enter runs the query as written` : '');
        this.events.onRun(typed.query, false);
      } else {
        this.setHint(typed.hint);
      }
      void this.requestCompletions();
    }, DEBOUNCE_MS);
  }

  private run(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.setHint('');
    this.closePopup();
    this.events.onRun(this.input.value, true);
  }

  private async requestCompletions(): Promise<void> {
    const seq = ++this.completionSeq;
    const offset = this.input.selectionStart ?? this.input.value.length;
    const items = await this.events.complete(this.input.value, offset).catch(() => []);
    if (seq !== this.completionSeq || document.activeElement !== this.input) return;
    this.showPopup(items);
  }

  private showPopup(items: QueryCompletionItem[]): void {
    this.items = items.slice(0, 50);
    this.active = 0;
    clear(this.popup);
    if (this.items.length === 0) {
      this.closePopup();
      return;
    }
    this.items.forEach((item, i) => {
      const option = h('div', { class: 'completion', role: 'option', id: `completion-${i}`, 'aria-selected': String(i === 0) },
        h('span', { class: 'completion-label' }, item.label), item.detail ? h('span', { class: 'completion-detail' }, item.detail) : null);
      option.addEventListener('mousedown', (e) => {
        e.preventDefault();
        this.accept(i);
      });
      this.popup.appendChild(option);
    });
    this.popup.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.input.setAttribute('aria-activedescendant', 'completion-0');
  }

  private closePopup(): void {
    this.completionSeq++;
    this.popup.hidden = true;
    this.items = [];
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  private moveActive(delta: number): void {
    const n = this.items.length;
    this.active = (this.active + delta + n) % n;
    this.popup.querySelectorAll('.completion').forEach((el, i) => el.setAttribute('aria-selected', String(i === this.active)));
    this.popup.children[this.active]?.scrollIntoView({ block: 'nearest' });
    this.input.setAttribute('aria-activedescendant', `completion-${this.active}`);
  }

  private accept(i: number): void {
    const item = this.items[i];
    if (!item) return;
    const text = this.input.value;
    const next = text.slice(0, item.replaceStart) + item.insertText + text.slice(item.replaceEnd);
    this.input.value = next;
    const caret = item.replaceStart + item.insertText.length;
    this.input.setSelectionRange(caret, caret);
    this.closePopup();
    this.onInput();
  }

  private onKey(e: KeyboardEvent): void {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'a') {
      // Select all here, and only here: VS Code hears every key of a webview and answers Ctrl/Cmd+A with a
      // select-all of its own a moment later, which then selects what was typed since and loses the next key.
      e.stopPropagation();
      return;
    }
    const open = !this.popup.hidden && this.items.length > 0;
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        this.moveActive(e.key === 'ArrowDown' ? 1 : -1);
        return;
      }
      if (e.key === 'Tab' || (e.key === 'Enter' && !e.ctrlKey && !e.metaKey)) {
        e.preventDefault();
        this.accept(this.active);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        this.closePopup();
        return;
      }
    }
    if (e.key === 'Enter') {
      e.preventDefault();
      this.run();
    } else if (e.key === ' ' && e.ctrlKey) {
      e.preventDefault();
      void this.requestCompletions();
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      if (this.history.length === 0) return;
      e.preventDefault();
      if (this.historyPos === -1) this.draft = this.input.value;
      const pos = Math.max(-1, Math.min(this.history.length - 1, this.historyPos + (e.key === 'ArrowUp' ? 1 : -1)));
      this.historyPos = pos;
      this.input.value = pos === -1 ? this.draft : this.history[pos];
      this.setError(undefined);
      if (this.timer) clearTimeout(this.timer);
      this.events.onRun(this.input.value, false);
    }
  }
}
