// On PostgreSQL the busy paths run as named prepared statements (src/store/kysely-pool.ts): the statement is parsed
// once per connection and found again by name. PGlite has no named statements.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDossierWithActions } from '../../src/store/dossiers.js';
import { createTestDb, engine, type TestDb } from '../support/db.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.drop());

describe.skipIf(engine !== 'postgres')('named prepared statements on PostgreSQL', () => {
  it('prepares a busy statement once per connection and runs it again by name', async () => {
    const names = await t.handle.db.transaction().execute(async (trx) => {
      expect(await getDossierWithActions(trx, 1, true)).toBeUndefined();
      expect(await getDossierWithActions(trx, 2, true)).toBeUndefined();
      return (await sql<{ name: string }>`SELECT name FROM pg_prepared_statements`.execute(trx)).rows.map((r) => r.name);
    });
    expect(names.filter((n) => n.startsWith('mc_'))).toHaveLength(1);
  });
});
