// Types of scripts/gen-package-settings.mjs for the TypeScript tests that import it.
export declare const CONFIGURATION_TITLE: string;
export declare function packageConfiguration(
  specs: Record<string, { key: string; default: unknown; description: string; schema: Record<string, unknown> }>,
  section: string,
): { title: string; properties: Record<string, Record<string, unknown>> };
export declare function loadSettingsModule(): Promise<unknown>;
