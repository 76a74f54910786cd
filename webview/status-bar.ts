// The status line ("N of M S3 records (K files, E problems)", index progress while indexing) and the
// problems list, whose entries open the file at the problem's position.

import type { IndexStatus, ProblemsResult } from '../core/protocol';
import type { Problem } from '../core/problem';
import { recordCountsText } from '../core/record-counts';
import { clear, h, visibleText } from './dom';

export interface StatusEvents {
  onToggleProblems(open: boolean): void;
  onOpenProblem(problem: Problem): void;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

export class StatusBar {
  readonly element: HTMLElement;
  readonly problemsElement: HTMLElement;
  private readonly counts: HTMLElement;
  private readonly progress: HTMLElement;
  private readonly progressBar: HTMLElement;
  private readonly timing: HTMLElement;
  private readonly problemsButton: HTMLButtonElement;
  private readonly problemsList: HTMLElement;
  private status: IndexStatus | undefined;
  private shown = 0;
  /** Access-log lines among `shown`. */
  private shownAccess = 0;
  private matched: number | undefined;
  /** `matched` is the rows found so far: the count is on its way. */
  private counting = false;

  constructor(private readonly events: StatusEvents) {
    this.counts = h('span', { class: 'status-counts', role: 'status', 'aria-live': 'polite' });
    this.progressBar = h('vscode-progress-bar', { 'aria-label': 'Indexing progress' });
    this.progress = h('span', { class: 'status-progress', hidden: true });
    this.timing = h('span', { class: 'status-timing' });
    this.problemsButton = h('button', { class: 'link-button problems-toggle', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'problems' });
    this.problemsButton.addEventListener('click', () => {
      const open = this.problemsElement.hidden;
      this.problemsElement.hidden = !open;
      this.problemsButton.setAttribute('aria-expanded', String(open));
      this.events.onToggleProblems(open);
    });
    this.element = h('footer', { class: 'status-line' }, this.counts, this.problemsButton, this.progress, h('span', { class: 'spacer' }), this.timing);
    this.problemsList = h('ul', { class: 'problems-list', role: 'list' });
    this.problemsElement = h('section', { class: 'problems', id: 'problems', 'aria-label': 'Problems', hidden: true },
      h('div', { class: 'pane-title' }, 'Problems'), this.problemsList);
  }

  setStatus(status: IndexStatus): void {
    this.status = status;
    this.render();
  }

  setResult(matched: number | undefined, s3Total: number, tookMs?: number, accessLines = 0, counting = false): void {
    this.matched = matched;
    this.counting = counting;
    this.shown = s3Total;
    this.shownAccess = accessLines;
    this.timing.textContent = tookMs === undefined ? '' : `query ${tookMs < 10 ? tookMs.toFixed(1) : Math.round(tookMs)} ms`;
    this.render();
  }

  /** The count of the result shown, which was still `counting`. */
  setCount(matched: number): void {
    this.matched = matched;
    this.counting = false;
    this.render();
  }

  renderProblems(result: ProblemsResult): void {
    clear(this.problemsList);
    if (result.problems.length === 0) {
      this.problemsList.appendChild(h('li', { class: 'muted' }, 'No problems.'));
      return;
    }
    for (const p of result.problems) {
      const where = `${visibleText(p.file)}${p.position ? `:${p.position.line + 1}:${p.position.column + 1}` : ''}`;
      const b = h('button', { class: `problem problem-${p.severity}`, type: 'button', title: where, 'aria-label': `${p.severity}: ${visibleText(p.message)} in ${where}` },
        h('span', { class: 'problem-severity' }, p.severity), h('span', { class: 'problem-code' }, p.code), h('span', { class: 'problem-message' }, visibleText(p.message)), h('span', { class: 'problem-where' }, where));
      b.addEventListener('click', () => this.events.onOpenProblem(p));
      this.problemsList.appendChild(h('li', {}, b));
    }
    if (result.total > result.problems.length) this.problemsList.appendChild(h('li', { class: 'muted' }, `… and ${fmt(result.total - result.problems.length)} more`));
  }

  private render(): void {
    const s = this.status;
    // Counted in the status bar's words (core/record-counts.ts): "784 S3 records + 3 access-log lines", access-log
    // lines apart from the records although they are rows of the same table. Without a status yet, the query's
    // answer says how many rows the index holds.
    const total = recordCountsText(s ?? { s3Records: this.shown - this.shownAccess, accessLines: this.shownAccess });
    const files = s ? ` (${fmt(s.filesDone)} files, ${fmt(s.problems)} problems)` : '';
    // Still counting: the rows found so far and a plus ("200+ of …"), never a number that is not the count.
    this.counts.textContent = `${fmt(this.matched ?? 0)}${this.counting ? '+' : ''} of ${total}${files}${this.counting ? ', counting…' : ''}`;
    this.counts.classList.toggle('counting', this.counting);
    clear(this.problemsButton);
    if (s && s.problems > 0) this.problemsButton.append('Problems ', h('vscode-badge', { variant: 'counter' }, fmt(s.problems)));
    this.problemsButton.hidden = !s || s.problems === 0;
    this.problemsButton.setAttribute('aria-label', `Show ${s?.problems ?? 0} problems`);
    const indexing = s?.state === 'indexing';
    this.progress.hidden = !indexing;
    clear(this.progress);
    if (indexing && s) {
      this.progress.append(this.progressBar, `Indexing ${fmt(s.filesDone)}/${fmt(s.filesTotal)} files · ${Math.round(s.percent)}%`);
    }
  }
}
