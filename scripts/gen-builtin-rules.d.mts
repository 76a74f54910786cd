// Types of scripts/gen-builtin-rules.mjs for the TypeScript tests.
export declare function builtinPackSource(yamlText: string): string;
