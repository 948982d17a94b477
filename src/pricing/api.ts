import { method } from '../api/define';
import { aprQuote, aprRequest } from './service';
import { tvmQuote, tvmRequest } from './tvmService';

export const pricingApi = {
  'quote/apr': method({
    summary: 'An annualized rate from dated advances and payments (IRR, Appendix J, XIRR)',
    input: aprRequest,
    permission: 'quote.run',
    mutating: false,
    handler: (req) => aprQuote(req),
  }),
  'quote/tvm': method({
    summary: 'Spreadsheet time-value functions (PMT, IPMT, PPMT, PV, FV, RATE)',
    input: tvmRequest,
    permission: 'quote.run',
    mutating: false,
    handler: (req) => tvmQuote(req),
  }),
};
