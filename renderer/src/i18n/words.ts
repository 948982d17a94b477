/**
 * The catalog's word lists: groups such as `applications.states` whose entries are each the word
 * for one engine code. Most codes reach the desk as plain strings (the api types a state or a
 * channel as `string`), so a key built from one cannot be checked by the typecheck alone: the
 * group is checked by the typecheck, and the code against the catalog when it is shown. A code
 * the catalog does not know is shown as it is, rather than as a raw key.
 */
import type { TFunction } from 'i18next';
import zhCN from './zh-CN';

type Catalog = typeof zhCN;

/** Dotted paths to the groups whose every entry is a string. */
type Groups<T, P extends string> = {
  [K in keyof T & string]: T[K] extends string ? never : (T[K] extends Readonly<Record<string, string>> ? `${P}${K}` : never) | Groups<T[K], `${P}${K}.`>;
}[keyof T & string];
export type WordGroup = Groups<Catalog, ''>;

type At<T, P extends string> = P extends `${infer H}.${infer R}` ? (H extends keyof T ? At<T[H], R> : never) : P extends keyof T ? T[P] : never;
/** The codes a word list has words for. */
type Code<G extends WordGroup> = keyof At<Catalog, G> & string;
/** Every key of every word list: each one a key the catalog has. */
type WordKey = { [G in WordGroup]: `${G}.${Code<G>}` }[WordGroup];

function groupOf(group: string): object | undefined {
  let node: unknown = zhCN;
  for (const part of group.split('.')) node = typeof node === 'object' && node !== null && Object.hasOwn(node, part) ? Reflect.get(node, part) : undefined;
  return typeof node === 'object' && node !== null ? node : undefined;
}

/** Whether the word list has a word for this code (en has the same keys as zh-CN: en.ts is typed by it). */
function isCode<G extends WordGroup>(group: G, code: string | null | undefined): code is Code<G> {
  const words = groupOf(group);
  return typeof code === 'string' && words !== undefined && Object.hasOwn(words, code) && typeof Reflect.get(words, code) === 'string';
}

/** The desk's word for an engine code, or the code itself when the list has no word for it. */
export function wordFor<G extends WordGroup>(t: TFunction, group: G, code: string): string {
  // The key is one of the list's own: isCode has just found it there.
  return isCode(group, code) ? t(`${group}.${code}` as WordKey) : code;
}
