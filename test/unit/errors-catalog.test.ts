/**
 * The message catalog is merged from each module's own messages: no key may be defined by two
 * modules (a spread would let the later one win silently), and both desk languages of a message
 * name the same details, so neither drops a figure the other shows.
 */
import { describe, expect, it } from 'vitest';
import { CATALOGS, translate, type MessageKey } from '../../src/errors';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string).sort();

describe('the message catalog', () => {
  it('defines each key in exactly one module', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [module, catalog] of Object.entries(CATALOGS)) {
      for (const key of Object.keys(catalog)) {
        if (seen.has(key)) twice.push(`${key} in ${seen.get(key)} and ${module}`);
        seen.set(key, module);
      }
    }
    expect(twice).toEqual([]);
    expect(seen.size).toBeGreaterThan(150);
  });

  it('gives both languages of every message the same details', () => {
    const differ: string[] = [];
    for (const catalog of Object.values(CATALOGS)) {
      for (const [key, text] of Object.entries(catalog) as [string, { en: string; 'zh-CN': string }][]) {
        if (placeholders(text.en).join() !== placeholders(text['zh-CN']).join()) differ.push(`${key}: ${placeholders(text.en).join()} / ${placeholders(text['zh-CN']).join()}`);
      }
    }
    expect(differ).toEqual([]);
  });

  it('translates a module message through the merged catalog', () => {
    expect(translate('eod.cancelled' as MessageKey, { date: '2025-06-30' }, 'zh-CN')).toBe('2025-06-30 的日终已中止，未保留任何结果');
    expect(translate('validation.required' as MessageKey, { field: 'principal' }, 'zh-CN')).toBe('缺少必填项 借款金额');
  });
});
