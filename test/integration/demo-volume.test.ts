// The full demo: months of generated dossiers behind the nine hand-written ones, created through the use cases on a
// moving clock, on the engine MOTCUA_TEST_DB names. A smaller count than the command line's keeps it quick; the
// templates of current dossiers all fit in it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDossier, userActor, verifyProjections } from '../../src/app/dossiers/index.js';
import { DEMO_FULL_VOLUME } from '../../src/seed/demo-volume.js';
import { demoVolumeFromEnv, seedDemo } from '../../src/seed/seed.js';
import { createTestDb, engine, type TestDb } from '../support/db.js';
import { DOSSIER_STATUSES } from '../../src/domain/dossier/index.js';

const COUNT = 100;
const uploads = mkdtempSync(join(tmpdir(), 'motcua-demo-volume-'));
let t: TestDb;
let seeded: { units: number; users: number; dossiers: number };

const rows = async <R>(db: TestDb, query: string) => (await sql.raw<R>(query).execute(db.ctx.db)).rows;
const countWhere = async (where: string) => (await rows<{ n: number }>(t, `SELECT count(*)::int AS n FROM dossier_projection WHERE ${where}`))[0]!.n;

/** What two seeds must agree on: every dossier's code, procedure, state and actions. */
async function fingerprint(db: TestDb) {
  return rows<{ code: string | null; procedure_code: string; status: string; version: number; actions: string }>(
    db,
    `SELECT p.dossier_code AS code, p.procedure_code, p.status, p.version,
            (SELECT string_agg(a.type || '@' || to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') || '#' || coalesce(a.actor_user_id::text, '-'), ' ' ORDER BY a.seq)
               FROM dossier_actions a WHERE a.dossier_id = p.dossier_id) AS actions
       FROM dossier_projection p ORDER BY p.dossier_id`,
  );
}

beforeAll(async () => {
  t = await createTestDb({ uploadDir: join(uploads, 'a') });
  seeded = await seedDemo(t.ctx, { volume: COUNT });
});
afterAll(async () => {
  await t?.drop();
  rmSync(uploads, { recursive: true, force: true });
});

describe(`the full demo volume on ${engine}`, () => {
  it('creates the nine hand-written dossiers first, then the generated ones, and stored rows equal a fresh derivation', async () => {
    expect(seeded.dossiers).toBe(9 + COUNT);
    const [counted] = await rows<{ n: number; drafts: number }>(t, 'SELECT count(*) FILTER (WHERE version > 0)::int AS n, count(*) FILTER (WHERE version = 0)::int AS drafts FROM dossiers');
    expect(counted).toEqual({ n: 9 + COUNT, drafts: 0 });
    const first = await rows<{ idempotency_key: string }>(t, 'SELECT idempotency_key FROM dossiers ORDER BY id LIMIT 9');
    expect(first.map((r) => r.idempotency_key)).toEqual(Array.from({ length: 9 }, (_, i) => `demo-${i + 1}`));
    expect(await verifyProjections(t.ctx)).toEqual({ checked: 9 + COUNT, mismatches: [] });
  });

  it('keeps the nine hand-written dossiers exactly as the small demo has them', async () => {
    const small = await createTestDb({ uploadDir: join(uploads, 'small') });
    try {
      await seedDemo(small.ctx);
      const few = await fingerprint(small);
      expect(few).toHaveLength(9);
      expect((await fingerprint(t)).slice(0, 9)).toEqual(few);
    } finally {
      await small.drop();
    }
  }, 120_000);

  it('spreads receptions over the last four months, every action before the end of the seed', async () => {
    const end = t.clock.now.getTime();
    const [span] = await rows<{ first: Date; last: Date; latest: Date }>(
      t,
      `SELECT min(received_at) AS first, max(received_at) AS last, (SELECT max(at) FROM dossier_actions) AS latest FROM dossier_projection`,
    );
    expect(end - span!.first.getTime()).toBeGreaterThan(100 * 24 * 3600_000);
    expect(end - span!.first.getTime()).toBeLessThan(125 * 24 * 3600_000);
    expect(span!.latest.getTime()).toBeLessThanOrEqual(end);
    // Receptions happen in every month of the window, not in a clump.
    const months = await rows<{ m: string }>(t, `SELECT DISTINCT to_char(received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM') AS m FROM dossier_projection WHERE received_at IS NOT NULL`);
    expect(months.length).toBeGreaterThanOrEqual(4);
    // Across the centre, the departments and every commune.
    const receiving = await rows<{ code: string }>(t, `SELECT DISTINCT u.code FROM dossier_projection p JOIN units u ON u.id = p.receiving_unit_id`);
    for (const code of ['000.00.31.H99', '000.00.41.H99', '000.00.42.H99', '000.00.43.H99', '000.00.44.H99', '000.00.45.H99', '000.00.46.H99'])
      expect(receiving.map((r) => r.code), code).toContain(code);
    const competent = await rows<{ code: string }>(t, `SELECT DISTINCT u.code FROM dossier_projection p JOIN units u ON u.id = p.competent_unit_id`);
    for (const code of ['000.00.05.H99', '000.00.06.H99', '000.00.09.H99']) expect(competent.map((r) => r.code), code).toContain(code);
  });

  it('has dossiers in every state, national status and channel', async () => {
    const byStatus = new Map((await rows<{ status: string; n: number }>(t, 'SELECT status, count(*)::int AS n FROM dossier_projection GROUP BY status')).map((r) => [r.status, r.n]));
    for (const s of DOSSIER_STATUSES.filter((x) => x !== 'draft'))
      expect(byStatus.get(s) ?? 0, s).toBeGreaterThanOrEqual(1);
    // Most of four months' work is done and handed over.
    expect(byStatus.get('returned')!).toBeGreaterThan((9 + COUNT) / 2);
    const national = (await rows<{ s: number }>(t, 'SELECT DISTINCT national_status AS s FROM dossier_projection ORDER BY 1')).map((r) => r.s);
    expect(national).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const channels = (await rows<{ c: string }>(t, 'SELECT DISTINCT channel AS c FROM dossiers ORDER BY 1')).map((r) => r.c);
    expect(channels).toEqual(['counter', 'online', 'postal']);
  });

  it('has early, on-time and late results, late ones with and without an apology, and current ones late or due soon', async () => {
    expect(await countWhere(`phase = 'returned' AND outcome = 'early'`)).toBeGreaterThanOrEqual(5);
    expect(await countWhere(`phase = 'returned' AND outcome = 'on_time'`)).toBeGreaterThanOrEqual(5);
    expect(await countWhere(`result = 'granted' AND outcome = 'late' AND NOT apologised AND late_without_apology`)).toBeGreaterThanOrEqual(1);
    // An apology kept the new appointment: on time for the applicant, late against the legal limit.
    expect(await countWhere(`result = 'granted' AND apologised AND outcome IN ('early', 'on_time') AND outcome_against_original = 'late'`)).toBeGreaterThanOrEqual(1);
    expect(await countWhere(`phase = 'processing' AND apologised`)).toBeGreaterThanOrEqual(1);
    expect(await countWhere(`phase = 'processing' AND late AND late_without_apology`)).toBeGreaterThanOrEqual(1);
    expect(await countWhere(`phase = 'processing' AND late AND apologised`)).toBeGreaterThanOrEqual(1);
    // A late apology (after the due instant): recorded late, the breach stays, the inbox reads "apologised late".
    expect(await countWhere(`late AND apology_late AND late_apologised_late AND NOT late_without_apology`)).toBeGreaterThanOrEqual(1);
    expect(await countWhere(`phase = 'processing' AND due_within_one_working_day`)).toBeGreaterThanOrEqual(1);
    expect(await countWhere(`supplement_request_count > 0 AND phase = 'returned'`)).toBeGreaterThanOrEqual(1);
    expect(await countWhere(`result = 'refused' AND phase = 'returned'`)).toBeGreaterThanOrEqual(1);
    // Every apology, on time or late, is issued by a leader of the late unit.
    const apologies = await rows<{ ok: boolean }>(
      t,
      `SELECT bool_and(EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = a.actor_user_id AND m.role = 'leader' AND m.unit_id = (a.payload->>'lateUnitId')::bigint)) AS ok
         FROM dossier_actions a WHERE a.type = 'apologise'`,
    );
    expect(apologies[0]!.ok).toBe(true);
  });

  it('has consultations waiting for an answer and inter-agency work with the participants’ results', async () => {
    expect(await countWhere(`open_consultations > 0 AND cardinality(pending_unit_ids) > 0`)).toBeGreaterThanOrEqual(1);
    expect(await countWhere(`status = 'consulting'`)).toBeGreaterThanOrEqual(1);
    const inter = await rows<{ dossier_id: number }>(t, `SELECT dossier_id FROM dossier_projection WHERE procedure_code = '1.013823' AND phase = 'processing' ORDER BY dossier_id LIMIT 1`);
    expect(inter).toHaveLength(1);
    const v = await getDossier(t.ctx, await userActor(t.ctx, 'theodoi'), Number(inter[0]!.dossier_id));
    expect(v.state.participants).toHaveLength(2);
    const done = v.state.participants.filter((p) => p.state === 'done');
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(done.every((p) => p.result === 'completed' || p.result === 'declined')).toBe(true);
    expect(v.state.participants.some((p) => p.state === 'in_progress')).toBe(true);
  });

  it('has every action taken by someone who holds that role at that unit, and online dossiers by their applicants', async () => {
    const wrong = await rows<{ seq: number; type: string }>(
      t,
      `SELECT a.seq, a.type FROM dossier_actions a
        WHERE a.actor_user_id IS NOT NULL AND NOT ('applicant' = ANY (a.actor_roles))
          AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = a.actor_user_id AND m.unit_id = a.unit_id AND m.role = ANY (a.actor_roles))`,
    );
    expect(wrong).toEqual([]);
    const online = await rows<{ username: string; n: number }>(
      t,
      `SELECT u.username, count(*)::int AS n FROM dossier_actions a JOIN users u ON u.id = a.actor_user_id WHERE a.type = 'submit_online' GROUP BY 1 ORDER BY 1`,
    );
    expect(online.map((r) => r.username)).toEqual(['congdan', 'doanhnghiep']);
    // Generated applicants leave no phone number or e-mail address, so no message goes to a real person.
    const contacts = await rows<{ n: number }>(t, `SELECT count(*)::int AS n FROM dossiers WHERE idempotency_key LIKE 'demo-volume-%' AND (applicant->>'phone' IS NOT NULL OR applicant->>'email' IS NOT NULL)`);
    expect(contacts[0]!.n).toBe(0);
  });

  it('gives the same dossiers, codes and actions for the same seed and clock', async () => {
    const again = await createTestDb({ uploadDir: join(uploads, 'b') });
    try {
      await seedDemo(again.ctx, { volume: COUNT });
      const a = await fingerprint(t);
      const b = await fingerprint(again);
      expect(b).toHaveLength(9 + COUNT);
      expect(b).toEqual(a);
      expect(new Set(a.map((r) => r.code).filter((c) => c !== null)).size).toBe(a.filter((r) => r.code !== null).length);
    } finally {
      await again.drop();
    }
  }, 240_000);

  it('reads the volume of the command line from MOTCUA_DEMO_DOSSIERS', () => {
    expect(DEMO_FULL_VOLUME).toBeGreaterThanOrEqual(200);
    expect(demoVolumeFromEnv({})).toBe('full');
    expect(demoVolumeFromEnv({ MOTCUA_DEMO_DOSSIERS: '0' })).toBe(0);
    expect(demoVolumeFromEnv({ MOTCUA_DEMO_DOSSIERS: ' 40 ' })).toBe(40);
    expect(() => demoVolumeFromEnv({ MOTCUA_DEMO_DOSSIERS: 'many' })).toThrow(/Invalid configuration[\s\S]*MOTCUA_DEMO_DOSSIERS/);
    expect(() => demoVolumeFromEnv({ MOTCUA_DEMO_DOSSIERS: '-3' })).toThrow(/MOTCUA_DEMO_DOSSIERS/);
    expect(() => demoVolumeFromEnv({ MOTCUA_DEMO_DOSSIERS: '1000000' })).toThrow(/MOTCUA_DEMO_DOSSIERS/);
  });
});
