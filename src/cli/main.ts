/**
 * The `suanpan` command line: each command reads one JSON request on stdin and prints one JSON result
 * on stdout. Errors print one line on stderr (in the desk's language: --lang zh-CN|en, or the
 * SUANPAN_LANG / LANG environment) and exit non-zero with nothing on stdout.
 */
import { callApi, COMMAND_LINE_PERMISSIONS, DESK_PERMISSIONS, type ApiContext, type ApiErrorBody, type ApiEvent, type ApiInput, type ApiResult, type CommandLine, type MethodName } from '../api';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';
import { SuanpanError, translate, type Lang } from '../errors';
import { openAnyBook, openBook } from '../book';
import { sqliteBook } from '../db/book';
import { isOfficeUrl, officeWhere } from '../db/postgres/book';
import { isIsoDate, isoDay } from '../calendar/date';
import { LOAN_DOCUMENT_TYPES, type LoanDocumentType } from '../documents/service';
import { NOTICE_KINDS, type NoticeKind } from '../documents/notices';
import { ulidSource } from '../ids';
import type { StatementResult } from '../servicing/statement';

/** Each command is one api method: the CLI is a transport like the desk, with no logic of its own. */
export const COMMANDS: Record<string, MethodName> = {
  schedule: 'quote/schedule',
  payoff: 'quote/payoff',
  line: 'quote/line',
  apr: 'quote/apr',
  tvm: 'quote/tvm',
};

const EXIT: Record<string, number> = { VALIDATION: 2, RULE: 3, NOT_FOUND: 4, CONFLICT: 5, FORBIDDEN: 6, INTERNAL: 1 };

export function langFrom(args: string[], env: NodeJS.ProcessEnv): Lang {
  const flag = args.indexOf('--lang');
  const value = flag >= 0 ? args[flag + 1] : (env.SUANPAN_LANG ?? env.LANG ?? '');
  return value?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const flagValue = (args: string[], name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

function need(args: string[], name: string): string {
  const v = flagValue(args, name);
  if (!v) throw new SuanpanError('VALIDATION', 'validation.required', { field: name });
  return v;
}


/** Documents are in Chinese unless --lang says English (the desk language does not change them). */
const docLang = (args: string[]): Lang => ((flagValue(args, '--lang') ?? 'zh-CN').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en');

/** Writes a file whole or not at all: to a temporary name, then renamed. */
function writeWhole(out: string, bytes: Buffer): void {
  const temp = `${out}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, out);
}

/** A JSON file's content (a scorecard model), or a typed error naming what is wrong with it. */
function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SuanpanError('VALIDATION', 'scorecards.invalid', { reason: (e as Error).message });
  }
}

/** A failed api call: the engine's typed error body, already in the caller's language. */
class CallFailed extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.message);
  }
}

/** The command line's local principal: the operating-system user who ran it. */
function commandLine(): CommandLine {
  try {
    return { osUser: userInfo().username };
  } catch {
    return { osUser: process.env.USER ?? process.env.USERNAME ?? 'unknown' };
  }
}

type Call = <M extends MethodName>(method: M, input: ApiInput<M>) => Promise<ApiResult<M>>;

/**
 * Runs `work` with a `call` that goes through the api dispatcher as the command line's local
 * principal, on the book `file` (or none): permissions checked, every change in the dispatcher's
 * transaction with its audit row. A command that writes first waits for a large book's integrity
 * check (a write before it has passed is refused); one that only reads does not wait.
 */
async function withBook<R>(args: string[], file: string, open: { writes: boolean; closed?: boolean; progress?: (event: ApiEvent) => string }, work: (call: Call) => Promise<R>): Promise<R> {
  const lang = langFrom(args, process.env);
  const office = isOfficeUrl(file);
  // A restore names the book's file without opening it (it may be the damaged one).
  const book = open.closed ? undefined : office ? await openAnyBook(file) : sqliteBook(openBook(file, { create: false }));
  try {
    if (book && open.writes) await book.checked();
    const ctx: ApiContext = {
      lang,
      permissions: COMMAND_LINE_PERMISSIONS,
      commandLine: commandLine(),
      deskName: hostname(),
      now: () => new Date(),
      emit: (event) => void process.stderr.write(`\r${(open.progress ?? ((e) => `${e.task}: ${e.done}/${e.total}`))(event)}`),
      book,
      db: book?.sqlite,
      ids: ulidSource(),
      // Files kept beside the book: a desk's book keeps them in its folder.
      dataDir: office ? undefined : dirname(file),
      bookFile: office ? undefined : file,
    };
    const call: Call = async (method, input) => {
      const response = await callApi(method, input, ctx);
      if (!response.ok) throw new CallFailed(response.error);
      return response.result as never;
    };
    return await work(call);
  } finally {
    await book?.close();
  }
}

/** Commands over a loan book file, with flags rather than a JSON request; each is one or more api calls. */
const BOOK_COMMANDS: Record<string, (args: string[]) => Promise<unknown>> = {
  demo: async (args) => {
    const file = need(args, '--db');
    const loans = Number(flagValue(args, '--loans') ?? 1000);
    const seed = Number(flagValue(args, '--seed') ?? 1);
    const businessDate = flagValue(args, '--business-date') ?? isoDay(new Date());
    if (isOfficeUrl(file)) {
      // An empty office book: the demo is built in a file of its own and moved in (book/demo).
      if (!isIsoDate(businessDate)) throw new SuanpanError('VALIDATION', 'validation.date', { field: '--business-date', value: businessDate });
      const progress = (e: ApiEvent): string => (e.task === 'move' ? `move: ${e.done}/${e.total} rows (${e.label ?? ''})`.padEnd(60) : `demo: ${e.done}/${e.total} loans`);
      const summary = await withBook(args, file, { writes: true, progress }, (call) => call('book/demo', { loans, seed, businessDate }));
      process.stderr.write('\n');
      return { book: officeWhere(file), ...summary };
    }
    if (existsSync(file)) throw new SuanpanError('CONFLICT', 'cli.fileExists', { file });
    if (!isIsoDate(businessDate)) throw new SuanpanError('VALIDATION', 'validation.date', { field: '--business-date', value: businessDate });
    // A new book opens on the demo's business date.
    const db = openBook(file, { now: () => new Date(`${businessDate}T09:00:00`) });
    db.close();
    try {
      const summary = await withBook(args, file, { writes: true, progress: (e) => `demo: ${e.done}/${e.total} loans` }, (call) => call('book/demo', { loans, seed, businessDate }));
      process.stderr.write('\n');
      return { file, ...summary };
    } catch (e) {
      // A demo book that did not build leaves no file behind.
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
      throw e;
    }
  },
  book: async (args) => {
    // `book move --from FILE|URL --to URL|NEW-FILE`: a whole book into an empty one.
    const sub = args[args.findIndex((a, i) => a === 'book' && !args[i - 1]?.startsWith('--')) + 1];
    if (sub !== 'move') throw new SuanpanError('VALIDATION', 'cli.unknownCommand', { command: `book ${sub ?? ''}`.trim(), commands: 'book move' });
    const where = (flag: string): string => {
      const v = need(args, flag);
      return isOfficeUrl(v) ? v : resolve(v);
    };
    const from = where('--from');
    const to = where('--to');
    // Neither book is open around the call: the move opens both ends itself, the target's its own way.
    const result = await withBook(args, to, { writes: true, closed: true, progress: (e) => `move: ${e.done}/${e.total} rows (${e.label ?? ''})`.padEnd(60) }, (call) => call('book/move', { from, to }));
    process.stderr.write('\n');
    return result;
  },
  backup: (args) => withBook(args, need(args, '--db'), { writes: true }, (call) => call('book/backup', { out: resolve(need(args, '--out')) })),
  restore: (args) => withBook(args, need(args, '--db'), { writes: true, closed: true }, (call) => call('book/restore', { from: resolve(need(args, '--from')) })),
  document: async (args) => {
    const file = need(args, '--db');
    const type = need(args, '--type');
    const id = need(args, '--id');
    const out = need(args, '--out');
    const lang = docLang(args);
    const types: readonly string[] = [...LOAN_DOCUMENT_TYPES, 'receipt', ...NOTICE_KINDS];
    if (!types.includes(type)) throw new SuanpanError('VALIDATION', 'validation.oneOf', { field: '--type', value: type, options: types.join(' | ') });
    if (existsSync(out)) throw new SuanpanError('CONFLICT', 'cli.outExists', { file: out });
    return withBook(args, file, { writes: true }, async (call) => {
      // Recorded as issued (by the command line), then written out whole or not at all.
      const issued = (LOAN_DOCUMENT_TYPES as readonly string[]).includes(type)
        ? await call('documents/issue', { type: type as LoanDocumentType, id, lang })
        : type === 'receipt'
          ? await call('documents/receipt', { transactionId: id, lang })
          : await call('documents/notice', { loanId: id, type: type as NoticeKind, lang });
      const bytes = Buffer.from(issued.contentBase64, 'base64');
      writeWhole(out, bytes);
      return { out, type, lang, number: issued.number, contentHash: issued.contentHash, sha256: issued.sha256, bytes: bytes.length, reused: issued.reused };
    });
  },
  notices: async (args) => {
    const file = need(args, '--db');
    const out = need(args, '--out');
    const minText = need(args, '--min-dpd');
    const minDaysPastDue = Number(minText);
    if (!/^\d+$/.test(minText) || minDaysPastDue < 1 || minDaysPastDue > 3650) throw new SuanpanError('VALIDATION', 'validation.integer', { field: '--min-dpd', min: 1, max: 3650 });
    const kind = flagValue(args, '--type') ?? 'notice';
    if (!(NOTICE_KINDS as readonly string[]).includes(kind)) throw new SuanpanError('VALIDATION', 'validation.oneOf', { field: '--type', value: kind, options: NOTICE_KINDS.join(' | ') });
    const lang = docLang(args);
    if (existsSync(out)) throw new SuanpanError('CONFLICT', 'cli.outExists', { file: out });
    return withBook(args, file, { writes: true, progress: (e) => `notices: ${e.done}/${e.total}` }, async (call) => {
      const { businessDate } = await call('system/info', {});
      const started = performance.now();
      const task = `notices-${process.pid}`;
      // Progress on stderr; Ctrl-C cancels the batch and records nothing.
      const interrupt = (): void => void call('notices/cancel', { task });
      process.once('SIGINT', interrupt);
      let batch;
      try {
        batch = await call('notices/batch', { minDaysPastDue, type: kind as NoticeKind, lang, task });
      } finally {
        process.removeListener('SIGINT', interrupt);
        process.stderr.write('\n');
      }
      if (!batch.documentId || !('threshold' in batch)) return { out: null, businessDate, minDaysPastDue, count: 0, pages: 0 };
      const bytes = Buffer.from((await call('documents/content', { id: batch.documentId })).contentBase64, 'base64');
      writeWhole(out, bytes);
      return {
        out, businessDate, minDaysPastDue, threshold: batch.threshold, type: kind, lang, number: batch.number, count: batch.count, pages: batch.pages,
        bytes: bytes.length, sha256: batch.sha256, contentHash: batch.contentHash, reused: batch.reused, seconds: Math.round(performance.now() - started) / 1000,
      };
    });
  },
  eod: async (args) => {
    const file = need(args, '--db');
    const to = flagValue(args, '--to');
    if (to !== undefined && !isIsoDate(to)) throw new SuanpanError('VALIDATION', 'validation.date', { field: '--to', value: to });
    return withBook(args, file, { writes: true, progress: (e) => `eod ${(e.label ?? '').padEnd(28)} ${e.done}/${e.total}` }, async (call) => {
      // Each day is one transaction: stopping here (Ctrl-C) keeps the days already closed, and the
      // day in progress is closed again next time.
      const { days } = await call('eod/run', to === undefined ? {} : { to });
      process.stderr.write('\n');
      const last = days.at(-1);
      return {
        // Where the book is, never the password a URL may carry.
        file: isOfficeUrl(file) ? officeWhere(file) : file,
        closed: days.filter((d) => !d.alreadyClosed).map((d) => d.businessDate),
        businessDate: (await call('system/info', {})).businessDate,
        loans: last?.loans ?? 0,
        newlyOverdue: days.reduce((a, d) => a + d.newlyOverdue, 0),
        casesOpened: days.reduce((a, d) => a + d.casesOpened, 0),
        byBucket: last?.byBucket ?? {},
        byCategory: last?.byCategory ?? {},
        provisions: last?.provisions ?? null,
        days,
      };
    });
  },
  repay: async (args) => {
    const file = need(args, '--db');
    const from = flagValue(args, '--file');
    const businessDate = flagValue(args, '--business-date');
    if (businessDate !== undefined && !isIsoDate(businessDate)) throw new SuanpanError('VALIDATION', 'validation.date', { field: '--business-date', value: businessDate });
    const csv = from ? readFileSync(from, 'utf8') : await readStdin();
    return withBook(args, file, { writes: true }, async (call) => {
      const run = await call('loans/postStatement', businessDate === undefined ? { csv } : { csv, businessDate });
      process.stderr.write(`repay: ${run.posted.length} posted, ${run.rejected.length} rejected of ${run.rows}\n`);
      return run;
    });
  },
};

/** Every command that opens a book (the quote commands read none). */
export const BOOK_COMMAND_NAMES: readonly string[] = [...Object.keys(BOOK_COMMANDS), 'score'];

export async function main(args: string[], read: () => Promise<string> = readStdin): Promise<number> {
  const lang = langFrom(args, process.env);
  const fail = (error: SuanpanError): number => {
    process.stderr.write(`suanpan: ${error.code}: ${error.toJSON(lang).message}\n`);
    return EXIT[error.code] ?? 1;
  };
  const failWith = (e: unknown): number => {
    if (e instanceof CallFailed) {
      process.stderr.write(`suanpan: ${e.body.code}: ${e.body.message}\n`);
      return EXIT[e.body.code] ?? 1;
    }
    if (e instanceof SuanpanError) return fail(e);
    return fail(new SuanpanError('INTERNAL', 'internal', { reason: e instanceof Error ? e.message : String(e) }));
  };
  const name = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const bookCommand = name && Object.prototype.hasOwnProperty.call(BOOK_COMMANDS, name) ? BOOK_COMMANDS[name] : undefined;
  if (bookCommand) {
    try {
      const result = await bookCommand(args);
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      // A statement with rows rejected exits 2 (as `score` does), so a script notices; the rest were posted.
      return name === 'repay' && (result as StatementResult).rejected.length > 0 ? 2 : 0;
    } catch (e) {
      return failWith(e);
    }
  }
  if (name === 'score') {
    try {
      const modelFile = flagValue(args, '--scorecard');
      const businessDate = flagValue(args, '--business-date');
      const input = { jsonl: await read(), ...(modelFile ? { scorecard: readJson(modelFile) } : {}), ...(businessDate ? { businessDate } : {}) };
      const run = await withBook(args, need(args, '--db'), { writes: false }, (call) => call('applications/score', input));
      for (const line of run.results) process.stdout.write(`${line}\n`);
      process.stderr.write(`score: ${run.scored} scored, ${run.rejected} rejected of ${run.lines}\n`);
      return run.rejected ? 2 : 0;
    } catch (e) {
      return failWith(e);
    }
  }
  if (!name || name === 'help' || args.includes('--help')) {
    process.stderr.write(`${translate('cli.usage', {}, lang)}\n`);
    return name ? 0 : 2;
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    return fail(new SuanpanError('VALIDATION', 'cli.unknownCommand', { command: name, commands: Object.keys(COMMANDS).join(', ') }));
  }
  try {
    const text = await read();
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch (e) {
      return fail(new SuanpanError('VALIDATION', 'validation.json', { reason: (e as Error).message }));
    }
    const response = await callApi(command, input, {
      lang,
      permissions: DESK_PERMISSIONS,
      now: () => new Date(),
      emit: (event) => process.stderr.write(`${event.task}: ${event.done}/${event.total}\n`),
    });
    if (!response.ok) {
      process.stderr.write(`suanpan: ${response.error.code}: ${response.error.message}\n`);
      return EXIT[response.error.code] ?? 1;
    }
    process.stdout.write(`${JSON.stringify(response.result, null, 2)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof SuanpanError) return fail(e);
    return fail(new SuanpanError('INTERNAL', 'internal', { reason: e instanceof Error ? e.message : String(e) }));
  }
}
