// Types of bench/percentile.mjs (for the unit test that checks it).
export declare function percentile(xs: readonly number[], q: number): number;
export declare function median(xs: readonly number[]): number;
