// Entry of the explorer's first script (dist/webview.js): the shell, which paints the first rows and
// then loads the rest of the UI (webview/ui.ts, dist/webview-ui.js).

import { startShell } from './shell';

startShell();
