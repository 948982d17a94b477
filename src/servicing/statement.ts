/**
 * Posting a bank statement: CSV rows `loan number, date, amount, reference`, one repayment per row,
 * each in its own transaction with its audit row. A bad row is rejected with its line number and the
 * reason in the desk's language, and the rest go on; a reference already posted to the loan is
 * refused as a duplicate, so the same statement can be imported twice without paying twice.
 */
import { SuanpanError, type Lang } from '../errors';
import { isIsoDate } from '../calendar/date';
import { formatMinor, MAX_MINOR, parseMinor, type Minor } from '../money/amount';
import { BOOK_SCALE } from '../money/money';

export interface StatementRow {
  line: number;
  fields: string[];
}

/** RFC 4180 CSV (quotes, doubled quotes, CRLF); blank lines skipped; a UTF-8 byte order mark ignored. */
export function parseCsv(text: string): { rows: StatementRow[]; errors: { line: number; error: SuanpanError }[] } {
  const rows: StatementRow[] = [];
  const errors: { line: number; error: SuanpanError }[] = [];
  const src = text.replace(/^\uFEFF/, '');
  let line = 1;
  let i = 0;
  while (i < src.length) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let broken = false;
    for (;;) {
      if (i >= src.length) {
        if (quoted) broken = true;
        fields.push(field);
        break;
      }
      const c = src[i] as string;
      if (quoted) {
        if (c === '"' && src[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (c === '"') {
          quoted = false;
          i++;
        } else {
          if (c === '\n') line++;
          field += c;
          i++;
        }
      } else if (c === '"' && field.trim() === '') {
        quoted = true;
        field = '';
        i++;
      } else if (c === ',') {
        fields.push(field);
        field = '';
        i++;
      } else if (c === '\n' || c === '\r') {
        fields.push(field);
        i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
        line++;
        break;
      } else {
        field += c;
        i++;
      }
    }
    if (broken) errors.push({ line: start, error: new SuanpanError('VALIDATION', 'servicing.csvQuote', { field: 'csv' }) });
    else if (fields.some((f) => f.trim() !== '')) rows.push({ line: start, fields: fields.map((f) => f.trim()) });
  }
  return { rows, errors };
}

const looksLikeHeader = (fields: string[]): boolean => !isIsoDate(fields[1] ?? '') && parseMinor((fields[2] ?? '').replace(/,/g, ''), BOOK_SCALE) === null;

export interface StatementResult {
  businessDate: string;
  rows: number;
  posted: { line: number; loan: string; reference: string; transactionId: string; kind: string; amount: string }[];
  rejected: { line: number; loan: string | null; reference: string | null; code: string; key: string; message: string }[];
}

/** One statement row, checked and ready to post. */
export interface StatementPayment {
  line: number;
  loan: string;
  date: string;
  amount: Minor;
  reference: string;
}

/**
 * Posts every row of a statement through `post`, which posts one payment as its own write (the
 * dispatcher's transaction with its audit row) and answers with the transaction and its kind. A row
 * that fails is rejected with its reason; the rest go on.
 */
export async function postStatement(
  text: string,
  lang: Lang,
  post: (payment: StatementPayment) => Promise<{ transactionId: string; kind: string }>,
): Promise<Omit<StatementResult, 'businessDate'>> {
  const { rows, errors } = parseCsv(text);
  const result: Omit<StatementResult, 'businessDate'> = { rows: rows.length + errors.length, posted: [], rejected: [] };
  const reject = (line: number, loan: string | null, reference: string | null, e: SuanpanError): void => {
    const json = e.toJSON(lang);
    result.rejected.push({ line, loan, reference, code: json.code, key: json.key, message: json.message });
  };
  for (const { line, error } of errors) reject(line, null, null, error);
  const body = rows.length && looksLikeHeader(rows[0]?.fields ?? []) ? rows.slice(1) : rows;
  if (body.length === 0 && errors.length === 0) throw new SuanpanError('VALIDATION', 'servicing.csvEmpty', { field: 'csv' });
  for (const { line, fields } of body) {
    const [loan = '', date = '', amountText = '', reference = ''] = fields;
    try {
      if (fields.length !== 4) throw new SuanpanError('VALIDATION', 'servicing.csvColumns', { found: fields.length });
      if (!loan) throw new SuanpanError('VALIDATION', 'validation.required', { field: 'loan' });
      if (!isIsoDate(date)) throw new SuanpanError('VALIDATION', 'validation.date', { field: 'date', value: date });
      // Bank statements group thousands ("8,884.88"): the separators go, never a decimal.
      const amount = parseMinor(amountText.replace(/,/g, ''), BOOK_SCALE);
      if (amount === null) throw new SuanpanError('VALIDATION', 'validation.amount', { field: 'amount', value: amountText, decimals: BOOK_SCALE });
      if (amount <= 0n) throw new SuanpanError('VALIDATION', 'validation.amountPositive', { field: 'amount' });
      if (amount > MAX_MINOR) throw new SuanpanError('VALIDATION', 'validation.amountTooLarge', { field: 'amount', max: formatMinor(MAX_MINOR, BOOK_SCALE) });
      if (!reference) throw new SuanpanError('VALIDATION', 'validation.required', { field: 'reference' });
      const r = await post({ line, loan, date, amount, reference });
      result.posted.push({ line, loan, reference, transactionId: r.transactionId, kind: r.kind, amount: formatMinor(amount, BOOK_SCALE) });
    } catch (e) {
      const error = e instanceof SuanpanError ? e : new SuanpanError('INTERNAL', 'internal', { reason: e instanceof Error ? e.message.slice(0, 200) : 'unknown' });
      reject(line, loan || null, reference || null, error);
    }
  }
  result.rejected.sort((a, b) => a.line - b.line);
  return result;
}
