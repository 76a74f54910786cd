// Types of scripts/test.mjs's pure helpers, for test/unit/scripts/test.test.ts.
export declare const SUITES: readonly string[];
export declare function tapCounts(text: string): { passed: number; failed: number; skipped: number; sharedSkipped: number; found: boolean };
export declare function closingLines(results: { passed: number; failed: number; sharedSkipped?: number }[]): string[];
export declare function e2eCounts(line: string, label: string): { passed: number; failed: number } | undefined;
export declare function findTestFiles(base: string, dir: string, test: (name: string) => boolean): string[];
