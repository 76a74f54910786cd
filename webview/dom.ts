// Element construction for the explorer. Text always goes in through textContent, never as markup:
// every value shown here may come from an attacker-controlled log field.

type Attrs = Record<string, string | number | boolean | undefined>;
type Child = Node | string | null | undefined | false;

/** Creates an element with attributes (set one by one) and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    // Inline handlers and style attributes would be blocked by the CSP anyway; refuse them early.
    if (name.startsWith('on') || name === 'style') throw new Error(`attribute not allowed: ${name}`);
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/** A span holding text, with an optional class. */
export function text(value: string, className?: string): HTMLSpanElement {
  const span = document.createElement('span');
  if (className) span.className = className;
  span.textContent = value;
  return span;
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** Bidi controls in log fields could reorder what the user reads; show them as visible code points. */
export function visibleText(value: string): string {
  return value.replace(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** Resolves once the current frame is painted (or soon, when a hidden page paints no frames). */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 100);
    requestAnimationFrame(() => setTimeout(() => { clearTimeout(fallback); resolve(); }, 0));
  });
}

/** A stylesheet as a <style> carrying the page's nonce (the CSP allows no other inline style). */
export function injectStyle(css: string, nonce: string): void {
  const style = document.createElement('style');
  style.nonce = nonce;
  style.textContent = css;
  document.head.appendChild(style);
}
