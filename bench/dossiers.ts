import type { ActionType } from '../src/domain/dossier/index.js';
// Dossier benchmarks. Two parts:
//  - sequential rates on the demo province, both engines: receiveAtDesk and act() one after the other, to be read
//    next to the raw single-row INSERT rate that bench/run.ts measures on the same database in the same run;
//  - PostgreSQL only, a large data set (MOTCUA_BENCH_DOSSIERS, default 1,000,000 dossiers of about 10 actions each)
//    loaded with set-based SQL from template histories made by the real use cases, then reception, act, an inbox page
//    and public tracking timed at 50 concurrent clients.
// Run alone with `node dist/bench/dossiers.js [--quick]` after a build (BENCH_PARTS=sequential|large,
// BENCH_ENGINE=pglite|postgres, BENCH_SEQ_N, MOTCUA_BENCH_RATE; MOTCUA_BENCH_KEEP=1 keeps the large database for a look);
// bench/run.ts calls both parts. Not part of the test suite.
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import type { UserActor } from '../src/app/actor.js';
import { loadConfig } from '../src/app/config.js';
import { createContext, type AppContext } from '../src/app/context.js';
import { act, inbox, publicTracking, receiveAtDesk, userActor, type DocumentInput, type DossierView, type InboxQuery } from '../src/app/dossiers/index.js';
import { seedDemo } from '../src/seed/seed.js';
import { addWorkingMinutes } from '../src/domain/calendar/index.js';
import { openPglite, openPostgres, type DbHandle } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { calendarForUnit } from '../src/app/calendar.js';
import { verifyAuditChain } from '../src/app/audit.js';
import { sql } from 'kysely';

const percentile = (sorted: readonly number[], p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!);
const round1 = (x: number) => Math.round(x * 10) / 10;

export interface Latencies {
  n: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function summarise(samples: number[], wallMs: number): Latencies {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, perSecond: s.length / (wallMs / 1000), p50: round1(percentile(s, 50)), p95: round1(percentile(s, 95)), p99: round1(percentile(s, 99)), max: round1(s[s.length - 1] ?? NaN) };
}

/** A procedure's document checklist, all provided (what a complete counter dossier carries). */
async function completeDocuments(ctx: AppContext, code: string): Promise<DocumentInput[]> {
  const v = await ctx.db
    .selectFrom('procedures as p')
    .innerJoin('procedure_versions as v', 'v.id', 'p.current_version_id')
    .select('v.body')
    .where('p.code', '=', code)
    .executeTakeFirstOrThrow();
  return (v.body as unknown as { documents: { name: string }[] }).documents.map((d) => ({ name: d.name, provided: true }));
}

const applicant = (i: number) => ({ kind: 'citizen' as const, fullName: `Người Thử Tải ${i}`, idNumber: `0362${String(i).padStart(8, '0')}`, phone: `09${String(i).padStart(8, '0')}`, address: 'Phường Đông Thành' });

/** The seven processing actions of a standard four-step process after reception, with who takes each. */
function processScript(desk: UserActor, specialist: UserActor, leader: UserActor, opts: { supplement?: boolean; documentNumber?: string } = {}) {
  const s: { actor: UserActor; type: ActionType; payload: Record<string, unknown> }[] = [
    { actor: desk, type: 'forward', payload: { toStepIndex: 1 } },
    { actor: leader, type: 'assign', payload: { assigneeId: specialist.userId } },
  ];
  if (opts.supplement)
    s.push(
      { actor: specialist, type: 'request_supplement', payload: { items: ['Bản sao giấy tờ chứng minh có chứng thực'], reason: 'Giấy tờ nộp chưa rõ nét' } },
      { actor: desk, type: 'supplement_received', payload: { note: 'Đã nhận đủ' } },
    );
  s.push(
    { actor: specialist, type: 'forward', payload: { toStepIndex: 2 } },
    { actor: leader, type: 'approve', payload: {} },
    { actor: leader, type: 'sign', payload: { documentNumber: opts.documentNumber ?? '15/GĐK-STP' } },
    // The leader finishes at the approval step (the last processing step); the result comes back to the desk by itself.
    { actor: leader, type: 'finish', payload: {} },
    { actor: desk, type: 'return_result', payload: { method: 'counter' } },
  );
  return s;
}

export interface SequentialFigures {
  receive: Latencies;
  act: Latencies;
}

/**
 * On a migrated, seeded database: `n` receptions at the provincial centre one after the other, then every one of
 * those dossiers walked through its seven processing actions (7n actions), one after the other.
 */
export async function benchDossierSequential(ctx: AppContext, n: number): Promise<SequentialFigures> {
  const LAWYER = '1.002099';
  const docs = await completeDocuments(ctx, LAWYER);
  const desk = await userActor(ctx, 'tiepnhan');
  const specialist = await userActor(ctx, 'chuyenvien');
  const leader = await userActor(ctx, 'lanhdao');
  const tag = randomBytes(3).toString('hex');
  const receive = (i: number) => receiveAtDesk(ctx, desk, { procedureCode: LAWYER, channel: 'counter', applicant: applicant(i), documents: docs, idempotencyKey: `seq-${tag}-${i}` });
  // Warm-up: plans, caches, JIT.
  const warm: DossierView[] = [];
  for (let i = 0; i < 5; i++) warm.push((await receive(90_000_000 + i)).dossier);
  for (const d0 of warm) {
    let d = d0;
    for (const st of processScript(desk, specialist, leader)) d = await act(ctx, st.actor, d.id, { type: st.type, payload: st.payload, expectedVersion: d.version });
  }

  const received: DossierView[] = [];
  const rs: number[] = [];
  let t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    received.push((await receive(i)).dossier);
    rs.push(performance.now() - s);
  }
  const receiveFig = summarise(rs, performance.now() - t0);

  const as: number[] = [];
  t0 = performance.now();
  for (const st of processScript(desk, specialist, leader))
    for (let i = 0; i < received.length; i++) {
      const d = received[i]!;
      const s = performance.now();
      received[i] = await act(ctx, st.actor, d.id, { type: st.type, payload: st.payload, expectedVersion: d.version });
      as.push(performance.now() - s);
    }
  return { receive: receiveFig, act: summarise(as, performance.now() - t0) };
}

export async function rawInsertRate(h: DbHandle, n: number): Promise<number> {
  await h.pool.query('CREATE TABLE IF NOT EXISTS bench_raw (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text NOT NULL, at timestamptz NOT NULL)', []);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await h.pool.query('INSERT INTO bench_raw (v, at) VALUES ($1, $2)', [`row ${i}`, new Date()]);
  return n / ((performance.now() - t0) / 1000);
}

// ---------------------------------------------------------------------------------------------------------------
// The large data set (PostgreSQL)

interface Step {
  actor: string;
  type: ActionType;
  payload: Record<string, unknown>;
}

/** One history made by the real use cases, replicated by SQL over many dossiers shifted in time. */
interface Template {
  tpl: number;
  dossierId: number;
  procedureCode: string;
  competentUnitCode: string;
  deskCode: string;
  desk: string;
  documents: DocumentInput[];
  /** The steps after reception: steps[k - 1] appends action k + 1. */
  steps: Step[];
  /** Actions the template reached (1 + the steps that succeeded). */
  stages: number;
  /** The stored projection row after each number of actions (index k - 1). */
  projections: Record<string, unknown>[];
}

const VN_OFFSET_MS = 7 * 3600_000;

/** Monday 00:00 (Vietnam) of the week holding `at`. */
function mondayOf(at: Date): Date {
  const local = new Date(at.getTime() + VN_OFFSET_MS);
  const dow = (local.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - dow) - VN_OFFSET_MS);
}

/**
 * Receives and processes a few hundred dossiers through the use cases, in a week long before the data set's
 * window: every procedure of the demo catalogue that is received at the counter, at one or two of its competent units,
 * received on each weekday, four in five with a supplement cycle, at different speeds (some late).
 */
async function buildTemplates(ctx: AppContext, refMonday: Date, log: (s: string) => void): Promise<Template[]> {
  const sim = { now: refMonday };
  const c: AppContext = { ...ctx, clock: () => new Date(sim.now) };
  const procs = await ctx.db
    .selectFrom('procedures as p')
    .innerJoin('procedure_versions as v', 'v.id', 'p.current_version_id')
    .select(['p.code', 'v.body'])
    .where('p.status', 'in', ['published', 'amended'])
    .orderBy('p.code')
    .execute();
  const units = await ctx.db.selectFrom('units').select(['id', 'code']).execute();
  const unitId = new Map(units.map((u) => [u.code, u.id]));
  const unitCode = new Map(units.map((u) => [u.id, u.code]));
  const staff = await ctx.db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.username', 'm.unit_id', 'm.role'])
    .where('u.active', '=', true)
    .where('u.kind', '=', 'staff')
    .orderBy('u.id')
    .execute();
  const holder = (unit: number, role: string) => staff.find((s) => s.unit_id === unit && s.role === role)?.username;
  const actors = new Map<string, UserActor>();
  const actor = async (u: string) => actors.get(u) ?? (actors.set(u, await userActor(ctx, u)), actors.get(u)!);

  const out: Template[] = [];
  let failures = 0;
  for (const [pi, p] of procs.entries()) {
    const body = p.body as unknown as { channels: { counter?: unknown }; competentUnits: string[]; receivingUnit: string | null; documents: { name: string }[] };
    if (!body.channels?.counter || body.competentUnits.length === 0) continue;
    const documents = body.documents.map((d) => ({ name: d.name, provided: true }));
    const choices = [...new Set([body.competentUnits[pi % body.competentUnits.length]!, body.competentUnits[(pi + 3) % body.competentUnits.length]!])];
    for (const competentUnitCode of choices) {
      const deskCode = body.receivingUnit ?? competentUnitCode;
      const deskId = unitId.get(deskCode);
      const desk = deskId === undefined ? undefined : holder(deskId, 'desk');
      if (!desk) continue;
      const cal = await calendarForUnit(ctx, deskId!);
      for (let day = 0; day < 5; day++) {
        const speed = [0.4, 0.7, 1.0, 1.4, 0.8][day]!;
        const t0 = new Date(refMonday.getTime() + day * 86_400_000 + (8 * 60 + ((pi * 7) % 120)) * 60_000);
        sim.now = t0;
        let d: DossierView;
        try {
          d = (
            await receiveAtDesk(c, await actor(desk), {
              procedureCode: p.code,
              channel: 'counter',
              applicant: applicant(out.length + 1),
              documents,
              competentUnitCode,
              idempotencyKey: `template-${out.length}`,
            })
          ).dossier;
        } catch (e) {
          if (failures++ < 5) log(`template ${p.code} at ${deskCode}: ${(e as Error).message}`);
          break;
        }
        const stepUnits = (d.pinned?.steps ?? []).map((s) => s.unitId);
        const worker = stepUnits[1];
        const specialist = worker === undefined ? undefined : holder(worker, 'specialist');
        const leader = worker === undefined ? undefined : holder(worker, 'leader');
        const steps: Step[] = [];
        if (specialist && leader && stepUnits.length === 4)
          for (const st of processScript(await actor(desk), await actor(specialist), await actor(leader), { supplement: day !== 0, documentNumber: `${out.length + 1}/KQ-${unitCode.get(worker!)}` }))
            steps.push({ actor: st.actor.username, type: st.type, payload: st.payload });
        // Working minutes after reception at which each step happens: shares of the steps' allotted times.
        const allotted = (d.pinned?.steps ?? []).map((s) => s.allottedWorkingMinutes);
        const step1 = (allotted[1] ?? 480) * speed;
        const offsets: number[] = [];
        let t = Math.max(10, (allotted[0] ?? 60) * 0.5);
        for (const st of steps) {
          offsets.push(t);
          const gaps: Record<string, number> = {
            forward: st.payload.toStepIndex === 1 ? 30 : st.payload.toStepIndex === 2 ? ((allotted[2] ?? 240) * speed) / 2 : ((allotted[3] ?? 60) * 0.5),
            assign: step1 * (day !== 0 ? 0.3 : 1),
            request_supplement: 960,
            supplement_received: step1 * 0.7,
            approve: 10,
            sign: 10,
            finish: 480,
            return_result: 0,
          };
          t += gaps[st.type] ?? 0;
        }
        const projections = [await projectionOf(ctx, d.id)];
        for (const [k, st] of steps.entries()) {
          sim.now = addWorkingMinutes(t0, offsets[k]!, cal);
          try {
            d = await act(c, await actor(st.actor), d.id, { type: st.type, payload: st.payload, expectedVersion: d.version });
          } catch (e) {
            if (failures++ < 5) log(`template ${p.code} step ${st.type}: ${(e as Error).message}`);
            break;
          }
          projections.push(await projectionOf(ctx, d.id));
        }
        out.push({ tpl: out.length, dossierId: d.id, procedureCode: p.code, competentUnitCode, deskCode, desk, documents, steps, stages: projections.length, projections });
      }
    }
  }
  return out;
}

async function projectionOf(ctx: AppContext, id: number): Promise<Record<string, unknown>> {
  return (await ctx.db.selectFrom('dossier_projection').selectAll().where('dossier_id', '=', id).executeTakeFirstOrThrow()) as unknown as Record<string, unknown>;
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Thu', 'Ngọc', 'Thanh'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hùng', 'Hương', 'Khoa', 'Lan', 'Long', 'Mai', 'Nam', 'Nga', 'Phúc', 'Quân', 'Tâm', 'Trang', 'Tuấn', 'Vy', 'Yến', 'Sơn'];
const sqlArray = (xs: readonly string[]) => `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]`;

interface LoadFigures {
  dossiers: number;
  actions: number;
  templates: number;
  templateMs: number;
  loadMs: number;
  indexMs: number;
  vacuumMs: number;
  sizeBytes: number;
}

/**
 * Loads `n` dossiers with set-based SQL: a plan row per dossier (template, week of the last 52, time of day, how far
 * it got: everything whose time has come, except some left stuck on the way and so late — 10 % of the last four
 * weeks' dossiers, 2 % of the eight weeks before, 0.3 % of older ones), then dossiers,
 * actions and projection rows in three INSERT … SELECT statements with the big indexes and foreign keys dropped and
 * built again afterwards.
 */
async function loadLargeDataSet(url: string, ctx: AppContext, n: number, log: (s: string) => void): Promise<{ templates: Template[]; figures: LoadFigures }> {
  const now = new Date();
  const week = mondayOf(now);
  const refMonday = new Date(week.getTime() - 60 * 7 * 86_400_000);
  let t0 = performance.now();
  const templates = await buildTemplates(ctx, refMonday, log);
  const templateMs = performance.now() - t0;
  if (templates.length === 0) throw new Error('no template dossier could be made');
  log(`${templates.length} templates in ${(templateMs / 1000).toFixed(1)} s`);

  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const q = async (text: string, values: unknown[] = []) => c.query(text, values);
  try {
    await q(`SET maintenance_work_mem = '1GB'`);
    await q(`SET work_mem = '256MB'`);
    // The load's own commits need not wait for the disk; the measurements use other sessions with the defaults.
    await q(`SET synchronous_commit = off`);
    t0 = performance.now();
    await q(`CREATE UNLOGGED TABLE bench_tpl (tpl int PRIMARY KEY, dossier_id bigint NOT NULL, desk_code text NOT NULL, stages int NOT NULL)`);
    await q(`INSERT INTO bench_tpl SELECT (x->>'tpl')::int, (x->>'dossierId')::bigint, x->>'deskCode', (x->>'stages')::int FROM jsonb_array_elements($1::jsonb) x`, [
      JSON.stringify(templates.map((t) => ({ tpl: t.tpl, dossierId: t.dossierId, deskCode: t.deskCode, stages: t.stages }))),
    ]);
    await q(`CREATE UNLOGGED TABLE bench_tpl_proj (tpl int, stage int, proj jsonb, PRIMARY KEY (tpl, stage))`);
    await q(`INSERT INTO bench_tpl_proj SELECT (x->>'tpl')::int, (x->>'stage')::int, x->'proj' FROM jsonb_array_elements($1::jsonb) x`, [
      JSON.stringify(templates.flatMap((t) => t.projections.map((p, k) => ({ tpl: t.tpl, stage: k + 1, proj: p })))),
    ]);
    await q(`CREATE UNLOGGED TABLE bench_tpl_action AS SELECT t.tpl, a.* FROM bench_tpl t JOIN dossier_actions a ON a.dossier_id = t.dossier_id AND a.seq <= t.stages`);
    await q(`CREATE INDEX ON bench_tpl_action (tpl, seq)`);
    // Per template: when it was received, and when each action came, in seconds after that (ascending), so that
    // width_bucket counts the actions whose time has come for a shifted copy.
    await q(`ALTER TABLE bench_tpl ADD COLUMN received_at timestamptz, ADD COLUMN offsets float8[]`);
    await q(
      `UPDATE bench_tpl t SET received_at = x.received_at, offsets = x.offsets FROM (
         SELECT tpl, min(at) AS received_at, array_agg(extract(epoch FROM at - (SELECT min(at) FROM bench_tpl_action b WHERE b.tpl = a.tpl)) ORDER BY seq) AS offsets
         FROM bench_tpl_action a GROUP BY tpl) x WHERE x.tpl = t.tpl`,
    );
    await q(`ANALYZE bench_tpl; ANALYZE bench_tpl_proj; ANALYZE bench_tpl_action`);

    const base = Number((await q(`SELECT nextval(pg_get_serial_sequence('dossiers', 'id')) AS id`)).rows[0].id);
    await q(`SELECT setseed(0.42)`);
    await q(
      `CREATE UNLOGGED TABLE bench_plan AS
       WITH draw AS (
         SELECT g AS i, least(floor(power(random(), 1.3) * $2)::int, $2 - 1) AS tpl, 1 + floor(random() * 52)::int AS w,
                floor(random() * 120)::int AS jitter, random() AS r1, random() AS r2
         FROM generate_series(1, $1::int) g
       ), shifted AS (
         SELECT d.i, d.tpl, d.w, d.r1, d.r2, t.stages, t.desk_code, t.offsets, t.received_at + x.shift AS received_at, x.shift
         FROM draw d JOIN bench_tpl t ON t.tpl = d.tpl,
              LATERAL (SELECT ($3::timestamptz - d.w * interval '7 days' - $4::timestamptz) + d.jitter * interval '1 minute' AS shift) x
       ), staged AS (
         SELECT s.i, s.tpl, s.shift, r.reached,
                CASE WHEN r.reached = s.stages AND s.stages > 1 AND s.r1 < (CASE WHEN s.w <= 4 THEN 0.10 WHEN s.w <= 12 THEN 0.02 ELSE 0.003 END)
                     THEN 1 + floor(s.r2 * (s.stages - 1))::int ELSE greatest(r.reached, 1) END AS stage,
                s.desk_code || '-' || to_char(s.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYMMDD') AS day_key
         FROM shifted s, LATERAL (SELECT width_bucket(extract(epoch FROM $5::timestamptz - s.received_at)::float8, s.offsets) AS reached) r
       ), numbered AS (
         SELECT s.*, coalesce(k.last, 0) + row_number() OVER (PARTITION BY s.day_key ORDER BY s.i) AS seq
         FROM staged s LEFT JOIN dossier_code_counters k ON k.sequence_key = s.day_key
       )
       SELECT n.i, $6::bigint + n.i AS id, n.tpl, n.shift, n.stage, n.day_key, n.seq, n.day_key || '-' || lpad(n.seq::text, 4, '0') AS code,
              (${sqlArray(FAMILY)})[1 + n.i % ${FAMILY.length}] || ' ' || (${sqlArray(MIDDLE)})[1 + (n.i / ${FAMILY.length}) % ${MIDDLE.length}] || ' ' ||
                (${sqlArray(GIVEN)})[1 + (n.i / ${FAMILY.length * MIDDLE.length}) % ${GIVEN.length}] AS name,
              '09' || lpad((10000000 + n.i)::text, 8, '0') AS phone,
              '0362' || lpad(n.i::text, 8, '0') AS id_number,
              substr(md5(n.i::text || 'motcua-bench'), 1, 16) AS token
       FROM numbered n`,
      [n, templates.length, week.toISOString(), refMonday.toISOString(), now.toISOString(), base],
    );
    const maxSeq = Number((await q(`SELECT max(seq) AS m FROM bench_plan`)).rows[0].m);
    if (maxSeq > 9999) throw new Error(`a desk would receive ${maxSeq} dossiers in one day: more than the 4-digit daily sequence allows; lower MOTCUA_BENCH_DOSSIERS`);
    await q(`ANALYZE bench_plan`);
    log(`plan: ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // Foreign keys and the secondary indexes that 10 million rows would maintain one by one go, and come back built in one pass.
    const fks = (
      await q(
        `SELECT conname, conrelid::regclass::text AS tbl, pg_get_constraintdef(oid) AS def FROM pg_constraint
         WHERE contype = 'f' AND conrelid::regclass::text IN ('dossiers', 'dossier_actions', 'dossier_projection')`,
      )
    ).rows as { conname: string; tbl: string; def: string }[];
    const pk = (await q(`SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE contype = 'p' AND conrelid = 'dossier_actions'::regclass`)).rows[0] as { conname: string; def: string };
    const idx = (
      await q(
        `SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('dossier_projection') AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'dossier_projection'::regclass)`,
      )
    ).rows as { indexname: string; indexdef: string }[];
    for (const f of fks) await q(`ALTER TABLE ${f.tbl} DROP CONSTRAINT ${f.conname}`);
    await q(`ALTER TABLE dossier_actions DROP CONSTRAINT ${pk.conname}`);
    for (const i of idx) await q(`DROP INDEX ${i.indexname}`);

    t0 = performance.now();
    await q(
      `INSERT INTO dossiers (id, code, procedure_version_id, process_version_id, channel, pinned, applicant, applicant_user_id, documents, receiving_unit_id,
         competent_unit_id, tracking_token, creator_key, created_by_user_id, idempotency_key, version, created_at, updated_at)
       OVERRIDING SYSTEM VALUE
       SELECT p.id, p.code, d.procedure_version_id, d.process_version_id, d.channel, d.pinned,
              d.applicant || jsonb_build_object('fullName', p.name, 'idNumber', p.id_number, 'phone', p.phone), NULL, d.documents,
              d.receiving_unit_id, d.competent_unit_id, p.token, d.creator_key, d.created_by_user_id, 'bench-' || p.i, p.stage,
              d.created_at + p.shift, last.at + p.shift
       FROM bench_plan p JOIN bench_tpl t ON t.tpl = p.tpl JOIN dossiers d ON d.id = t.dossier_id
       JOIN bench_tpl_action last ON last.tpl = p.tpl AND last.seq = p.stage`,
    );
    await q(`SELECT setval(pg_get_serial_sequence('dossiers', 'id'), (SELECT max(id) FROM dossiers))`);
    log(`dossiers: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    let t1 = performance.now();
    const acts = await q(
      `INSERT INTO dossier_actions (dossier_id, seq, type, at, actor_user_id, actor_roles, unit_id, delegation, comment, attachments, payload, recorded_at)
       SELECT p.id, a.seq, a.type, a.at + p.shift, a.actor_user_id, a.actor_roles, a.unit_id, a.delegation, a.comment, a.attachments,
              CASE WHEN a.type = 'receive' THEN jsonb_set(a.payload, '{dossierCode}', to_jsonb(p.code)) ELSE a.payload END, a.recorded_at + p.shift
       FROM bench_plan p JOIN bench_tpl_action a ON a.tpl = p.tpl AND a.seq <= p.stage`,
    );
    log(`actions: ${acts.rowCount} in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    t1 = performance.now();
    const cols = (await q(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'dossier_projection' ORDER BY ordinal_position`)).rows as {
      column_name: string;
      data_type: string;
    }[];
    const select = cols.map(({ column_name: col, data_type: type }) =>
      col === 'dossier_id' ? 'p.id' : col === 'dossier_code' ? 'p.code' : col === 'applicant_name' ? 'p.name' : type.startsWith('timestamp') ? `r.${col} + p.shift` : `r.${col}`,
    );
    await q(
      `INSERT INTO dossier_projection (${cols.map((x) => x.column_name).join(', ')})
       SELECT ${select.join(', ')}
       FROM bench_plan p JOIN bench_tpl_proj tp ON tp.tpl = p.tpl AND tp.stage = p.stage, LATERAL jsonb_populate_record(NULL::dossier_projection, tp.proj) r`,
    );
    await q(
      `INSERT INTO dossier_code_counters (sequence_key, last) SELECT day_key, max(seq) FROM bench_plan GROUP BY day_key
       ON CONFLICT (sequence_key) DO UPDATE SET last = greatest(dossier_code_counters.last, EXCLUDED.last)`,
    );
    log(`projection: ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    const loadMs = performance.now() - t0;

    t0 = performance.now();
    await q(`ALTER TABLE dossier_actions ADD CONSTRAINT ${pk.conname} ${pk.def}`);
    for (const i of idx) await q(i.indexdef);
    for (const f of fks) await q(`ALTER TABLE ${f.tbl} ADD CONSTRAINT ${f.conname} ${f.def}`);
    const indexMs = performance.now() - t0;
    log(`indexes and keys: ${(indexMs / 1000).toFixed(1)} s`);
    t0 = performance.now();
    // Visibility map and statistics now, so autovacuum does not start in the middle of the measurements.
    await q(`VACUUM (ANALYZE) dossiers, dossier_actions, dossier_projection, dossier_code_counters`);
    await q(`CHECKPOINT`).catch(() => {});
    const vacuumMs = performance.now() - t0;
    const counts = (await q(`SELECT (SELECT count(*) FROM dossiers)::bigint AS d, (SELECT count(*) FROM dossier_actions)::bigint AS a, pg_database_size(current_database()) AS size`))
      .rows[0] as { d: string; a: string; size: string };
    return {
      templates,
      figures: { dossiers: Number(counts.d), actions: Number(counts.a), templates: templates.length, templateMs, loadMs, indexMs, vacuumMs, sizeBytes: Number(counts.size) },
    };
  } finally {
    await c.end();
  }
}

/** `clients` loops sharing `total` operations; each operation is timed on its own. */
async function runClients(clients: number, total: number, op: (client: number, k: number) => Promise<void>): Promise<Latencies & { errors: number; firstError?: string }> {
  const samples: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (;;) {
        const k = next++;
        if (k >= total) return;
        const s = performance.now();
        try {
          await op(client, k);
          samples.push(performance.now() - s);
        } catch (e) {
          errors++;
          firstError ??= (e as Error).message;
        }
      }
    }),
  );
  return { ...summarise(samples, performance.now() - t0), errors, firstError };
}

export interface LargeFigures {
  load: LoadFigures;
  clients: number;
  rawInsertPerSecond: number;
  sequentialActPerSecond: number;
  reception: Latencies & { errors: number };
  act: Latencies & { errors: number };
  inbox: Latencies & { errors: number };
  /** Inbox pages of the 'all' filter: every dossier the unit ever touched. */
  archive: Latencies & { errors: number };
  tracking: Latencies & { errors: number };
  mixed: Record<'reception' | 'act' | 'inbox' | 'tracking', Latencies & { errors: number }>;
  /** Requests a second the paced run offered. */
  rate: number;
  paced: Record<'reception' | 'act' | 'inbox' | 'archive' | 'tracking', Latencies & { errors: number }>;
  /** The same with one request in twenty an 'all' page. */
  pacedWithArchive: Record<'reception' | 'act' | 'inbox' | 'archive' | 'tracking', Latencies & { errors: number }>;
  /** Entries of the audit chain, verified after the runs. */
  auditEntries: number;
  serverVersion: string;
}

/**
 * Loads the large data set into the (empty) database at `url` and times, at `clients` concurrent clients of one
 * process (a pool of as many connections): reception, act, a work-queue inbox page, an 'all' inbox page and public
 * tracking, each alone, then mixed (10 % receptions, 40 % actions, 30 % work-queue pages, 20 % tracking look-ups) —
 * all of these without a pause between requests, so they measure the process at saturation — and last the same
 * clients paced like people at work, `rate` requests a second together (MOTCUA_BENCH_RATE, default 100), without and
 * then with 'all' pages in the mix.
 */
export async function benchDossiersAtScale(
  url: string,
  opts: { dossiers: number; clients?: number; ops?: number; rate?: number; pacedSeconds?: number; log?: (s: string) => void },
): Promise<LargeFigures> {
  const log = opts.log ?? ((s: string) => console.error(`[dossiers] ${s}`));
  const clients = opts.clients ?? 50;
  const ops = opts.ops ?? 2000;
  const rate = opts.rate ?? Number(process.env.MOTCUA_BENCH_RATE ?? 100);
  const pacedSeconds = opts.pacedSeconds ?? 30;
  const h = await openPostgres(url, { max: clients });
  try {
    await migrate(h.pool);
    const ctx = createContext(h, loadConfig({}));
    await seedDemo(ctx);
    const { templates, figures: load } = await loadLargeDataSet(url, ctx, opts.dossiers, log);
    log(`loaded ${load.dossiers} dossiers, ${load.actions} actions`);

    const actors = new Map<string, UserActor>();
    for (const u of new Set(templates.flatMap((t) => [t.desk, ...t.steps.map((s) => s.actor)]))) actors.set(u, await userActor(ctx, u));
    const raw = await rawInsertRate(h, 2000);

    // Dossiers still in progress, in random order, shared out to the clients; each walks its dossiers to the end.
    const pending = (
      await sql<{ id: number; tpl: number; stage: number }>`
        SELECT p.id, p.tpl, p.stage FROM bench_plan p JOIN bench_tpl t ON t.tpl = p.tpl WHERE p.stage < t.stages ORDER BY random() LIMIT ${ops * 3}`.execute(ctx.db)
    ).rows;
    const queues: { id: number; tpl: number; version: number }[][] = Array.from({ length: clients + 1 }, () => []);
    pending.forEach((p, i) => queues[i % (clients + 1)]!.push({ id: p.id, tpl: p.tpl, version: p.stage }));
    // Dossiers received during the runs join the pool once a client's own list is done.
    const fresh: { id: number; tpl: number; version: number }[] = [];
    const walk = async (queue: { id: number; tpl: number; version: number }[]) => {
      if (queue.length === 0 && fresh.length > 0) queue.push(fresh.shift()!);
      const d = queue[0];
      if (!d) throw new Error('no dossier left to act on');
      const t = templates[d.tpl]!;
      const st = t.steps[d.version - 1]!;
      try {
        const v = await act(ctx, actors.get(st.actor)!, d.id, { type: st.type, payload: st.payload, expectedVersion: d.version });
        d.version = v.version;
        if (d.version >= t.stages) queue.shift();
      } catch (e) {
        queue.shift();
        throw e;
      }
    };
    // The last queue is the sequential run's.
    const seqQueue = queues.pop()!;
    const seqN = Math.min(300, ops);
    let t0 = performance.now();
    let done = 0;
    for (let i = 0; i < seqN && seqQueue.length > 0; i++) {
      try {
        await walk(seqQueue);
        done++;
      } catch {
        /* counted below as a lower rate */
      }
    }
    const sequentialActPerSecond = done / ((performance.now() - t0) / 1000);

    const tracked = (await sql<{ code: string; phone: string }>`SELECT code, phone FROM bench_plan ORDER BY random() LIMIT 5000`.execute(ctx.db)).rows;
    const staffNames = [...new Set(templates.flatMap((t) => [t.desk, ...t.steps.map((s) => s.actor)]))];
    // Work queues: what officials open all day. 'all' (every dossier the unit ever touched) is timed on its own.
    const filters: InboxQuery['filter'][] = ['todo', 'todo', 'todo', 'late', 'due_soon', 'waiting_supplement', 'consulting'];
    const tag = randomBytes(3).toString('hex');
    let rk = 0;
    const reception = async () => {
      const t = templates[Math.floor(Math.random() * templates.length)]!;
      const i = rk++;
      const r = await receiveAtDesk(ctx, actors.get(t.desk)!, {
        procedureCode: t.procedureCode,
        channel: 'counter',
        applicant: applicant(5_000_000 + i),
        documents: t.documents,
        competentUnitCode: t.competentUnitCode,
        idempotencyKey: `bench-${tag}-${i}`,
      });
      if (t.stages > 1) fresh.push({ id: r.dossier.id, tpl: t.tpl, version: r.dossier.version });
    };
    const inboxPage = async (k: number) => {
      const user = actors.get(staffNames[k % staffNames.length]!)!;
      await inbox(ctx, user, { scope: k % 3 === 0 ? 'mine' : 'unit', filter: filters[k % filters.length]!, page: 1 + (k % 3), sort: k % 2 === 0 ? 'remaining' : 'received' });
    };
    const archivePage = async (k: number) => {
      const user = actors.get(staffNames[k % staffNames.length]!)!;
      await inbox(ctx, user, { scope: 'unit', filter: 'all', page: 1 + (k % 3), sort: k % 2 === 0 ? 'remaining' : 'received' });
    };
    const track = async (k: number) => {
      const x = tracked[k % tracked.length]!;
      await publicTracking(ctx, x.code, x.phone.slice(-4));
    };

    // Warm-up: plans and caches on every pool connection.
    await runClients(clients, clients * 2, async (_, k) => {
      await inboxPage(k);
      await track(k);
    });

    log('reception');
    const receptionFig = await runClients(clients, ops, () => reception());
    log('act');
    const actFig = await runClients(clients, ops, (client) => walk(queues[client]!));
    log('inbox');
    const inboxFig = await runClients(clients, ops, (_, k) => inboxPage(k));
    log('archive');
    const archiveFig = await runClients(clients, Math.max(200, ops / 4), (_, k) => archivePage(k));
    log('tracking');
    const trackingFig = await runClients(clients, ops, (_, k) => track(k));

    log('mixed');
    const kinds = ['reception', 'act', 'act', 'act', 'act', 'inbox', 'inbox', 'inbox', 'tracking', 'tracking'] as const;
    const mixedSamples: Record<string, number[]> = { reception: [], act: [], inbox: [], tracking: [] };
    const mixedErrors: Record<string, number> = { reception: 0, act: 0, inbox: 0, tracking: 0 };
    t0 = performance.now();
    await runClients(clients, ops * 2, async (client, k) => {
      const kind = kinds[k % kinds.length]!;
      const s = performance.now();
      try {
        if (kind === 'reception') await reception();
        else if (kind === 'act') await walk(queues[client]!);
        else if (kind === 'inbox') await inboxPage(k);
        else await track(k);
        mixedSamples[kind]!.push(performance.now() - s);
      } catch {
        mixedErrors[kind]!++;
      }
    });
    const wall = performance.now() - t0;
    const mixed = Object.fromEntries(Object.entries(mixedSamples).map(([k, v]) => [k, { ...summarise(v, wall), errors: mixedErrors[k]! }])) as LargeFigures['mixed'];

    // The same 50 clients as people at work: each waits a random time (exponential) between requests, so that
    // together they send `rate` requests a second: the mix as above, then the same with some 'all' pages.
    const pacedRun = async (withArchive: boolean) => {
      log(`paced at ${rate}/s${withArchive ? " with 'all' pages" : ''}`);
      const kinds = ['reception', 'act', 'act', 'act', 'act', 'inbox', 'inbox', 'inbox', 'tracking', 'tracking', 'reception', 'act', 'act', 'act', 'act', 'inbox', 'inbox', withArchive ? 'archive' : 'inbox', 'tracking', 'tracking'] as const;
      const samples: Record<string, number[]> = { reception: [], act: [], inbox: [], archive: [], tracking: [] };
      const errors: Record<string, number> = { reception: 0, act: 0, inbox: 0, archive: 0, tracking: 0 };
      const total = Math.round(rate * pacedSeconds);
      let k0 = 0;
      const start = performance.now();
      await Promise.all(
        Array.from({ length: clients }, async (_, client) => {
          for (;;) {
            await new Promise((r) => setTimeout(r, -Math.log(1 - Math.random()) * (clients / rate) * 1000));
            const k = k0++;
            if (k >= total) return;
            const kind = kinds[k % kinds.length]!;
            const s = performance.now();
            try {
              if (kind === 'reception') await reception();
              else if (kind === 'act') await walk(queues[client]!);
              else if (kind === 'inbox') await inboxPage(k);
              else if (kind === 'archive') await archivePage(k);
              else await track(k);
              samples[kind]!.push(performance.now() - s);
            } catch (e) {
              if (errors[kind]!++ === 0) log(`paced ${kind}: ${(e as Error).message}`);
            }
          }
        }),
      );
      const wall = performance.now() - start;
      return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, { ...summarise(v, wall), errors: errors[k]! }])) as LargeFigures['paced'];
    };
    const paced = await pacedRun(false);
    const pacedWithArchive = await pacedRun(true);
    for (const [k, f] of Object.entries({ reception: receptionFig, act: actFig, inbox: inboxFig, archive: archiveFig, tracking: trackingFig }))
      if (f.errors > 0) log(`${k}: ${f.errors} errors, first: ${f.firstError}`);
    // Thousands of audited writes from 50 connections at once: the chain must still be one unbroken line.
    const audit = await verifyAuditChain(ctx);
    if (!audit.ok) throw new Error(`audit chain broken after the concurrent runs: ${JSON.stringify(audit.break)}`);
    const serverVersion = (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(ctx.db)).rows[0]!.v;
    return { load, clients, rawInsertPerSecond: raw, sequentialActPerSecond, reception: receptionFig, act: actFig, inbox: inboxFig, archive: archiveFig, tracking: trackingFig, mixed, rate, paced, pacedWithArchive, auditEntries: audit.entries, serverVersion };
  } finally {
    await h.close();
  }
}

export async function withPgDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const admin = process.env.MOTCUA_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `motcua_bench_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE ${name}`);
    const u = new URL(admin);
    u.pathname = `/${name}`;
    return await fn(u.toString());
  } finally {
    // MOTCUA_BENCH_KEEP=1 leaves the database for inspection (drop it by hand).
    if (process.env.MOTCUA_BENCH_KEEP === '1') console.error(`[dossiers] kept database ${name}`);
    else await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await c.end();
  }
}

/** MOTCUA_BENCH_DOSSIERS, else 50,000 with --quick or under CI, else 1,000,000. */
export function largeDataSetSize(argv: readonly string[] = process.argv): number {
  const env = process.env.MOTCUA_BENCH_DOSSIERS;
  if (env !== undefined && env !== '') {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 1000) throw new Error(`MOTCUA_BENCH_DOSSIERS must be a whole number of at least 1000 (got "${env}")`);
    return n;
  }
  return argv.includes('--quick') || process.env.CI ? 50_000 : 1_000_000;
}

async function sequentialOn(h: DbHandle, n: number) {
  await migrate(h.pool);
  const ctx = createContext(h, loadConfig({}));
  await seedDemo(ctx);
  const raw = await rawInsertRate(h, 2000);
  const f = await benchDossierSequential(ctx, n);
  return { engine: h.engine, raw: Math.round(raw), ...f };
}

async function main(): Promise<void> {
  process.env.MOTCUA_SCRYPT_LOG_N ??= '10';
  const n = Number(process.env.BENCH_SEQ_N ?? 300);
  const only = process.env.BENCH_ENGINE;
  const parts = process.env.BENCH_PARTS ?? 'sequential,large';
  if (parts.includes('sequential')) {
    if (only !== 'postgres') {
      const h = await openPglite();
      console.log(JSON.stringify(await sequentialOn(h, n)));
      await h.close();
    }
    if (only !== 'pglite')
      await withPgDatabase(async (url) => {
        const h = await openPostgres(url, { max: 10 });
        try {
          console.log(JSON.stringify(await sequentialOn(h, n)));
        } finally {
          await h.close();
        }
      });
  }
  if (parts.includes('large')) await withPgDatabase(async (url) => console.log(JSON.stringify(await benchDossiersAtScale(url, { dossiers: largeDataSetSize() }))));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
