// The part of the WebAssembly API core/ uses (core/parse/record-scan.ts), for tsconfig.core.json: TypeScript
// declares WebAssembly only in its DOM library, which core/ is compiled without. Node provides it at run time.

declare namespace WebAssembly {
  interface Memory {
    readonly buffer: ArrayBuffer;
    grow(delta: number): number;
  }
  type Exports = Record<string, unknown>;
  class Module {
    constructor(bytes: ArrayBufferView | ArrayBuffer);
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Exports;
  }
}
