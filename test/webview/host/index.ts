// Entry of the test host bundle (built by test/webview/harness.mjs): the protocol answers and the
// backends the Chromium tests and the bench serve from.

export { answer, indexStatus, type Backend } from './backend';
export { fileBackend } from './file-backend';
export { syntheticBackend } from './synthetic-backend';
export { savedIndexBackend } from './saved-backend';
export { explorerHtml } from '../../../client/explorer-html';
export { fieldDoc, lookupEvent } from '../../../core/catalog';
export { parseQuery } from '../../../core/query';
export { FIRST_WINDOW_ROWS } from '../../../core/protocol';
export { initialState } from '../../../core/explorer-state';
export { athenaSql } from './backend';
export { cloudWatchPatternOf } from './backend';
