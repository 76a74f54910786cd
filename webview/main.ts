// Entry of the explorer webview bundle (dist/webview.js).

import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-split-layout/index.js';
import { Explorer } from './explorer';
import { injectStyles } from './styles';

injectStyles();
const root = document.getElementById('app') ?? document.body;
new Explorer(root);
