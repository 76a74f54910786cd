// Injects the explorer's stylesheets under the nonce of the page's script (the CSP allows no other
// inline style).

import uplotCss from 'uplot/dist/uPlot.min.css';
import explorerCss from './explorer.css';

export function injectStyles(): void {
  const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce
    || document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce || '';
  for (const css of [uplotCss, explorerCss]) {
    const style = document.createElement('style');
    style.nonce = nonce;
    style.textContent = css;
    document.head.appendChild(style);
  }
}
