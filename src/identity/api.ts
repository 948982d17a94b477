import { z } from 'zod';
import { method, requireBook, requireDeskBook, storeScope } from '../api/define';
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
      const { ids } = requireBook(ctx);
      // The demo book is bulk-loaded into a desk's file: asked on an office book, refused before anything is written.
      const demoInto = input.book === 'demo' ? requireDeskBook(ctx).db : undefined;
      if (!ctx.write) throw new SuanpanError('CONFLICT', 'book.notOpen');
      const { id } = await ctx.write(async (tx) => {
        const created = await setUpFirstAdmin(identityStore(tx), ids, ctx.now(), input);
        // Even an empty book starts with the standard products, so the first application can be taken.
        await insertStandardProducts(applicationStore(tx), ctx.now().toISOString());
        ctx.audit?.({ entityType: 'user', entityId: created.id, as: { userId: created.id, username: input.username }, summary: `first administrator ${input.username} created` });
        return created;
      });
      const as = { userId: id, username: input.username };
      if (demoInto) {
        ctx.writable?.();
        const summary = buildDemoBook(demoInto, { loans: DEMO_FIRST_RUN_LOANS, seed: 2025, businessDate: (await identityStore(storeScope(ctx)).businessDate()) ?? isoDay(ctx.now()), staff: true });
        await recorderOf(ctx)({ entityType: 'book', as, summary: `demo book: ${summary.loans} loans, ${summary.customers} customers` }, () => {});
      }
      return { id, demoStaff: input.book === 'demo' ? DEMO_STAFF.map((s) => ({ username: s.username, role: s.role })) : [] };
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
      return signIn(book, ids, ctx.now(), input.username.trim(), input.password, recorderOf(ctx));
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
