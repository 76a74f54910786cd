// How the language server's node process is started: its V8 flags and environment, in one place, for the
// client (language-client.ts) and for the benchmark that starts the server the same way (bench/lsp).
// No vscode import: the benchmark runs it under plain node.

/**
 * The young generation stays at 1 MB a semi-space (V8's default lets it grow to 16 MB). A document that makes
 * millions of short-lived values (two million `{}` records) grew it to its maximum, ~25 MB of resident set
 * for a 6 MB document; the 4x-the-document goal (issue 17) cannot be met with that. V8 flags are per process,
 * so the index workers in the server get the same young generation; bench/lsp measures the latency and
 * throughput cost beside the memory (docs/performance.md).
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=1'];

/**
 * One malloc arena (glibc; other C libraries ignore it). Each thread that compiles or collects in the
 * background otherwise gets an arena of its own and keeps the pages it touched: 3-5 MB of a fresh server's
 * resident set went to the first document's compiles. The server's big allocations (documents, index
 * columns) are V8 heap pages or large buffers that bypass the arenas.
 */
export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '1' };
