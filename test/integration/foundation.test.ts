import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, DEMO_UNITS, DEMO_PASSWORD } from '../../src/seed/seed.js';
import { login } from '../../src/app/auth.js';
import { verifyAuditChain } from '../../src/app/audit.js';
import { migrate } from '../../src/store/migrate.js';
import { createTestDb, engine, type TestDb } from '../support/db.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.ctx);
});
afterAll(async () => t?.drop());

describe(`foundation on ${engine}`, () => {
  it('runs on the engine it says', async () => {
    const r = await t.handle.pool.query<{ v: string }>('SELECT version() AS v', []);
    console.log(`[${engine}] ${r.rows[0]!.v}`);
    expect(t.handle.engine).toBe(engine);
  });

  it('migrations are idempotent', async () => {
    expect(await migrate(t.handle.pool)).toEqual([]);
  });

  it('seeds the demo province and logs in', async () => {
    const units = await t.ctx.db.selectFrom('units').select('code').execute();
    expect(units).toHaveLength(DEMO_UNITS.length);
    const r = await login(t.ctx, { ip: '127.0.0.1', requestId: 'x', userAgent: null }, 'tiepnhan', DEMO_PASSWORD);
    expect(r.user.username).toBe('tiepnhan');
    const v = await verifyAuditChain(t.ctx);
    expect(v.ok).toBe(true);
    expect(v.entries).toBeGreaterThan(40);
  });
});
