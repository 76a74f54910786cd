// Types of scripts/build-wasm.mjs for the TypeScript tests that import it.
export interface WasmSource {
  source: string;
  out: string;
  name: string;
}
export declare const SOURCES: WasmSource[];
export declare function generate(s: WasmSource): string;
