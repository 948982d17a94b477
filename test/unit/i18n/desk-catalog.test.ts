/**
 * The desk's own catalog (renderer/src/i18n): every t() key is checked by the typecheck against
 * zh-CN, and en.ts is typed by zh-CN's shape. These tests hold what the types do not: that both
 * languages of a string name the same {{placeholders}}, and that each code the engine can send has
 * a word, so the desk never falls back to showing the bare code.
 */
import { describe, expect, it } from 'vitest';
import en from '../../../renderer/src/i18n/en';
import zhCN from '../../../renderer/src/i18n/zh-CN';
import { ROLES } from '../../../src/identity/roles';
import { BUCKETS, CATEGORIES } from '../../../src/rules/lending';
import { METHODS, RECASTS } from '../../../src/schedule/term';
import { TXN_KINDS } from '../../../src/servicing/ledger';
import { DOCUMENT_KINDS } from '../../../src/origination/service';
import { OPEN_STATES, PENDING_STATES } from '../../../src/origination/store';

const leaves = (node: object, prefix = ''): [string, string][] =>
  Object.entries(node).flatMap(([k, v]): [string, string][] => (typeof v === 'string' ? [[`${prefix}${k}`, v]] : leaves(v as object, `${prefix}${k}.`)));
const placeholders = (text: string): string => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort().join();
const codes = (group: Readonly<Record<string, string>>): string[] => Object.keys(group);

describe('the desk catalog', () => {
  it('has the same keys in both languages', () => {
    expect(leaves(en).map(([k]) => k).sort()).toEqual(leaves(zhCN).map(([k]) => k).sort());
  });

  it('names the same placeholders in both languages of every string', () => {
    const english = new Map(leaves(en));
    const differ = leaves(zhCN)
      .filter(([key, zh]) => placeholders(zh) !== placeholders(english.get(key) ?? ''))
      .map(([key, zh]) => `${key}: ${placeholders(zh)} / ${placeholders(english.get(key) ?? '')}`);
    expect(differ).toEqual([]);
  });

  it('has a word for each code the engine sends', () => {
    expect(codes(zhCN.auth.roles)).toEqual(expect.arrayContaining([...ROLES]));
    expect(codes(zhCN.collections.buckets)).toEqual(expect.arrayContaining([...BUCKETS]));
    expect(codes(zhCN.eod.categories)).toEqual(expect.arrayContaining([...CATEGORIES]));
    expect(codes(zhCN.methods)).toEqual(expect.arrayContaining([...METHODS]));
    expect(codes(zhCN.loans.payment.recasts)).toEqual(expect.arrayContaining([...RECASTS]));
    expect(codes(zhCN.loans.kinds)).toEqual(expect.arrayContaining([...TXN_KINDS]));
    expect(codes(zhCN.customers.docKinds)).toEqual(expect.arrayContaining([...DOCUMENT_KINDS]));
    // The closed states are those of the book's check constraint beyond the open and pending ones.
    expect(codes(zhCN.applications.states)).toEqual(expect.arrayContaining([...OPEN_STATES, ...PENDING_STATES, 'declined', 'withdrawn', 'disbursed']));
  });
});
