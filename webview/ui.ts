// Entry of the explorer's second script (dist/webview-ui.js), loaded by the shell once the first rows
// are painted: the web components, the chart and the rest of the page, built around the shell's table.

import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-split-layout/index.js';
import uplotCss from 'uplot/dist/uPlot.min.css';
import { injectStyle } from './dom';
import { Explorer } from './explorer';
import { takeShell } from './handoff';

const shell = takeShell();
if (shell) {
  injectStyle(uplotCss, shell.nonce);
  new Explorer(shell);
  // For the bench (bench/webview): when the whole page is built.
  performance.mark('explorer:built');
}
