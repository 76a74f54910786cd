// Per-resource settings from workspace/configuration, cached until didChangeConfiguration
// (the pattern of the vscode-extension-samples lsp-sample).

import type { Connection } from 'vscode-languageserver/node';
import { SETTINGS_SECTION, defaultSettings, readSettings, type Settings } from '../core/settings';

export class SettingsCache {
  private readonly perResource = new Map<string, Promise<Settings>>();
  private global: Settings = defaultSettings();
  supportsConfiguration = false;

  constructor(private readonly connection: Connection) {}

  /** Settings for a document (or the workspace when uri is undefined). */
  get(uri?: string): Promise<Settings> {
    if (!this.supportsConfiguration) return Promise.resolve(this.global);
    const key = uri ?? '';
    let p = this.perResource.get(key);
    if (!p) {
      p = this.connection.workspace
        .getConfiguration(uri ? { scopeUri: uri, section: SETTINGS_SECTION } : { section: SETTINGS_SECTION })
        .then((raw: unknown) => readSettings(isRecord(raw) ? raw : undefined), () => this.global);
      this.perResource.set(key, p);
    }
    return p;
  }

  /** didChangeConfiguration: forget the cache; clients without workspace/configuration push the settings. */
  changed(pushed: unknown): void {
    this.perResource.clear();
    if (!this.supportsConfiguration) {
      const section = isRecord(pushed) ? pushed[SETTINGS_SECTION] : undefined;
      this.global = readSettings(isRecord(section) ? section : undefined);
    }
  }

  forget(uri: string): void {
    this.perResource.delete(uri);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
