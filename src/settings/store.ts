/**
 * The book's versioned settings, as the modules that own them need them: one JSON value per key,
 * with the version an administrator's save made (the first save is version 1), and the versions it
 * replaced kept in the history. Each module parses its own key and falls back to its defaults when
 * nothing was saved. The store (src/db) is the only code that knows SQL.
 */

/** The keys the book keeps, one per module that has a policy. */
export type SettingKey = 'origination' | 'collections' | 'documents' | 'notices' | 'servicing' | 'eod';

export interface StoredSetting {
  /** The saved value, parsed from its JSON (the owner validates it). */
  value: unknown;
  version: number;
}

export interface SettingsStore {
  /** The value in force for a key; undefined when nobody has saved one. */
  get(key: SettingKey): Promise<StoredSetting | undefined>;
  /** Saves a new version of a key, keeping the one it replaces in the history; returns the new version. */
  save(key: SettingKey, value: unknown, at: string, user: string | null): Promise<number>;
}
