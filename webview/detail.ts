// The detail pane: one record as formatted JSON built from text nodes (syntax colour through span
// classes), hover docs for keys and values, copy buttons, "Reveal in File", and the record's pin with
// its note and a link that reopens it.

import { PIN_NOTE_MAX, type Pin, type PinnedRowText, type RecordResult, type RelatedRecord, type RowData } from '../core/protocol';
import { clear, h, text, visibleText } from './dom';
import { keyDoc, valueDoc, type DocLines } from './record-docs';

export interface DetailEvents {
  onClose(): void;
  onReveal(id: number): void;
  onCopy(text: string): void;
  onPin(eventID: string, pinned: boolean, row: PinnedRowText): void;
  onNote(eventID: string, note: string): void;
  onCopyLink(eventID: string): void;
  /** Show the identity story of the record's identity (its access key, else its principal). */
  onStory(id: number): void;
}

const NOTE_SAVE_MS = 400;

function pinnedRowText(row: RowData): PinnedRowText {
  return { time: row.time, eventName: row.eventName, bucket: row.bucket, key: row.key, principal: row.principal, sourceIP: row.sourceIP, error: row.error, file: row.file };
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export class DetailPane {
  readonly element: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly body: HTMLElement;
  private readonly tooltip: HTMLElement;
  private readonly location: HTMLElement;
  private json = '';
  private value: string | undefined;
  private id: number | undefined;
  private record: { [k: string]: Json } = {};
  private readonly copyValueButton: HTMLElement;
  private readonly pinButton: HTMLElement;
  private readonly linkButton: HTMLElement;
  private readonly noteBox: HTMLElement;
  private readonly note: HTMLTextAreaElement;
  private row: RowData | undefined;
  private pin: Pin | undefined;
  private noteTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly events: DetailEvents) {
    this.heading = h('span', { class: 'detail-title' });
    this.location = h('div', { class: 'detail-location' });
    const button = (label: string, aria: string, onClick: () => void, cls = ''): HTMLElement => {
      const b = h('vscode-button', { secondary: true, 'aria-label': aria, title: aria, class: cls }, label);
      b.addEventListener('click', onClick);
      return b;
    };
    this.copyValueButton = button('Copy value', 'Copy the selected value', () => {
      if (this.value !== undefined) this.events.onCopy(this.value);
    }, 'copy-value');
    this.copyValueButton.setAttribute('disabled', '');
    this.pinButton = button('Pin', 'Pin the record (keep it for the investigation report)', () => {
      if (this.row && this.row.eventID) this.events.onPin(this.row.eventID, !this.pin, pinnedRowText(this.row));
    }, 'pin-record');
    this.linkButton = button('Copy Link', 'Copy a link that reopens this record', () => {
      if (this.row && this.row.eventID) this.events.onCopyLink(this.row.eventID);
    }, 'copy-link');
    this.note = h('textarea', { class: 'pin-note', rows: 2, maxlength: PIN_NOTE_MAX, 'aria-label': 'Note on the pinned record', placeholder: 'Note on this pinned record (goes into the investigation report)' });
    this.note.addEventListener('input', () => this.saveNoteSoon());
    this.note.addEventListener('blur', () => this.saveNote());
    this.noteBox = h('div', { class: 'pin-note-box', hidden: true }, this.note);
    const toolbar = h('div', { class: 'detail-toolbar', role: 'toolbar', 'aria-label': 'Record actions' },
      this.pinButton, this.linkButton,
      button('Copy JSON', 'Copy the record as JSON', () => this.events.onCopy(this.json), 'copy-json'),
      this.copyValueButton,
      button('Reveal in File', 'Reveal the record in its file', () => { if (this.id !== undefined) this.events.onReveal(this.id); }, 'reveal'),
      button('Identity Story', 'Show the identity story of this record\'s access key or principal', () => { if (this.id !== undefined) this.events.onStory(this.id); }, 'story'),
      button('✕', 'Close detail (Escape)', () => this.events.onClose(), 'close-detail'));
    this.body = h('div', { class: 'json', role: 'document', tabindex: 0, 'aria-label': 'Record JSON' });
    this.tooltip = h('div', { class: 'doc-tooltip', role: 'tooltip', id: 'doc-tooltip', hidden: true });
    this.element = h('aside', { class: 'detail', 'aria-label': 'Record detail', hidden: true },
      h('div', { class: 'detail-header' }, this.heading, toolbar), this.location, this.noteBox, this.body, this.tooltip);
    this.body.addEventListener('mouseover', (e) => this.hover(e.target as HTMLElement));
    this.body.addEventListener('mouseleave', () => { this.tooltip.hidden = true; });
    this.body.addEventListener('click', (e) => this.pickValue(e.target as HTMLElement));
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  get recordId(): number | undefined {
    return this.id;
  }

  /** The pin of the record shown (undefined: not pinned). */
  setPin(pin: Pin | undefined): void {
    this.pin = pin;
    const pinned = pin !== undefined;
    this.pinButton.textContent = pinned ? 'Unpin' : 'Pin';
    this.pinButton.setAttribute('aria-pressed', String(pinned));
    this.pinButton.setAttribute('aria-label', pinned ? 'Unpin the record' : 'Pin the record (keep it for the investigation report)');
    this.noteBox.hidden = !pinned;
    // Not while the user types in it: the host echoes the saved note back.
    if (document.activeElement !== this.note) this.note.value = pin?.note ?? '';
  }

  get eventID(): string | undefined {
    return this.row?.eventID || undefined;
  }

  private saveNoteSoon(): void {
    if (this.noteTimer) clearTimeout(this.noteTimer);
    this.noteTimer = setTimeout(() => this.saveNote(), NOTE_SAVE_MS);
  }

  private saveNote(): void {
    if (this.noteTimer) clearTimeout(this.noteTimer);
    this.noteTimer = undefined;
    if (this.pin && this.row?.eventID === this.pin.eventID && this.note.value !== this.pin.note) this.events.onNote(this.pin.eventID, this.note.value);
  }

  showLoading(row: RowData): void {
    if (this.row && this.row.id !== row.id) this.saveNote();
    this.element.hidden = false;
    this.id = row.id;
    this.row = row;
    const canPin = row.eventID !== '';
    for (const b of [this.pinButton, this.linkButton]) {
      if (canPin) b.removeAttribute('disabled');
      else b.setAttribute('disabled', '');
    }
    this.heading.textContent = visibleText(`${row.eventName || '(no eventName)'} · ${row.time}`);
    this.location.textContent = visibleText(row.file);
    this.location.title = visibleText(row.file);
    clear(this.body);
    this.body.appendChild(text('Loading…', 'muted'));
  }

  render(result: RecordResult): void {
    clear(this.body);
    this.value = undefined;
    this.copyValueButton.setAttribute('disabled', '');
    if (!result.ok) {
      this.json = '';
      this.body.appendChild(text(result.message, 'error-text'));
      return;
    }
    let parsed: Json;
    try {
      parsed = JSON.parse(result.json) as Json;
    } catch {
      this.json = result.json;
      this.body.appendChild(h('pre', {}, result.json));
      return;
    }
    this.json = JSON.stringify(parsed, null, 2);
    this.record = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : {};
    const loc = result.location;
    let file = loc.uri;
    try {
      file = decodeURIComponent(loc.uri.replace(/^file:\/\//, ''));
    } catch {
      // Not percent-encoded as a URI should be: show it as it came.
    }
    this.location.textContent = `${visibleText(file)}:${loc.line + 1}:${loc.column + 1}`;
    this.location.title = this.location.textContent;
    const pre = h('pre', { class: 'json-tree' });
    this.renderValue(pre, parsed, [], 0);
    this.body.appendChild(pre);
    if (result.related) this.renderRelated(result.related);
  }

  /** The other side(s) of the same request (joined by request ID), each with its JSON and its own Reveal. */
  private renderRelated(related: readonly RelatedRecord[]): void {
    const lines = related.filter((r) => r.kind === 'access').length;
    const records = related.length - lines;
    const section = h('section', { class: 'related', 'aria-label': 'Same request' },
      h('h3', { class: 'related-heading' }, `Same request ID: ${records} CloudTrail record${records === 1 ? '' : 's'}, ${lines} access-log line${lines === 1 ? '' : 's'}`));
    for (const r of related) {
      let parsed: Json;
      try {
        parsed = JSON.parse(r.json) as Json;
      } catch {
        parsed = r.json;
      }
      const reveal = h('vscode-button', { secondary: true, class: 'reveal-related', title: 'Reveal in its file', 'aria-label': `Reveal ${r.kind === 'access' ? 'the access-log line' : 'the CloudTrail record'} in its file` }, 'Reveal');
      reveal.addEventListener('click', () => this.events.onReveal(r.id));
      const pre = h('pre', { class: 'json-tree' });
      this.renderValue(pre, parsed, [], 0);
      section.append(h('div', { class: `related-record related-${r.kind}` },
        h('div', { class: 'related-title' }, text(visibleText(`${r.kind === 'access' ? 'Access log' : 'CloudTrail'}: ${r.title}`), 'related-name'), reveal), pre));
    }
    this.body.appendChild(section);
  }

  close(): void {
    this.saveNote();
    this.element.hidden = true;
    this.tooltip.hidden = true;
    this.id = undefined;
  }

  private renderValue(out: HTMLElement, v: Json, path: (string | number)[], depth: number): void {
    const indent = '  '.repeat(depth + 1);
    const closing = '  '.repeat(depth);
    if (Array.isArray(v)) {
      if (v.length === 0) { out.appendChild(text('[]', 'json-punct')); return; }
      out.appendChild(text('[', 'json-punct'));
      v.forEach((item, i) => {
        out.appendChild(document.createTextNode(`\n${indent}`));
        this.renderValue(out, item, [...path, i], depth + 1);
        if (i < v.length - 1) out.appendChild(text(',', 'json-punct'));
      });
      out.append(`\n${closing}`, text(']', 'json-punct'));
      return;
    }
    if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      if (keys.length === 0) { out.appendChild(text('{}', 'json-punct')); return; }
      out.appendChild(text('{', 'json-punct'));
      keys.forEach((k, i) => {
        const keyPath = [...path, k];
        const key = text(JSON.stringify(visibleText(k)), 'json-key');
        key.dataset.path = JSON.stringify(keyPath);
        out.append(`\n${indent}`, key, text(': ', 'json-punct'));
        this.renderValue(out, v[k], keyPath, depth + 1);
        if (i < keys.length - 1) out.appendChild(text(',', 'json-punct'));
      });
      out.append(`\n${closing}`, text('}', 'json-punct'));
      return;
    }
    const cls = v === null ? 'json-null' : typeof v === 'string' ? 'json-string' : typeof v === 'number' ? 'json-number' : 'json-bool';
    const span = text(typeof v === 'string' ? JSON.stringify(visibleText(v)) : String(v), cls);
    span.dataset.path = JSON.stringify(path);
    span.dataset.value = typeof v === 'string' ? v : String(v);
    out.appendChild(span);
  }

  private docFor(el: HTMLElement): DocLines | undefined {
    const raw = el.dataset.path;
    if (!raw) return undefined;
    const path = JSON.parse(raw) as (string | number)[];
    if (el.classList.contains('json-key')) return keyDoc(path);
    return valueDoc(path, valueAt(this.record, path), this.record) ?? keyDoc(path);
  }

  private hover(el: HTMLElement): void {
    const doc = this.docFor(el);
    if (!doc) {
      this.tooltip.hidden = true;
      return;
    }
    clear(this.tooltip);
    this.tooltip.appendChild(h('div', { class: 'doc-title' }, visibleText(doc.title)));
    for (const line of doc.lines) if (line) this.tooltip.appendChild(h('div', { class: 'doc-line' }, line));
    this.tooltip.hidden = false;
    el.setAttribute('aria-describedby', 'doc-tooltip');
    const box = this.element.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    const top = r.bottom - box.top + 4;
    this.tooltip.style.top = `${Math.min(top, box.height - this.tooltip.offsetHeight - 4)}px`;
    this.tooltip.style.left = `${Math.max(4, Math.min(r.left - box.left, box.width - this.tooltip.offsetWidth - 8))}px`;
  }

  private pickValue(el: HTMLElement): void {
    if (el.dataset.value === undefined) return;
    this.body.querySelectorAll('.picked').forEach((x) => x.classList.remove('picked'));
    el.classList.add('picked');
    this.value = el.dataset.value;
    this.copyValueButton.removeAttribute('disabled');
  }
}

/** The value at `path` in the record as parsed (a string, number, boolean or null), for its docs. */
function valueAt(record: Json, path: readonly (string | number)[]): Json | undefined {
  let v: Json | undefined = record;
  for (const p of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = Array.isArray(v) ? v[p as number] : v[p as string];
  }
  return v;
}
