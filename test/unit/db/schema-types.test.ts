/**
 * The query builder's table types are written from the migrations; this fails when a migration
 * was added without running `npm run db:types`, so the types can never describe another schema.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/connection';
import { schemaTypes } from '../../../src/db/schemaTypes';

describe('the book schema types', () => {
  it('match the migrated book (run `npm run db:types` after adding a migration)', () => {
    const db = openDatabase(':memory:');
    try {
      const committed = readFileSync(new URL('../../../src/db/schema.ts', import.meta.url), 'utf8');
      expect(committed).toBe(schemaTypes(db));
    } finally {
      db.close();
    }
  });

  it('type money columns as bigint, counts as numbers and optional columns as nullable', () => {
    const db = openDatabase(':memory:');
    try {
      const text = schemaTypes(db);
      const loans = /export interface LoansTable \{([^}]*)\}/.exec(text)?.[1] ?? '';
      // From 0001: principal INTEGER NOT NULL (fen), term INTEGER NOT NULL, closed_date TEXT (nullable).
      expect(loans).toMatch(/\n {2}principal: bigint;/);
      expect(loans).toMatch(/\n {2}term: number;/);
      expect(loans).toMatch(/\n {2}closed_date: string \| null;/);
    } finally {
      db.close();
    }
  });
});
