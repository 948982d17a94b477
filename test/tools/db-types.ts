/**
 * `npm run db:types`: rewrites src/db/schema.ts, the query builder's view of the book's tables,
 * from the migrations. Run it after adding a migration; test/unit/db/schema-types.test.ts fails
 * until you do.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../src/db/connection';
import { schemaTypes } from '../../src/db/schemaTypes';

const db = openDatabase(':memory:');
const target = fileURLToPath(new URL('../../src/db/schema.ts', import.meta.url));
writeFileSync(target, schemaTypes(db));
db.close();
process.stdout.write(`wrote ${target}\n`);
