import type { SearchQuery } from './store';

/**
 * Customer search as you type: by any part of a Chinese name, any run of 3+ digits of a phone
 * number, the end (or the whole) of an ID number, or the start of a credit code. The engine turns
 * each customer into search tokens (the store keeps them in an index) and each query into lookups:
 *  - name: every character ("n张") and every adjacent pair ("n张伟"); a longer query matches all of
 *    its pairs and is then confirmed against the name itself;
 *  - phone: every ending of 3+ digits ("p5678", "p45678", …), so a prefix query finds any fragment;
 *  - ID number: the whole number and its last 4-8 characters ("i…"); credit code: the whole code ("c…").
 */

const CJK = /\p{Script=Han}/u;

export function customerTokens(c: { name: string; phone?: string | null; idNumber?: string | null; creditCode?: string | null }): string[] {
  const tokens = new Set<string>();
  const chars = [...c.name.replace(/\s+/g, ' ').trim()];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (CJK.test(ch)) {
      tokens.add(`n${ch}`);
      const next = chars[i + 1];
      if (next && CJK.test(next)) tokens.add(`n${ch}${next}`);
    }
  }
  for (const word of c.name.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (word && !CJK.test(word)) tokens.add(`n${word}`);
  }
  if (c.phone) for (let i = 0; i + 3 <= c.phone.length; i++) tokens.add(`p${c.phone.slice(i)}`);
  if (c.idNumber) {
    tokens.add(`i${c.idNumber}`);
    for (let k = 4; k <= 8; k++) tokens.add(`i${c.idNumber.slice(-k)}`);
  }
  if (c.creditCode) tokens.add(`c${c.creditCode}`);
  return [...tokens].map((t) => t.toLowerCase());
}

const exact = (token: string) => ({ token: token.toLowerCase(), prefix: false });
const prefix = (token: string) => ({ token: token.toLowerCase(), prefix: true });

/** The index lookups for what the officer typed, or null when there is nothing to search for. */
export function searchPlan(raw: string): SearchQuery | null {
  const q = raw.trim().replace(/\s+/g, ' ');
  if (!q) return null;
  const compact = q.replace(/[\s-]/g, '').replace(/^\+86/, '');
  if (/^\d{3,}$/.test(compact)) return { terms: [prefix(`p${compact}`), prefix(`i${compact}`), prefix(`c${compact}`)], join: 'any' };
  if (/^[0-9A-Za-z]{4,}$/.test(compact) && /\d/.test(compact)) {
    return { terms: [prefix(`i${compact}`), prefix(`c${compact}`)], join: 'any' };
  }
  const chars = [...q].filter((ch) => CJK.test(ch));
  if (chars.length > 0) {
    if (chars.length === 1) return { terms: [exact(`n${chars[0]}`)], join: 'all' };
    const pairs = new Set<string>();
    for (let i = 0; i + 1 < chars.length; i++) pairs.add(`n${chars[i]}${chars[i + 1]}`);
    return { terms: [...pairs].map(exact), join: 'all', ...(chars.length > 2 ? { nameContains: chars.join('') } : {}) };
  }
  const words = q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (words.length === 0) return null;
  return { terms: words.map((w) => prefix(`n${w}`)), join: 'all' };
}
