// Entry of the explorer webview bundle (dist/webview.js).

// First: says `ready` and asks for the first rows before the rest of the bundle is evaluated.
import { early } from './early';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-split-layout/index.js';
import { Explorer } from './explorer';
import { injectStyles } from './styles';

injectStyles();
const root = document.getElementById('app') ?? document.body;
new Explorer(root, early);
// For the bench (bench/webview): when the page is built, between `ready` and the first rows.
performance.mark('explorer:built');
