import { z } from 'zod';
import { businessDateOf, method, requireBook, storeScope, type ApiContext } from '../api/define';
import { servicingStore } from '../db/repos/servicing';
import { collectionStore } from '../db/repos/collections';
import { documentStore } from '../db/repos/documents';
import { applicationStore } from '../db/repos/applications';
import { settingsStore } from '../db/repos/settings';
import { SuanpanError } from '../errors';
import { amountField } from '../schedule/service';
import { RECASTS } from '../schedule/term';
import { formatMinor, type Minor } from '../money/amount';
import { BOOK_SCALE } from '../money/money';
import { amount, amountText, dateText, oneOf } from '../validation';
import { postStatement } from './statement';
import { draw, payOff, recover, repay, reverse, waive, writeOff } from './postings';
import { checkSeen, loadLoan, type LoadedLoan, type Poster } from './store';
import { payoffOf, splitRepayment } from './kinds';
import { loanView, splitJson } from './view';
import { disburse } from '../origination/disburse';

const id = z.string().min(1).max(60);
const reference = z.string().trim().min(1).max(60);
/** The loan's version as the caller last saw it (the loan view's `version`); a posting on an older one is refused. */
const seen = z.string().min(1).max(80).optional();
const reason = z.string().trim().min(1).max(500);

const businessDate = businessDateOf;

/** Who posts: the signed-in user, or the command line's local principal (no user, no role's authority). */
function poster(ctx: ApiContext, asOf = businessDate(ctx)): Poster {
  if (!ctx.user && !ctx.commandLine) throw new SuanpanError('FORBIDDEN', 'auth.signInRequired');
  const { ids } = requireBook(ctx);
  const q = storeScope(ctx);
  return { store: servicingStore(q), settings: settingsStore(q), ids, now: ctx.now(), businessDate: asOf, userId: ctx.user?.userId ?? null, role: ctx.user?.role ?? null };
}

/** An amount in the loan's own currency units (checked against its decimals). */
async function loanAmount(ctx: ApiContext, loan: string, text: string, field = 'amount', allowZero = false): Promise<{ value: Minor; decimals: 0 | 2; loaded: LoadedLoan }> {
  const l = await loadLoan(servicingStore(storeScope(ctx)), loan);
  // The loan as loaded goes on with the amount, so a posting in the same unit of work reads it once.
  return { value: amountField(text, field, l.loan.decimals, allowZero), decimals: l.loan.decimals, loaded: l };
}

const money = (v: Minor, decimals: 0 | 2): string => formatMinor(v, decimals);

export const servicingApi = {
  'loans/get': method({
    summary: 'One loan: facts, balances on the business date, the schedule with paid / due / overdue states, and its ledger',
    input: z.strictObject({ id }),
    permission: 'loans.read',
    mutating: false,
    handler: (input, ctx) => loanView(servicingStore(storeScope(ctx)), collectionStore(storeScope(ctx)), input.id, businessDate(ctx), (permission) => ctx.permissions.has(permission)),
  }),
  'loans/payoffQuote': method({
    summary: 'What settles the loan on a date: principal, interest accrued to the date, fees and penalty due',
    input: z.strictObject({ loanId: id, date: dateText.optional() }),
    permission: 'loans.read',
    mutating: false,
    handler: async (input, ctx) => {
      const l = await loadLoan(servicingStore(storeScope(ctx)), input.loanId);
      const date = input.date ?? businessDate(ctx);
      if (date < l.row.disbursement_date) throw new SuanpanError('VALIDATION', 'servicing.dateBeforeDisbursement', { field: 'date', date, disbursed: l.row.disbursement_date });
      const q = payoffOf(l, date);
      const d = l.loan.decimals;
      return { loanId: l.row.id, number: l.row.number, date, principal: money(q.principal, d), interest: money(q.interest, d), fees: money(q.fees, d), penalty: money(q.penalty, d), total: money(q.total, d) };
    },
  }),
  'loans/previewRepayment': method({
    summary: 'What a repayment of an amount on a date would pay, installment by installment, before it is posted',
    input: z.strictObject({ loanId: id, amount: amountText, date: dateText.optional(), recast: oneOf(RECASTS).optional() }),
    permission: 'loans.read',
    mutating: false,
    handler: async (input, ctx) => {
      const { value, decimals } = await loanAmount(ctx, input.loanId, input.amount);
      const l = await loadLoan(servicingStore(storeScope(ctx)), input.loanId);
      return splitJson(splitRepayment(l, input.date ?? businessDate(ctx), value, input.recast), decimals);
    },
  }),
  'loans/repay': method({
    summary: 'Posts a repayment: due amounts oldest first in the product order; anything beyond is a prepayment, recast as chosen',
    input: z.strictObject({ loanId: id, amount: amountText, date: dateText.optional(), reference: reference.optional(), recast: oneOf(RECASTS).optional(), seen }),
    permission: 'loans.service',
    mutating: true,
    handler: async (input, ctx) => {
      const p = poster(ctx);
      const { value, decimals, loaded } = await loanAmount(ctx, input.loanId, input.amount);
      checkSeen(loaded, input.seen);
      const r = await repay(p, { loan: input.loanId, date: input.date ?? p.businessDate, amount: value, reference: input.reference ?? null, recast: input.recast }, loaded);
      ctx.audit?.({ entityType: 'loan', entityId: r.split.loanId, summary: `${r.split.kind} ${r.transactionId} of ${money(value, decimals)} on ${r.split.date}${r.split.recast ? ` (${r.split.recast})` : ''}` });
      return { transactionId: r.transactionId, status: r.status, outstanding: money(r.outstanding, decimals), split: splitJson(r.split, decimals) };
    },
  }),
  'loans/postStatement': method({
    summary: 'Posts a bank statement (CSV: loan number, date, amount, reference): each row a repayment in its own write with its audit row; bad rows rejected with the reason',
    input: z.strictObject({ csv: z.string().min(1).max(50_000_000), businessDate: dateText.optional() }),
    permission: 'loans.service',
    // Each row is its own write: a rejected row leaves the others posted.
    mutating: false,
    handler: async (input, ctx) => {
      const bookDate = businessDate(ctx);
      // Money is never posted ahead of the book: a statement may be dated on or before the business date.
      if (input.businessDate !== undefined && input.businessDate > bookDate) {
        throw new SuanpanError('VALIDATION', 'servicing.statementAhead', { field: 'businessDate', date: input.businessDate, businessDate: bookDate });
      }
      const asOf = input.businessDate ?? bookDate;
      if (!ctx.write) throw new SuanpanError('CONFLICT', 'book.notOpen');
      const write = ctx.write;
      const run = await postStatement(input.csv, ctx.lang, (row) =>
        write(async (tx) => {
          // Each row is a unit of work of its own: the stores work inside it.
          const inRow = { ...ctx, tx };
          // A statement's amounts are in fen; a whole-yuan loan takes whole yuan only.
          const amount = await loanAmount(inRow, row.loan, formatMinor(row.amount, BOOK_SCALE));
          const r = await repay(poster(inRow, asOf), { loan: row.loan, date: row.date, amount: amount.value, reference: row.reference });
          ctx.audit?.({ entityType: 'loan', entityId: r.split.loanId, summary: `${r.split.kind} ${r.transactionId} of ${money(amount.value, amount.decimals)} on ${row.date}, reference ${row.reference} (statement line ${row.line})` });
          return { transactionId: r.transactionId, kind: r.split.kind };
        }),
      );
      return { businessDate: asOf, ...run };
    },
  }),
  'loans/prepay': method({
    summary: 'Posts a prepayment with the borrower’s recast choice: reduce the payment or reduce the term',
    input: z.strictObject({ loanId: id, amount: amountText, recast: oneOf(RECASTS), date: dateText.optional(), reference: reference.optional(), seen }),
    permission: 'loans.service',
    mutating: true,
    handler: async (input, ctx) => {
      const p = poster(ctx);
      const { value, decimals, loaded } = await loanAmount(ctx, input.loanId, input.amount);
      checkSeen(loaded, input.seen);
      const r = await repay(p, { loan: input.loanId, date: input.date ?? p.businessDate, amount: value, reference: input.reference ?? null, recast: input.recast }, loaded);
      ctx.audit?.({ entityType: 'loan', entityId: r.split.loanId, summary: `${r.split.kind} ${r.transactionId} of ${money(value, decimals)} on ${r.split.date} (${input.recast})` });
      return { transactionId: r.transactionId, status: r.status, outstanding: money(r.outstanding, decimals), split: splitJson(r.split, decimals) };
    },
  }),
  'loans/payoff': method({
    summary: 'Settles the loan on a date with exactly its payoff quote',
    input: z.strictObject({ loanId: id, date: dateText.optional(), reference: reference.optional() }),
    permission: 'loans.service',
    mutating: true,
    handler: async (input, ctx) => {
      const p = poster(ctx);
      const r = await payOff(p, { loan: input.loanId, date: input.date ?? p.businessDate, reference: input.reference ?? null });
      const decimals = (await loadLoan(p.store, input.loanId)).loan.decimals;
      ctx.audit?.({ entityType: 'loan', entityId: r.split.loanId, summary: `payoff ${r.transactionId} of ${money(r.split.amount, decimals)} on ${r.split.date}` });
      return { transactionId: r.transactionId, status: r.status, outstanding: money(r.outstanding, decimals), split: splitJson(r.split, decimals) };
    },
  }),
  'loans/disburse': method({
    summary: 'Pays out a signed application: books the loan and the schedule exactly as printed in its contract',
    input: z.strictObject({ applicationId: id, recast: oneOf(RECASTS).optional(), drawAmount: amountText.optional() }),
    permission: 'loans.disburse',
    mutating: true,
    handler: async (input, ctx) => {
      const p = poster(ctx);
      const { decimals, ...r } = await disburse(p, documentStore(storeScope(ctx)), applicationStore(storeScope(ctx)), { applicationId: input.applicationId, recast: input.recast, drawAmount: input.drawAmount });
      ctx.audit?.({ entityType: 'loan', entityId: r.loanId, summary: `loan ${r.number} disbursed, ${money(r.amountPaidOut, decimals)} paid out on ${r.disbursementDate}` });
      return { ...r, amountPaidOut: money(r.amountPaidOut, decimals) };
    },
  }),
  'loans/draw': method({
    summary: 'A draw on a revolving line, within its limit',
    input: z.strictObject({ loanId: id, amount: amountText, date: dateText.optional(), reference: reference.optional(), seen }),
    permission: 'loans.service',
    mutating: true,
    handler: async (input, ctx) => {
      const p = poster(ctx);
      const { value, decimals, loaded } = await loanAmount(ctx, input.loanId, input.amount);
      checkSeen(loaded, input.seen);
      const r = await draw(p, { loan: input.loanId, date: input.date ?? p.businessDate, amount: value, reference: input.reference ?? null }, loaded);
      ctx.audit?.({ entityType: 'loan', entityId: input.loanId, summary: `draw ${r.transactionId} of ${money(value, decimals)}` });
      return { transactionId: r.transactionId, outstanding: money(r.outstanding, decimals), available: r.available === null ? null : money(r.available, decimals) };
    },
  }),
  'loans/waive': method({
    summary: 'Waives penalty, fees or interest due, with a reason, within the role’s waiver authority',
    input: z.strictObject({ loanId: id, reason, penalty: amount(true).optional(), fee: amount(true).optional(), interest: amount(true).optional(), date: dateText.optional() }),
    permission: 'loans.service',
    mutating: true,
    handler: async (input, ctx) => {
      const p = poster(ctx);
      const part = async (t: string | undefined, field: string): Promise<Minor> => (t === undefined ? 0n : (await loanAmount(ctx, input.loanId, t, field, true)).value);
      const [penalty, fee, interest] = [await part(input.penalty, 'penalty'), await part(input.fee, 'fee'), await part(input.interest, 'interest')];
      const r = await waive(p, { loan: input.loanId, date: input.date ?? p.businessDate, penalty, fee, interest, reason: input.reason });
      const decimals = (await loadLoan(p.store, input.loanId)).loan.decimals;
      ctx.audit?.({ entityType: 'loan', entityId: input.loanId, summary: `waiver ${r.transactionId} of ${money(r.amount, decimals)}: ${input.reason}` });
      return { transactionId: r.transactionId, amount: money(r.amount, decimals), status: r.status };
    },
  }),
  'loans/reverse': method({
    summary: 'Reverses a mistaken repayment, waiver, recovery or write-off (the latest on its loan) with a new reversal entry; nothing is edited. A write-off only by those who may write off',
    input: z.strictObject({ transactionId: id, reason }),
    permission: 'loans.service',
    mutating: true,
    handler: async (input, ctx) => {
      const p = poster(ctx);
      const r = await reverse(p, { transactionId: input.transactionId, reason: input.reason, writeOffAuthority: ctx.permissions.has('loans.writeOff') });
      ctx.audit?.({ entityType: 'transaction', entityId: input.transactionId, summary: `reversed by ${r.transactionId}: ${input.reason}` });
      return { transactionId: r.transactionId, reverses: r.reverses, amount: money(r.amount, r.decimals), status: r.status, outstanding: money(r.outstanding, r.decimals) };
    },
  }),
  'loans/writeOff': method({
    summary: 'Writes the loan off on the business date: principal owed and what is due, with a reason',
    input: z.strictObject({ loanId: id, reason }),
    permission: 'loans.writeOff',
    mutating: true,
    handler: async (input, ctx) => {
      const p = poster(ctx);
      const r = await writeOff(p, { loan: input.loanId, reason: input.reason });
      ctx.audit?.({ entityType: 'loan', entityId: input.loanId, summary: `written off (${r.transactionId}, ${money(r.amount, r.decimals)}): ${input.reason}` });
      return { transactionId: r.transactionId, amount: money(r.amount, r.decimals), status: r.status };
    },
  }),
  'loans/recover': method({
    summary: 'Money recovered on a written-off loan',
    input: z.strictObject({ loanId: id, amount: amountText, date: dateText.optional(), reference: reference.optional() }),
    permission: 'loans.service',
    mutating: true,
    handler: async (input, ctx) => {
      const p = poster(ctx);
      const { value, decimals } = await loanAmount(ctx, input.loanId, input.amount);
      const r = await recover(p, { loan: input.loanId, date: input.date ?? p.businessDate, amount: value, reference: input.reference ?? null });
      ctx.audit?.({ entityType: 'loan', entityId: input.loanId, summary: `recovery ${r.transactionId} of ${money(value, decimals)}` });
      return { transactionId: r.transactionId, amount: money(r.amount, decimals), recoveredTotal: money(r.recoveredTotal, decimals), writtenOffTotal: money(r.writtenOffTotal, decimals) };
    },
  }),
};
