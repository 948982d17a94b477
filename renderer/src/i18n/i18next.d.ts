/**
 * Types every t() call in the renderer against the desk catalog, so a misspelt or missing key
 * fails the typecheck instead of showing the raw key on screen. The zh-CN catalog is the source
 * of the key tree; en.ts is declared with the same shape, so the two cannot drift apart. Being
 * `as const`, it also types each string's {{placeholders}}. strictKeyChecks holds a key to the
 * catalog even when a defaultValue is given; a code from the engine goes through wordFor (words.ts).
 */
import 'i18next';
import type zhCN from './zh-CN';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
    returnNull: false;
    strictKeyChecks: true;
  }
}
