/**
 * The standard product catalogue a new book starts with (and the demo book lends on): one product
 * per repayment method, with rate, term and amount ranges and the documents each needs.
 */
import type { Method } from '../schedule/term';
import type { ApplicationStore, NewProduct } from './store';

export interface StandardProduct {
  id: string;
  code: string;
  zh: string;
  en: string;
  method: Method | 'revolving';
  /** Contract rates the product is offered at, lowest first. */
  rates: string[];
  /** Terms officers book, in months (repeats weight the common ones in the demo book). */
  terms: number[];
  minYuan: number;
  maxYuan: number;
  /** Share of the demo book's loans. */
  weight: number;
}

export const STANDARD_PRODUCTS: StandardProduct[] = [
  { id: 'P-EI', code: 'CONSUMER-EI', zh: '个人消费贷（等额本息）', en: 'Consumer loan (equal installment)', method: 'equal-installment', rates: ['0.0720', '0.0960', '0.1180'], terms: [6, 12, 12, 24, 36], minYuan: 5, maxYuan: 200, weight: 45 },
  { id: 'P-EP', code: 'BUSINESS-EP', zh: '小微经营贷（等额本金）', en: 'Small business loan (equal principal)', method: 'equal-principal', rates: ['0.0650', '0.0850', '0.1050'], terms: [12, 24, 36], minYuan: 50, maxYuan: 1000, weight: 20 },
  { id: 'P-IO', code: 'BRIDGE-IO', zh: '经营周转贷（先息后本）', en: 'Working capital (interest only)', method: 'interest-only', rates: ['0.0800', '0.1000'], terms: [3, 6, 12], minYuan: 20, maxYuan: 500, weight: 15 },
  { id: 'P-FL', code: 'AUTO-FLAT', zh: '分期购车（平息）', en: 'Car instalments (flat rate)', method: 'flat', rates: ['0.0480', '0.0600'], terms: [12, 24, 36], minYuan: 30, maxYuan: 300, weight: 12 },
  { id: 'P-RV', code: 'LINE-RV', zh: '随借随还额度', en: 'Revolving line (draw and repay any day)', method: 'revolving', rates: ['0.1440'], terms: [12], minYuan: 10, maxYuan: 100, weight: 8 },
];

/** The standard products as the book keeps them (amounts in thousands of yuan above, fen in the book). */
export const standardProducts = (at: string): NewProduct[] =>
  STANDARD_PRODUCTS.map((p) => ({
    id: p.id,
    code: p.code,
    nameZh: p.zh,
    nameEn: p.en,
    method: p.method,
    minRate: p.rates[0] as string,
    maxRate: p.rates.at(-1) as string,
    minTerm: Math.min(...p.terms),
    maxTerm: Math.max(...p.terms),
    minAmount: BigInt(p.minYuan) * 100_000n,
    maxAmount: BigInt(p.maxYuan) * 100_000n,
    dayCount: p.method === 'revolving' ? 'ACT/360' : '30/360',
    lineAllocation: p.method === 'revolving' ? 'interest-first' : null,
    requiredDocuments: JSON.stringify(p.method === 'equal-principal' || p.method === 'interest-only' ? ['id_card', 'business_licence', 'bank_statement'] : ['id_card', 'income_proof']),
    createdAt: at,
  }));

/** Adds the standard products a book lacks. */
export async function insertStandardProducts(apps: ApplicationStore, at: string): Promise<void> {
  for (const p of standardProducts(at)) await apps.insertProduct(p);
}
