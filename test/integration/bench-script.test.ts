// `npm run bench` walks dossiers through the same use cases as the desk and the specialists; when a rule changes
// (the process-compliance rules did), its script must still be a valid journey, or the benchmark stops half-way.
// This runs the sequential benchmark's script at a tiny size on the test database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchDossierSequential } from '../../bench/dossiers.js';
import { seedDemo } from '../../src/seed/seed.js';
import { createTestDb, engine, type TestDb } from '../support/db.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.ctx);
});
afterAll(async () => t?.drop());

describe(`the benchmark's journeys are valid under the current rules, on ${engine}`, () => {
  it('receives two dossiers and walks each through to the returned result', async () => {
    const f = await benchDossierSequential(t.ctx, 2);
    expect(f.receive.n).toBe(2);
    expect(f.act.n).toBe(14);
    const returned = await t.ctx.db.selectFrom('dossier_projection').select('dossier_id').where('status', '=', 'returned').execute();
    // The two measured dossiers and the five of the warm-up.
    expect(returned.length).toBeGreaterThanOrEqual(7);
  });
});
