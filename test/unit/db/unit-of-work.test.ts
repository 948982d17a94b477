/**
 * The unit of work on a real book file: all of a call's writes commit together or none do; a
 * second call waits for the first to commit rather than reading what it has not committed; code
 * inside a unit of work that queries the book around its transaction is stopped, not left hanging;
 * and the query builder reads money as exact bigints, as the repositories do.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { kyselyOf, openUnitOfWork, unitOfWork } from '../../../src/db/kysely';
import { SuanpanError } from '../../../src/errors';
import { freshBook, type Book } from '../../helpers/book';

let book: Book;
afterEach(() => book?.close());

const settingCount = (b: Book): number => (b.db.prepare("SELECT count(*) AS n FROM settings WHERE key LIKE 'uow.%'").get() as { n: number }).n;

const addSetting = (q: ReturnType<typeof kyselyOf>, key: string) =>
  q.insertInto('settings').values({ key, value: '1', updated_at: '2025-06-01T09:00:00Z' }).execute();

describe('the unit of work', () => {
  it('commits everything it wrote, through the builder and through prepared statements alike', async () => {
    book = await freshBook();
    await unitOfWork(book.db, async (tx) => {
      await addSetting(tx, 'uow.a');
      book.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('uow.b', '1', '2025-06-01T09:00:00Z')").run();
    });
    expect(settingCount(book)).toBe(2);
  });

  it('leaves nothing behind when the work fails halfway', async () => {
    book = await freshBook();
    const failed = unitOfWork(book.db, async (tx) => {
      await addSetting(tx, 'uow.a');
      book.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('uow.b', '1', '2025-06-01T09:00:00Z')").run();
      throw new SuanpanError('RULE', 'internal');
    });
    await expect(failed).rejects.toMatchObject({ code: 'RULE' });
    expect(settingCount(book)).toBe(0);
  });

  it('joins the unit of work already open instead of starting a second', async () => {
    book = await freshBook();
    const failed = unitOfWork(book.db, async (outer) => {
      await unitOfWork(book.db, async (inner) => {
        expect(inner).toBe(outer);
        await addSetting(inner, 'uow.inner');
      });
      expect(openUnitOfWork(book.db)).toBe(outer);
      throw new SuanpanError('RULE', 'internal');
    });
    await expect(failed).rejects.toMatchObject({ code: 'RULE' });
    // The inner work was part of the outer one, so it went with it.
    expect(settingCount(book)).toBe(0);
    expect(openUnitOfWork(book.db)).toBeUndefined();
  });

  it('makes another reader wait until the work commits, then shows all of it', async () => {
    book = await freshBook();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let wrote!: () => void;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const work = unitOfWork(book.db, async (tx) => {
      await addSetting(tx, 'uow.a');
      wrote();
      await gate; // the call is still working (rendering a document, say)
      await addSetting(tx, 'uow.b');
    });
    await written;
    let seen: string[] | undefined;
    const reader = kyselyOf(book.db)
      .selectFrom('settings')
      .select('key')
      .where('key', 'like', 'uow.%')
      .execute()
      .then((rows) => (seen = rows.map((r) => r.key)));
    // Let every pending callback run: the reader is still waiting for the connection.
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toBeUndefined();
    open();
    await work;
    await reader;
    expect(seen?.sort()).toEqual(['uow.a', 'uow.b']);
  });

  it('stops a query made on the book around the open transaction, naming the fault', async () => {
    book = await freshBook();
    const wrong = unitOfWork(book.db, async () => {
      await kyselyOf(book.db).selectFrom('settings').select('key').execute();
    });
    await expect(wrong).rejects.toMatchObject({ code: 'INTERNAL', key: 'db.outsideUnitOfWork' });
    // The book is usable afterwards.
    await unitOfWork(book.db, (tx) => addSetting(tx, 'uow.after'));
    expect(settingCount(book)).toBe(1);
  });

  it('reads money through the builder as exact bigint, other integers as numbers', async () => {
    book = await freshBook();
    // 2^53 + 1 fen: the first whole number a float cannot hold.
    const big = 9_007_199_254_740_993n;
    const row = await kyselyOf(book.db)
      .selectNoFrom((eb) => [eb.val(big).as('amount'), eb.val(12).as('term')])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ amount: big, term: 12 });
  });
});
