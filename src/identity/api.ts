import { z } from 'zod';
import { method, requireBook, requireDeskBook, storeScope, type ApiContext } from '../api/define';
import { throughDeskFile } from '../api/book';
import { identityStore } from '../db/repos/identity';
import { oneOf, wholeNumber } from '../validation';
import { ROLE_NAMES, ROLES } from './roles';
import { createUser, needsSetup, recorderOf, setUpFirstAdmin, signIn, signOut } from './service';
import { isoDay } from '../calendar/date';
import { SuanpanError } from '../errors';
import { buildDemoBook, DEMO_STAFF } from '../demo/book';
import { insertStandardProducts } from '../origination/products';
import { applicationStore } from '../db/repos/applications';

/** A demo book a newcomer can find their way around: a few hundred loans of every kind. */
export const DEMO_FIRST_RUN_LOANS = 400;

const username = z.string().trim().min(2).max(40).regex(/^[\p{L}\p{N}._-]+$/u);
const displayName = z.string().trim().min(1).max(60);
const password = z.string().min(1).max(200);


export const identityApi = {
  'auth/status': method({
    summary: 'Whether the book needs its first administrator, who is signed in, and what they may do (for hiding what they cannot; every call is still checked)',
    input: z.strictObject({}),
    permission: 'session.open',
    mutating: false,
    handler: async (_input, ctx) => {
      const store = identityStore(storeScope(ctx));
      return { needsSetup: await needsSetup(store), user: ctx.user ?? null, permissions: [...ctx.permissions].sort(), businessDate: await store.businessDate() };
    },
  }),
  'auth/setup': method({
    summary: 'Creates the first administrator of a new book, on an empty book or a small demo book',
    input: z.strictObject({ username, displayName, password, book: z.enum(['empty', 'demo']).optional() }),
    permission: 'session.open',
    // Two writes: the administrator (with the standard products) is committed first, then the demo
    // book is bulk-loaded and recorded.
    mutating: false,
    handler: async (input, ctx) => {
      const { book, ids } = requireBook(ctx);
      if (!ctx.write) throw new SuanpanError('CONFLICT', 'book.notOpen');
      const setUp = async (c: ApiContext): Promise<{ id: string }> => {
        if (!c.write) throw new SuanpanError('CONFLICT', 'book.notOpen');
        const created = await c.write(async (tx) => {
          const admin = await setUpFirstAdmin(identityStore(tx), ids, c.now(), input);
          // Even an empty book starts with the standard products, so the first application can be taken.
          await insertStandardProducts(applicationStore(tx), c.now().toISOString());
          c.audit?.({ entityType: 'user', entityId: admin.id, as: { userId: admin.id, username: input.username }, summary: `first administrator ${input.username} created` });
          return admin;
        });
        if (input.book === 'demo') {
          const { db } = requireDeskBook(c);
          c.writable?.();
          const summary = buildDemoBook(db, { loans: DEMO_FIRST_RUN_LOANS, seed: 2025, businessDate: (await identityStore(storeScope(c)).businessDate()) ?? isoDay(c.now()), staff: true });
          await recorderOf(c)({ entityType: 'book', as: { userId: created.id, username: input.username }, summary: `demo book: ${summary.loans} loans, ${summary.customers} customers` }, () => {});
        }
        return created;
      };
      let created: { id: string };
      if (input.book === 'demo' && !book.sqlite) {
        // The demo book is bulk-loaded into a desk's file: for the office book, the same two writes
        // are made on a file of their own, administrator included, and the file is then moved into
        // the office book whole. Nothing reaches the office book unless all of it does.
        ctx.writable?.();
        const store = identityStore(book.q);
        if (!(await needsSetup(store))) throw new SuanpanError('CONFLICT', 'auth.alreadySetUp');
        created = await throughDeskFile(book, ctx, 'auth/setup', (await store.businessDate()) ?? isoDay(ctx.now()), setUp);
      } else {
        created = await setUp(ctx);
      }
      return { id: created.id, demoStaff: input.book === 'demo' ? DEMO_STAFF.map((s) => ({ username: s.username, role: s.role })) : [] };
    },
  }),
  'auth/signIn': method({
    summary: 'Signs in with user name and password; returns a session token',
    input: z.strictObject({ username: z.string().max(40), password }),
    permission: 'session.open',
    // Writes through the call's recorder itself: a failed attempt must be kept even though the call fails.
    mutating: false,
    handler: (input, ctx) => {
      const { book, ids } = requireBook(ctx);
      return signIn(book, ids, ctx.now(), input.username.trim(), input.password, recorderOf(ctx), ctx.deskName);
    },
  }),
  'auth/signOut': method({
    summary: 'Ends the current session',
    input: z.strictObject({}),
    permission: 'session.open',
    mutating: true,
    handler: async (_input, ctx) => {
      if (!ctx.user) return { ok: true }; // nobody signed in: nothing to end
      await signOut(identityStore(storeScope(ctx)), ctx.user.sessionId, ctx.now());
      ctx.audit?.({ entityType: 'user', entityId: ctx.user.userId, summary: 'signed out' });
      return { ok: true };
    },
  }),
  'users/list': method({
    summary: 'The users of the book, a page at a time',
    input: z.strictObject({ offset: wholeNumber(0, 1_000_000).optional(), limit: wholeNumber(1, 200).optional() }),
    permission: 'users.read',
    mutating: false,
    handler: async (input, ctx) =>
      (await identityStore(storeScope(ctx)).listUsers(input.limit ?? 50, input.offset ?? 0)).map((u) => ({
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        active: u.active,
        lockedUntil: u.lockedUntil,
      })),
  }),
  'users/create': method({
    summary: 'Adds a user with a role',
    input: z.strictObject({ username, displayName, password, role: oneOf(ROLES) }),
    permission: 'users.manage',
    mutating: true,
    handler: async (input, ctx) => {
      const { ids } = requireBook(ctx);
      const { id } = await createUser(identityStore(storeScope(ctx)), ids, ctx.now(), input);
      ctx.audit?.({ entityType: 'user', entityId: id, summary: `user ${input.username} created as ${ROLE_NAMES[input.role].en}` });
      return { id };
    },
  }),
};
