// ESLint flat config: TypeScript recommended rules over every source folder.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.e2e/**', '.bench/**', '.cache/**', 'samples/**', 'test/fixtures/**', '**/*.as.ts', '**/wasm/*.wasm.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly', process: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', TextDecoder: 'readonly',
        TextEncoder: 'readonly', performance: 'readonly', queueMicrotask: 'readonly', structuredClone: 'readonly',
        __dirname: 'readonly', require: 'readonly', module: 'writable', global: 'readonly', globalThis: 'readonly',
        window: 'readonly', document: 'readonly', navigator: 'readonly', requestAnimationFrame: 'readonly', HTMLElement: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  // The layers (docs/architecture.md): what each source folder may import. test/unit/scripts/layer-fences.test.ts
  // proves each fence fires.
  ...layerFences(),
);

/** no-restricted-imports per layer: folders it must not reach (relative paths) and packages it must not load. */
function layerFences() {
  const editor = ['vscode', 'vscode-languageclient', 'vscode-languageserver'];
  /** An import path into one of these top-level folders, from anywhere below the repository root. */
  const into = (folders) => ({ regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`, message: 'crosses a layer fence (docs/architecture.md, "Layers")' });
  // 'vscode' exactly; the LSP packages with their siblings (vscode-languageserver-textdocument, ...); node: builtins.
  const packages = (names) => names.map((n) => ({ regex: n === 'vscode' ? '^vscode(/|$)' : `^${n}`, message: 'this layer does not load that package (docs/architecture.md, "Layers")' }));
  /** A path into another core folder that is not its public face (index.ts). */
  const deepCore = (prefix) => ({ regex: `^${prefix}[a-z-]+/(?!index$)[^/]+`, message: 'import core folders through their index.ts' });
  const fence = (files, patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });
  return [
    // core: pure logic; no editor, LSP, engine, server, client or webview code; core folders meet at their index.ts.
    fence(['core/*/**/*.ts'], [into(['engine', 'server', 'client', 'webview', 'cli']), ...packages(editor), deepCore('(\\.\\./)+')]),
    fence(['core/*.ts'], [into(['engine', 'server', 'client', 'webview', 'cli']), ...packages(editor), deepCore('\\./')]),
    // engine: the index service and its workers (Node only), used by the server and the CLI: core only.
    fence(['engine/**/*.ts'], [into(['server', 'client', 'webview', 'cli']), ...packages(editor)]),
    // server: adapts core and engine to LSP.
    fence(['server/**/*.ts'], [into(['client', 'webview', 'cli']), ...packages(['vscode', 'vscode-languageclient'])]),
    // cli: core and engine; never the language server.
    fence(['cli/**/*.ts'], [into(['server', 'client', 'webview']), ...packages(editor)]),
    // client: the extension host; talks to the server through core/protocol.ts only.
    fence(['client/**/*.ts'], [into(['engine', 'server', 'webview', 'cli']), ...packages(['vscode-languageserver'])]),
    // webview: the explorer page (browser): core only.
    fence(['webview/**/*.ts'], [into(['engine', 'server', 'client', 'cli']), ...packages([...editor, 'node:'])]),
  ];
}
