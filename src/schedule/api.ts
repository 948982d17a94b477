import { lprTableFor } from '../pricing/lpr';
import { lprStore } from '../db/repos/lpr';
import { method, openStoreScope, type ApiContext } from '../api/define';
import {
  compareMethods,
  compareRequest,
  lineQuote,
  lineRequest,
  payoffQuoteOf,
  payoffRequest,
  scheduleQuote,
  scheduleRequest,
} from './service';

/** The open book's LPR table, if a book is open. */
const bookLpr = (ctx: ApiContext) => {
  const q = openStoreScope(ctx);
  return q && lprStore(q);
};

export const scheduleApi = {
  'quote/schedule': method({
    summary: 'A repayment schedule with totals and the annualized rate',
    input: scheduleRequest,
    permission: 'quote.run',
    mutating: false,
    // The cap warnings take the 4 x LPR line from the open book's table.
    handler: async (req, ctx) => scheduleQuote(req, await lprTableFor(bookLpr(ctx))),
  }),
  'quote/payoff': method({
    summary: 'A payoff quote on a date',
    input: payoffRequest,
    permission: 'quote.run',
    mutating: false,
    handler: (req) => payoffQuoteOf(req),
  }),
  'quote/line': method({
    summary: 'A revolving line: draws, repayments and the payoff',
    input: lineRequest,
    permission: 'quote.run',
    mutating: false,
    handler: (req) => lineQuote(req),
  }),
  'quote/compare': method({
    summary: 'The same loan under several repayment methods, side by side',
    input: compareRequest,
    permission: 'quote.run',
    mutating: false,
    handler: async (req, ctx) =>
      compareMethods(req, await lprTableFor(bookLpr(ctx)), (done, total) => ctx.emit({ type: 'progress', task: 'quote/compare', done, total })),
  }),
};
