/**
 * The `suanpan` command line: each command reads one JSON request on stdin and prints one JSON result
 * on stdout. Errors print one line on stderr (in the desk's language: --lang zh-CN|en, or the
 * SUANPAN_LANG / LANG environment) and exit non-zero with nothing on stdout.
 */
import { callApi, DESK_PERMISSIONS, type MethodName } from '../api';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SuanpanError, translate, type Lang } from '../errors';
import { openBook } from '../book';
import { isIsoDate, isoDay } from '../calendar/date';
import { backupBook, restoreBook } from '../db/backup';
import { buildDemoBook, DEMO_PASSWORD } from '../demo/book';
import { identityRepo } from '../db/repos/identity';
import { scoreFile } from '../origination/batch';
import { LOAN_DOCUMENT_TYPES, prepareLoanDocument, recordDocument, type LoanDocumentType } from '../documents/service';
import { NOTICE_KINDS, prepareNotice, prepareReceipt, recordNotice, type NoticeKind } from '../documents/notices';
import { countBatch, recordNoticeBatch, startNoticeBatch } from '../documents/noticeBatch';
import { ulidSource } from '../ids';
import { postStatement, type StatementResult } from '../servicing/statement';
import { closeDay, closeDaysTo } from '../eod/close';
import type { ScorecardModel } from '../scoring/scorecard';
import { parseScorecard } from '../origination/service';

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

/** A scorecard model from a JSON file, checked as an import would check it. */
function loadModel(file: string): ScorecardModel {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SuanpanError('VALIDATION', 'scorecards.invalid', { reason: (e as Error).message });
  }
  return parseScorecard(json);
}

/** Commands over a loan book file, with flags rather than a JSON request. */
const BOOK_COMMANDS: Record<string, (args: string[]) => Promise<unknown>> = {
  demo: async (args) => {
    const file = need(args, '--db');
    const loans = Number(flagValue(args, '--loans') ?? 1000);
    const seed = Number(flagValue(args, '--seed') ?? 1);
    if (!Number.isInteger(loans) || loans < 1 || loans > 5_000_000) throw new SuanpanError('VALIDATION', 'validation.integer', { field: '--loans', min: 1, max: 5_000_000 });
    if (!Number.isInteger(seed)) throw new SuanpanError('VALIDATION', 'validation.integer', { field: '--seed', min: 0, max: 2 ** 31 });
    const businessDate = flagValue(args, '--business-date') ?? isoDay(new Date());
    if (existsSync(file)) throw new SuanpanError('CONFLICT', 'cli.fileExists', { file });
    const db = openBook(file, { now: () => new Date(`${businessDate}T09:00:00`) });
    try {
      const started = performance.now();
      const summary = buildDemoBook(db, {
        loans,
        seed,
        businessDate,
        staff: true,
        onProgress: (done, total) => process.stderr.write(`\rdemo: ${done}/${total} loans`),
      });
      process.stderr.write('\n');
      return { file, businessDate, seconds: Math.round(performance.now() - started) / 1000, ...summary, staffPassword: DEMO_PASSWORD };
    } finally {
      db.close();
    }
  },
  backup: async (args) => {
    const file = need(args, '--db');
    const out = need(args, '--out');
    const db = openBook(file, { create: false });
    try {
      await backupBook(db, out);
    } finally {
      db.close();
    }
    return { backup: out };
  },
  document: async (args) => {
    const file = need(args, '--db');
    const type = need(args, '--type');
    const id = need(args, '--id');
    const out = need(args, '--out');
    const lang = docLang(args);
    const types: readonly string[] = [...LOAN_DOCUMENT_TYPES, 'receipt', ...NOTICE_KINDS];
    if (!types.includes(type)) throw new SuanpanError('VALIDATION', 'validation.oneOf', { field: '--type', value: type, options: types.join(' | ') });
    if (existsSync(out)) throw new SuanpanError('CONFLICT', 'cli.outExists', { file: out });
    const db = openBook(file, { create: false });
    try {
      const businessDate = identityRepo(db).businessDate() ?? isoDay(new Date());
      const ids = ulidSource();
      const now = new Date();
      // Recorded as issued (by the command line: no user), then written out whole or not at all.
      let issued: { number: string; contentHash: string; sha256: string; reused: boolean };
      let bytes: Buffer;
      if ((LOAN_DOCUMENT_TYPES as readonly string[]).includes(type)) {
        const prepared = await prepareLoanDocument(db, type as LoanDocumentType, id, lang, businessDate);
        bytes = prepared.bytes;
        issued = db.transaction(() => {
          const r = recordDocument(db, ids, now, dirname(file), prepared, null);
          identityRepo(db).insertAudit(now.toISOString(), businessDate, null, 'cli/document', prepared.owner.type, prepared.owner.id, `${type} ${r.number} (${lang}) ${r.reused ? 'reprinted' : 'issued'}, check code ${r.contentHash}`);
          return r;
        })();
      } else {
        const prepared = type === 'receipt' ? await prepareReceipt(db, id, lang) : await prepareNotice(db, id, type as NoticeKind, lang, businessDate);
        bytes = prepared.bytes;
        issued = db.transaction(() => {
          const r = recordNotice(db, ids, now, dirname(file), prepared, null);
          identityRepo(db).insertAudit(now.toISOString(), businessDate, null, 'cli/document', prepared.owner.type, prepared.owner.id, `${type} ${r.number} (${lang}) ${r.reused ? 'reprinted' : 'issued'}, check code ${r.contentHash}`);
          return r;
        })();
      }
      writeWhole(out, bytes);
      return { out, type, lang, number: issued.number, contentHash: issued.contentHash, sha256: issued.sha256, bytes: bytes.length, reused: issued.reused };
    } finally {
      db.close();
    }
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
    const db = openBook(file, { create: false });
    try {
      const businessDate = identityRepo(db).businessDate() ?? isoDay(new Date());
      const options = { businessDate, minDaysPastDue, kind: kind as NoticeKind, lang };
      const started = performance.now();
      const total = countBatch(db, options);
      if (total === 0) return { out: null, businessDate, minDaysPastDue, count: 0, pages: 0 };
      // Progress on stderr; Ctrl-C cancels the batch and records nothing.
      const run = startNoticeBatch(file, options, (done, all) => process.stderr.write(`\rnotices: ${done}/${all}`));
      const interrupt = (): void => run.cancel();
      process.once('SIGINT', interrupt);
      let batch;
      try {
        batch = await run.done;
      } finally {
        process.removeListener('SIGINT', interrupt);
        process.stderr.write('\n');
      }
      if (!batch) throw new SuanpanError('CONFLICT', 'notices.cancelled');
      const rendered = batch;
      const now = new Date();
      const issued = db.transaction(() => {
        const r = recordNoticeBatch(db, ulidSource(), now, dirname(file), rendered, null);
        identityRepo(db).insertAudit(now.toISOString(), businessDate, null, 'cli/notices', 'batch', r.number, `${kind} batch ${r.number} (${lang}) ${r.reused ? 'reprinted' : 'issued'}: ${r.count} letters, ${r.pages} pages`);
        return r;
      })();
      writeWhole(out, rendered.bytes);
      return {
        out, businessDate, minDaysPastDue, threshold: rendered.threshold, type: kind, lang, number: issued.number, count: issued.count, pages: issued.pages,
        bytes: rendered.bytes.length, sha256: issued.sha256, contentHash: issued.contentHash, reused: issued.reused, seconds: Math.round(performance.now() - started) / 1000,
      };
    } finally {
      db.close();
    }
  },
  eod: async (args) => {
    const file = need(args, '--db');
    const to = flagValue(args, '--to');
    if (to !== undefined && !isIsoDate(to)) throw new SuanpanError('VALIDATION', 'validation.date', { field: '--to', value: to });
    const db = openBook(file, { create: false });
    try {
      const today = identityRepo(db).businessDate() as string;
      if (to !== undefined && to <= today) throw new SuanpanError('VALIDATION', 'eod.toInPast', { field: '--to', to, date: today });
      const progress = (done: number, total: number, label: string): void => void process.stderr.write(`\reod ${label.padEnd(28)} ${done}/${total}`);
      // Each day is one transaction: stopping here (Ctrl-C) keeps the days already closed, and the
      // day in progress is closed again next time.
      const days = to === undefined ? [closeDay(db, () => new Date(), progress)] : closeDaysTo(db, to, () => new Date(), progress);
      process.stderr.write('\n');
      const last = days.at(-1);
      return {
        file,
        closed: days.filter((d) => !d.alreadyClosed).map((d) => d.businessDate),
        businessDate: identityRepo(db).businessDate(),
        loans: last?.loans ?? 0,
        newlyOverdue: days.reduce((a, d) => a + d.newlyOverdue, 0),
        casesOpened: days.reduce((a, d) => a + d.casesOpened, 0),
        byBucket: last?.byBucket ?? {},
        byCategory: last?.byCategory ?? {},
        provisions: last?.provisions ?? null,
        days,
      };
    } finally {
      db.close();
    }
  },
  repay: async (args) => {
    const file = need(args, '--db');
    const from = flagValue(args, '--file');
    const db = openBook(file, { create: false });
    try {
      const businessDate = flagValue(args, '--business-date') ?? identityRepo(db).businessDate() ?? isoDay(new Date());
      if (!isIsoDate(businessDate)) throw new SuanpanError('VALIDATION', 'validation.date', { field: '--business-date', value: businessDate });
      const text = from ? readFileSync(from, 'utf8') : await readStdin();
      const run = postStatement(db, ulidSource(), () => new Date(), businessDate, text, langFrom(args, process.env));
      process.stderr.write(`repay: ${run.posted.length} posted, ${run.rejected.length} rejected of ${run.rows}\n`);
      return run;
    } finally {
      db.close();
    }
  },
  restore: async (args) => {
    const file = need(args, '--db');
    const from = need(args, '--from');
    restoreBook(file, from);
    openBook(file, { create: false }).close();
    return { restored: file, from };
  },
};

export async function main(args: string[], read: () => Promise<string> = readStdin): Promise<number> {
  const lang = langFrom(args, process.env);
  const fail = (error: SuanpanError): number => {
    process.stderr.write(`suanpan: ${error.code}: ${error.toJSON(lang).message}\n`);
    return EXIT[error.code] ?? 1;
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
      if (e instanceof SuanpanError) return fail(e);
      return fail(new SuanpanError('INTERNAL', 'internal', { reason: e instanceof Error ? e.message : String(e) }));
    }
  }
  if (name === 'score') {
    try {
      const file = need(args, '--db');
      const db = openBook(file, { create: false });
      try {
        const modelFile = flagValue(args, '--scorecard');
        const model = modelFile ? loadModel(modelFile) : undefined;
        const businessDate = flagValue(args, '--business-date') ?? identityRepo(db).businessDate() ?? isoDay(new Date());
        const run = scoreFile(db, await read(), businessDate, lang, (line) => process.stdout.write(`${line}\n`), model);
        process.stderr.write(`score: ${run.scored} scored, ${run.rejected} rejected of ${run.lines}\n`);
        return run.rejected ? 2 : 0;
      } finally {
        db.close();
      }
    } catch (e) {
      if (e instanceof SuanpanError) return fail(e);
      return fail(new SuanpanError('INTERNAL', 'internal', { reason: e instanceof Error ? e.message : String(e) }));
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
