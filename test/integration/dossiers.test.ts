// Dossier journeys through the use cases on the demo province, on the engine MOTCUA_TEST_DB names. Instants are
// Vietnamese time (+07:00) on the demo calendar: office hours 07:30–11:30 and 13:00–17:00, Saturdays and Sundays
// off, no holiday in late November or December 2026.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '../../src/app/actor.js';
import {
  act,
  allowedActionsFor,
  answerSupplement,
  createDelegation,
  getDossier,
  getDossierByCode,
  inbox,
  listMyDossiers,
  listMyDrafts,
  publicTracking,
  readFile,
  rebuildProjections,
  receiveAtDesk,
  receiveSubmitted,
  refuseReception,
  remindersDue,
  requestSupplementBeforeReception,
  revokeDelegation,
  saveDraft,
  saveFile,
  submitOnline,
  userActor,
  verifyProjections,
  type DocumentInput,
  type DossierView,
} from '../../src/app/dossiers/index.js';
import { seedDemo } from '../../src/seed/seed.js';
import { formatVnInstant } from '../../src/domain/calendar/index.js';
import { AppError } from '../../src/domain/errors.js';
import { createTestDb, engine, type TestDb } from '../support/db.js';
import { fullChecklist } from '../support/dossiers.js';

let t: TestDb;
let uploads: string;
const A: Record<string, UserActor> = {};
const unit: Record<string, number> = {};

const LAWYER = '1.002099'; // Sở Tư pháp through the provincial centre, 5 working days (reduced from 7)
const MARITAL = '1.004873'; // commune, 2 working days (reduced from 3)
const set = (iso: string) => (t.clock.now = new Date(iso));
const vn = (d: Date | null | undefined) => (d ? formatVnInstant(d) : null);
const pdf = (text = 'hello') => new Uint8Array(Buffer.from(`%PDF-1.7\n% ${text}\n%%EOF\n`));

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected the call to be refused');
}

const count = async (table: 'dossiers' | 'dossier_actions' | 'audit_log' | 'dossier_projection', where?: { dossierId: number }) => {
  const col = table === 'dossiers' ? 'id' : 'dossier_id';
  const r = where
    ? await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${sql.ref(col)} = ${where.dossierId}`.execute(t.ctx.db)
    : await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.ctx.db);
  return r.rows[0]!.n;
};

const documentsOf = (code: string) => fullChecklist(t.ctx, code);

const person = (i: number) => ({ kind: 'citizen' as const, fullName: `Nguyễn Văn Thử ${i}`, idNumber: `0361900${String(10000 + i)}`, phone: `09130${String(10000 + i)}`, address: 'Phường Đông Thành' });

async function receive(actor: UserActor, code: string, key: string, extra: Partial<Parameters<typeof receiveAtDesk>[2]> = {}): Promise<DossierView> {
  const r = await receiveAtDesk(t.ctx, actor, { procedureCode: code, channel: 'counter', applicant: person(1), documents: await documentsOf(code), idempotencyKey: key, ...extra });
  return r.dossier;
}

beforeAll(async () => {
  uploads = mkdtempSync(join(tmpdir(), 'motcua-uploads-'));
  t = await createTestDb({ uploadDir: uploads });
  await seedDemo(t.ctx);
  for (const u of [
    'tiepnhan',
    'chuyenvien',
    'lanhdao',
    'tiepnhan.anphu',
    'chuyenvien.anphu',
    'lanhdao.anphu',
    'tiepnhan.tanlap',
    'tiepnhan.dongthanh',
    'tiepnhan.stp',
    'congdan',
    'doanhnghiep',
    'theodoi',
  ])
    A[u] = await userActor(t.ctx, u);
  for (const u of await t.ctx.db.selectFrom('units').select(['id', 'code']).execute()) unit[u.code] = u.id;
});
afterAll(async () => {
  await t?.drop();
  rmSync(uploads, { recursive: true, force: true });
});

describe(`demo dossiers, inboxes and reminders on ${engine}`, () => {
  it('seeds dossiers in every state, and their stored rows equal a fresh derivation', async () => {
    const rows = await t.ctx.db.selectFrom('dossier_projection').select(['status', 'apologised']).execute();
    const statuses = new Set(rows.map((r) => r.status));
    for (const s of ['received', 'assigned', 'in_step', 'awaiting_supplement', 'finished', 'returned', 'supplement_before_reception']) expect(statuses, s).toContain(s);
    expect(rows).toContainEqual(expect.objectContaining({ apologised: true }));
    expect(await verifyProjections(t.ctx)).toEqual({ checked: rows.length, mismatches: [] });
  });

  it('lists in "mine / consulting" only the assignee’s dossiers that wait for another unit', async () => {
    const mine = await inbox(t.ctx, A.chuyenvien!, { scope: 'mine', filter: 'all' });
    expect(mine.items.length).toBeGreaterThan(0);
    const consulting = await inbox(t.ctx, A.chuyenvien!, { scope: 'mine', filter: 'consulting' });
    expect(consulting.items.filter((i) => !(i.openConsultations > 0))).toEqual([]);
    expect(consulting.total).toBe(mine.items.filter((i) => i.openConsultations > 0 && i.finishedAt === null).length);
  });

  it('lists late and due-soon dossiers of a unit, remaining time recomputed at read time', async () => {
    set('2026-11-23T02:00:00Z'); // Mon 23 Nov 09:00
    const late = await inbox(t.ctx, A.lanhdao!, { scope: 'unit', filter: 'late' });
    expect(late.items.length).toBeGreaterThanOrEqual(1);
    for (const i of late.items) {
      expect(i.late).toBe(true);
      // Judged against the original appointment: an apology's new one (still ahead) does not take it off the list.
      expect(i.originalDueAt!.getTime()).toBeLessThan(t.clock.now.getTime());
      if (!i.apologised) expect(i.remainingWorkingMinutes!).toBeLessThan(0);
      expect(i.currentUnitId).toBe(unit['000.00.05.H99']);
    }
    const lateness = late.items.map((i) => ({ lateWithoutApology: i.lateWithoutApology, apologised: i.apologised, newDueAhead: i.remainingWorkingMinutes! > 0 }));
    expect(lateness).toContainEqual(expect.objectContaining({ lateWithoutApology: true }));
    expect(lateness).toContainEqual(expect.objectContaining({ apologised: true, newDueAhead: true }));
    const soon = await inbox(t.ctx, A.lanhdao!, { scope: 'unit', filter: 'due_soon' });
    expect(soon.items.length).toBeGreaterThanOrEqual(1);
    for (const i of soon.items) {
      expect(i, i.code ?? '').toMatchObject({ dueSoon: true, late: false });
      expect(i.remainingWorkingMinutes, i.code ?? '').toBeGreaterThan(0);
      expect(i.remainingWorkingMinutes, i.code ?? '').toBeLessThanOrEqual(480);
    }
    // One working hour later, with nothing written, the same dossier has 60 minutes less.
    const before = soon.items[0]!;
    set('2026-11-23T03:00:00Z');
    const after = (await inbox(t.ctx, A.lanhdao!, { scope: 'unit', filter: 'all', q: before.code! })).items.find((i) => i.id === before.id)!;
    expect(after.remainingWorkingMinutes).toBe(before.remainingWorkingMinutes! - 60);
    // Sorted by remaining working time, least first.
    const all = await inbox(t.ctx, A.lanhdao!, { scope: 'unit', filter: 'todo', sort: 'remaining' });
    const dues = all.items.map((i) => i.currentDueAt?.getTime() ?? Infinity);
    expect([...dues].sort((a, b) => a - b)).toEqual(dues);
    // "Mine": what is assigned to the specialist.
    const mine = await inbox(t.ctx, A.chuyenvien!, { scope: 'mine', filter: 'all' });
    expect(mine.items.length).toBeGreaterThan(0);
    for (const i of mine.items) expect(i).toMatchObject({ assigneeId: A.chuyenvien!.userId });
    // Waiting for a supplement.
    const waiting = await inbox(t.ctx, A.chuyenvien!, { scope: 'unit', filter: 'waiting_supplement' });
    expect(waiting.items.map((i) => i.status)).toContain('awaiting_supplement');
    // Outside one's jurisdiction.
    expect((await refusal(inbox(t.ctx, A['tiepnhan.anphu']!, { scope: 'unit', unitId: unit['000.00.05.H99'], filter: 'all' }))).kind).toBe('forbidden');
    expect((await refusal(inbox(t.ctx, A.congdan!, { scope: 'mine', filter: 'all' }))).kind).toBe('forbidden');
  });

  it('gives the daily reminder its dossiers per unit and per official', async () => {
    const r = await remindersDue(t.ctx, new Date('2026-11-23T00:30:00Z'));
    const stp = r.units.find((u) => u.unit.code === '000.00.05.H99')!;
    expect(stp.late.length).toBeGreaterThanOrEqual(1);
    expect(stp.dueSoon.length).toBeGreaterThanOrEqual(1);
    expect(r.officials.find((o) => o.person.username === 'chuyenvien')).toBeDefined();
    for (const i of stp.late) if (!i.apologised) expect(i.remainingWorkingMinutes).toBeLessThan(0);
  });
});

/** One action on `d` by `actor` at `at` (when given); the dossier after it. */
const actOn = async (d: DossierView, actor: UserActor, type: string, payload: Record<string, unknown> = {}, at?: string) => {
  if (at) set(at);
  return act(t.ctx, actor, d.id, { type, payload, expectedVersion: d.version } as never);
};

/** Received at the centre's counter on Mon 23 Nov 09:00 for the Department of Justice. */
async function receivedAtCentre(key: string): Promise<DossierView> {
  set('2026-11-23T02:00:00Z'); // Mon 23 Nov 09:00
  return receive(A.tiepnhan!, LAWYER, key, { comment: 'Đủ hồ sơ' });
}

/** Received Mon 23 Nov, decided by the Department of Justice on Wed 25 Nov and returned at the counter on Thu 26 Nov 08:00. */
async function returnedAtCounter(key: string): Promise<DossierView> {
  let d = await receivedAtCentre(key);
  d = await actOn(d, A.tiepnhan!, 'forward', { toStepIndex: 1 }, '2026-11-23T02:30:00Z');
  d = await actOn(d, A.lanhdao!, 'assign', { assigneeId: A.chuyenvien!.userId }, '2026-11-23T03:00:00Z');
  d = await actOn(d, A.chuyenvien!, 'forward', { toStepIndex: 2 }, '2026-11-24T07:00:00Z');
  d = await actOn(d, A.lanhdao!, 'approve', {}, '2026-11-25T02:00:00Z');
  d = await actOn(d, A.lanhdao!, 'sign', { documentNumber: '15/GĐK-STP' }, '2026-11-25T02:10:00Z');
  d = await actOn(d, A.lanhdao!, 'finish', {}, '2026-11-25T03:00:00Z');
  return actOn(d, A.tiepnhan!, 'return_result', { method: 'counter' }, '2026-11-26T01:00:00Z');
}

describe(`a counter dossier from reception to return on ${engine}`, () => {
  it('receives at the centre: code, appointment on the receiving calendar, form 01 data', async () => {
    const d = await receivedAtCentre('journey-1');
    expect(d.code).toMatch(/^000\.00\.31\.H99-261123-\d{4}$/);
    expect(d.state).toMatchObject({ status: 'received', nationalStatus: 2, channel: 'counter', currentStepIndex: 0, currentUnitId: unit['000.00.31.H99'] });
    expect(d.state.trackingBookNumber).toBeGreaterThanOrEqual(1);
    // 5 working days from Mon 09:00: 390 + 480 × 4 + 90 → Mon 30 Nov 09:00.
    expect(vn(d.state.clock!.currentDueAt)).toBe('2026-11-30T09:00:00+07:00');
    expect(d.pinned).toMatchObject({ procedureCode: LAWYER, channel: 'counter', limit: { amount: 5, unit: 'working_days' }, legalLimit: { amount: 7, unit: 'working_days' }, reduced: true });
    expect(d.pinned!.steps.map((s) => [s.unitId, s.role, s.allottedWorkingMinutes])).toEqual([
      [unit['000.00.31.H99'], 'desk', 120],
      [unit['000.00.05.H99'], 'specialist', 1680],
      [unit['000.00.05.H99'], 'leader', 480],
      [unit['000.00.31.H99'], 'desk', 120],
    ]);
    expect(d.documents.filter((x) => !x.provided)).toEqual([]);
    expect(d.units[unit['000.00.31.H99']!]!.name).toBe('Trung tâm Phục vụ hành chính công tỉnh');
    expect(d.people[A.tiepnhan!.userId]!.username).toBe('tiepnhan');
  });

  it('moves through the process, each step on the control slip with its own due instant', async () => {
    let d = await receivedAtCentre('journey-2');
    const step = async (actor: UserActor, type: string, payload: Record<string, unknown> = {}, at?: string) => (d = await actOn(d, actor, type, payload, at));
    await step(A.tiepnhan!, 'forward', { toStepIndex: 1 }, '2026-11-23T02:30:00Z');
    expect(d.state.status).toBe('in_step');
    await step(A.lanhdao!, 'assign', { assigneeId: A.chuyenvien!.userId }, '2026-11-23T03:00:00Z');
    expect(d.state).toMatchObject({ status: 'assigned', assigneeId: A.chuyenvien!.userId });
    await step(A.chuyenvien!, 'forward', { toStepIndex: 2 }, '2026-11-24T07:00:00Z'); // Tue 14:00
    await step(A.lanhdao!, 'approve', {}, '2026-11-25T02:00:00Z'); // Wed 09:00
    expect(d.state.status).toBe('awaiting_signature');
    await step(A.lanhdao!, 'sign', { documentNumber: '15/GĐK-STP' }, '2026-11-25T02:10:00Z');
    expect(d.state.status).toBe('signed');
    // Issue 10: finished at the approval step, the last processing step; the result comes back to the desk's final
    // step by itself (before, the leader forwarded it to the desk, which finished).
    await step(A.lanhdao!, 'finish', {}, '2026-11-25T03:00:00Z'); // Wed 10:00
    expect(d.state).toMatchObject({ status: 'finished', nationalStatus: 9, outcome: 'early', outcomeAgainstOriginal: 'early', result: 'granted' });
    // Mon 390 + Tue 480 + Wed 150 (07:30–10:00).
    expect(d.state.clock).toMatchObject({ status: 'stopped', processingMinutes: 1020, elapsedMinutes: 1020, remainingMinutes: 1380 });
    // Indicator 2 per unit on working time (issue 10): the centre used 30 of 120, the department 660 + 330 of 1680 + 480.
    expect(d.state.scores).toEqual({ indicator1: 2, indicator2: 2 });
    expect(d.state.steps.map((r) => [r.stepIndex, vn(r.receivedAt), vn(r.dueAt), vn(r.handedOverAt), r.usedMinutes, r.outcome])).toEqual([
      [0, '2026-11-23T09:00:00+07:00', '2026-11-23T11:00:00+07:00', '2026-11-23T09:30:00+07:00', 30, 'on_time'],
      // 28 working hours from Mon 09:30: 360 Mon, 480 Tue, 480 Wed, 360 Thu → Thu 26 Nov 15:00; used 360 + 300.
      [1, '2026-11-23T09:30:00+07:00', '2026-11-26T15:00:00+07:00', '2026-11-24T14:00:00+07:00', 660, 'early'],
      [2, '2026-11-24T14:00:00+07:00', '2026-11-25T14:00:00+07:00', '2026-11-25T10:00:00+07:00', 330, 'on_time'],
      // The final desk step, entered when the result came back: open until the hand-over, not judged.
      [3, '2026-11-25T10:00:00+07:00', '2026-11-25T13:30:00+07:00', null, 0, null],
    ]);
    await step(A.tiepnhan!, 'return_result', { method: 'counter' }, '2026-11-26T01:00:00Z'); // Thu 08:00
    expect(d.state).toMatchObject({ status: 'returned', nationalStatus: 10, returnMethod: 'counter' });
    expect(d.version).toBe(8);
    expect(await count('dossier_actions', { dossierId: d.id })).toBe(8);
    const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('target_type', '=', 'dossier').where('target_id', '=', String(d.id)).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual([
      'dossier.receive',
      'dossier.forward',
      'dossier.assign',
      'dossier.forward',
      'dossier.approve',
      'dossier.sign',
      'dossier.finish',
      'dossier.return_result',
    ]);
    const stored = await t.ctx.db.selectFrom('dossier_projection').selectAll().where('dossier_id', '=', d.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'returned', national_status: 10, outcome: 'early', indicator1: 2, indicator2: 2, procedure_code: LAWYER, applicant_name: 'Nguyễn Văn Thử 1' });
  });

  it('reads it by code for staff with jurisdiction only; the public sees it with a verifier', async () => {
    const d = await returnedAtCounter('journey-3');
    const viaCode = await getDossierByCode(t.ctx, A.theodoi!, d.code!.replace(/^000\./, ''));
    expect(viaCode.id).toBe(d.id);
    expect(viaCode.access).toBe('staff');
    expect((await refusal(getDossier(t.ctx, A['tiepnhan.anphu']!, d.id))).kind).toBe('forbidden');
    expect((await refusal(getDossier(t.ctx, A.congdan!, d.id))).kind).toBe('not_found');
    const pub = await publicTracking(t.ctx, d.code!, '0001'); // last 4 digits of the phone 0913010001
    expect(pub).toMatchObject({ code: d.code, status: 'returned', nationalStatus: 10, applicantInitials: 'N.V.T.1.', currentUnitName: null });
    expect(pub.steps.map((s) => s.unitName)).toEqual(['Trung tâm Phục vụ hành chính công tỉnh', 'Sở Tư pháp', 'Sở Tư pháp', 'Trung tâm Phục vụ hành chính công tỉnh']);
    expect(JSON.stringify(pub)).not.toContain('Nguyễn');
    expect((await publicTracking(t.ctx, d.code!, d.trackingToken)).code).toBe(d.code);
    expect((await refusal(publicTracking(t.ctx, d.code!, '9999'))).kind).toBe('not_found');
    expect((await refusal(publicTracking(t.ctx, '000.00.31.H99-261123-0999', '0001'))).kind).toBe('not_found');
  });
});

describe(`refusals write nothing on ${engine}`, () => {
  let d: DossierView;
  beforeAll(async () => {
    set('2026-11-26T02:00:00Z');
    d = await receive(A.tiepnhan!, LAWYER, 'refusals-1');
  });

  it('refuses and writes nothing', async () => {
    const before = [await count('dossier_actions'), await count('audit_log'), await count('dossiers')];
    const tryAct = (actor: UserActor, type: string, payload: Record<string, unknown> = {}, expectedVersion = d.version, attachments?: string[]) =>
      refusal(act(t.ctx, actor, d.id, { type, payload, expectedVersion, attachments } as never));
    const cases: [Promise<AppError>, string, string][] = [
      [tryAct(A.lanhdao!, 'approve'), 'conflict', 'action_not_allowed'],
      [tryAct(A.tiepnhan!, 'finish'), 'conflict', 'action_not_allowed'],
      [tryAct(A.tiepnhan!, 'return_result', { method: 'counter' }), 'conflict', 'action_not_allowed'],
      [tryAct(A['tiepnhan.anphu']!, 'forward', { toStepIndex: 1 }), 'forbidden', 'forbidden'],
      [tryAct(A.chuyenvien!, 'forward', { toStepIndex: 1 }), 'forbidden', 'forbidden'],
      [tryAct(A.tiepnhan!, 'forward', { toStepIndex: 3 }), 'invalid', 'validation_failed'],
      [tryAct(A.tiepnhan!, 'forward', { toStepIndex: 1, assigneeId: A['chuyenvien.anphu']!.userId }), 'invalid', 'validation_failed'],
      [tryAct(A.tiepnhan!, 'forward', { toStepIndex: 1 }, d.version - 1), 'conflict', 'stale_version'],
      [tryAct(A.tiepnhan!, 'forward', { toStepIndex: 1 }, d.version + 1), 'conflict', 'stale_version'],
      [tryAct(A.tiepnhan!, 'forward', { toStepIndex: 1 }, d.version, ['no-such-file']), 'invalid', 'validation_failed'],
      [tryAct(A.tiepnhan!, 'submit_online'), 'invalid', 'use_submit_online'],
      [refusal(act(t.ctx, A.tiepnhan!, 999_999, { type: 'forward', payload: { toStepIndex: 1 }, expectedVersion: 1 })), 'not_found', 'not_found'],
    ];
    for (const [p, kind, code] of cases) {
      const e = await p;
      expect([e.kind, e.code], e.messages.en).toEqual([kind, code]);
      expect(e.messages.vi).not.toBe(e.messages.en);
    }
    expect([await count('dossier_actions'), await count('audit_log'), await count('dossiers')]).toEqual(before);
    const again = await getDossier(t.ctx, A.tiepnhan!, d.id);
    expect(again.version).toBe(d.version);
  });

  it('names the buttons a user may press, and who may be assigned', async () => {
    const desk = await allowedActionsFor(t.ctx, A.tiepnhan!, d.id);
    const allowed = (v: typeof desk) => v.actions.filter((a) => a.allowed).map((a) => a.type);
    expect(allowed(desk)).toContain('forward');
    expect(allowed(desk)).not.toContain('approve');
    expect(desk.assigneeCandidates.forward.map((p) => p.username)).toEqual(['chuyenvien']);
    const leader = await allowedActionsFor(t.ctx, A.lanhdao!, d.id);
    expect(allowed(leader)).toEqual(expect.arrayContaining(['stop']));
    expect(allowed(leader)).not.toContain('forward');
    const refusedApprove = leader.actions.find((a) => a.type === 'approve')!;
    expect(refusedApprove.allowed).toBe(false);
  });

  it('refuses bad reception input with field paths: unknown procedure, invalid ID number, missing document, non-desk user', async () => {
    const before = await count('dossiers');
    const base = { procedureCode: LAWYER, channel: 'counter' as const, applicant: person(2), documents: await documentsOf(LAWYER), idempotencyKey: 'bad-1' };
    let e = await refusal(receiveAtDesk(t.ctx, A.tiepnhan!, { ...base, procedureCode: '1.999999' }));
    expect([e.code, e.fields.map((f) => f.path)]).toEqual(['unknown_procedure', ['procedureCode']]);
    e = await refusal(receiveAtDesk(t.ctx, A.tiepnhan!, { ...base, applicant: { ...person(2), idNumber: '12345' } }));
    expect(e.fields.map((f) => f.path)).toEqual(['applicant.idNumber']);
    e = await refusal(receiveAtDesk(t.ctx, A.tiepnhan!, { ...base, documents: base.documents.slice(1) }));
    expect(e.fields.map((f) => f.path)).toEqual(['documents[0]']);
    e = await refusal(receiveAtDesk(t.ctx, A.tiepnhan!, { ...base, documents: [...base.documents, { name: 'Giấy lạ', provided: true }] }));
    expect(e.fields.map((f) => f.path)).toEqual(['documents.input[3].name']);
    e = await refusal(receiveAtDesk(t.ctx, A.chuyenvien!, base));
    expect(e.kind).toBe('forbidden');
    e = await refusal(receiveAtDesk(t.ctx, A.tiepnhan!, { ...base, channel: 'online' as never }));
    expect(e.fields.map((f) => f.path)).toEqual(['channel']);
    expect(await count('dossiers')).toBe(before);
  });

  it('refuses an abolished procedure naming its decision', async () => {
    const { abolishProcedure } = await import('../../src/app/catalogue.js');
    const { systemActor } = await import('../../src/app/actor.js');
    await abolishProcedure(t.ctx, systemActor('test'), '1.002211', { number: '99/QĐ-UBND', date: '2026-11-01' });
    const e = await refusal(receive(A['tiepnhan.anphu']!, '1.002211', 'abolished-1'));
    expect(e.code).toBe('procedure_abolished');
    expect(e.messages.vi).toContain('99/QĐ-UBND');
  });
});

describe(`receiving across boundaries ("phi địa giới") on ${engine}`, () => {
  it('lets a ward desk receive for another commune, the commune examining it', async () => {
    set('2026-11-26T03:00:00Z');
    const d = await receive(A['tiepnhan.dongthanh']!, MARITAL, 'pdg-1', { competentUnitCode: '000.00.43.H99' });
    expect(d.code).toMatch(/^000\.00\.41\.H99-261126-\d{4}$/);
    expect(d.state).toMatchObject({ receivingUnitId: unit['000.00.41.H99'], competentUnitId: unit['000.00.43.H99'] });
    expect(d.pinned!.steps.map((s) => [s.role, s.unitId])).toEqual([
      ['desk', unit['000.00.41.H99']],
      ['specialist', unit['000.00.43.H99']],
      ['leader', unit['000.00.43.H99']],
      ['desk', unit['000.00.41.H99']],
    ]);
    // The commune's staff see it; another commune's do not.
    expect((await getDossier(t.ctx, A['chuyenvien.anphu']!, d.id)).access).toBe('staff');
    expect((await refusal(getDossier(t.ctx, A['tiepnhan.tanlap']!, d.id))).kind).toBe('forbidden');
  });

  it('does not let a department desk receive a commune procedure', async () => {
    const e = await refusal(receive(A['tiepnhan.stp']!, MARITAL, 'pdg-2', { competentUnitCode: '000.00.43.H99' }));
    expect(e.kind).toBe('forbidden');
  });

  it('receives a procedure designated to the provincial centre only there, not at the competent department (issue 10 B.11)', async () => {
    set('2026-11-26T03:30:00Z');
    const e = await refusal(receive(A['tiepnhan.stp']!, LAWYER, 'designated-1', { competentUnitCode: '000.00.05.H99' }));
    expect(e.kind).toBe('forbidden');
    expect(e.messages.vi).toContain('được chỉ định');
    expect(e.messages.en).toContain('designated desk');
    expect(await t.ctx.db.selectFrom('dossiers').select('id').where('idempotency_key', '=', 'designated-1').execute()).toEqual([]);
    const ok = await receive(A.tiepnhan!, LAWYER, 'designated-2', { competentUnitCode: '000.00.05.H99' });
    expect(ok.state).toMatchObject({ status: 'received', competentUnitId: unit['000.00.05.H99'] });
  });
});

describe(`form 02 and form 03 at the counter on ${engine}`, () => {
  it('asks for a supplement before reception, then receives the completed dossier', async () => {
    set('2026-11-26T04:00:00Z');
    const docs = await documentsOf(LAWYER);
    const r = await requestSupplementBeforeReception(t.ctx, A.tiepnhan!, {
      procedureCode: LAWYER,
      channel: 'counter',
      applicant: person(3),
      documents: docs.slice(0, 1),
      idempotencyKey: 'form02-1',
      items: docs.slice(1).map((x) => x.name),
      reason: 'Thiếu giấy tờ',
    });
    expect(r.created).toBe(true);
    expect(r.dossier).toMatchObject({ code: null, version: 1 });
    expect(r.dossier.state).toMatchObject({ status: 'supplement_before_reception', nationalStatus: 5 });
    expect(r.dossier.state.preReceptionSupplements[0]!.items).toHaveLength(2);
    const e = await refusal(receiveSubmitted(t.ctx, A.tiepnhan!, r.dossier.id, { expectedVersion: 1, documents: docs.slice(0, 2) }));
    expect(e.fields.map((f) => f.path)).toEqual(['documents[2]']);
    set('2026-11-27T02:00:00Z');
    const got = await receiveSubmitted(t.ctx, A.tiepnhan!, r.dossier.id, { expectedVersion: 1, documents: docs });
    expect(got.dossier.code).toMatch(/^000\.00\.31\.H99-261127-\d{4}$/);
    expect(got.dossier.state).toMatchObject({ status: 'received', nationalStatus: 2, version: 2 });
    expect(vn(got.dossier.state.receivedAt)).toBe('2026-11-27T09:00:00+07:00');
  });

  it('refuses reception with form 03', async () => {
    const r = await refuseReception(t.ctx, A.tiepnhan!, {
      procedureCode: LAWYER,
      channel: 'postal',
      applicant: person(4),
      documents: [],
      idempotencyKey: 'form03-1',
      reasons: 'Không thuộc thẩm quyền giải quyết',
    });
    expect(r.dossier.state).toMatchObject({ status: 'refused', nationalStatus: 3, phase: 'refused' });
    expect(r.dossier.code).toBeNull();
  });
});

/** Citizen Đỗ Thị Mai's draft for a marriage certificate at An Phú, on Mon 30 Nov 08:00, without files yet. */
async function draftWithoutFiles() {
  set('2026-11-30T01:00:00Z'); // Mon 30 Nov 08:00
  return saveDraft(t.ctx, A.congdan!, { procedureCode: MARITAL, competentUnitCode: '000.00.43.H99' });
}

/** Her two files, attached to a fresh draft. */
async function draftWithFiles() {
  const draft = await draftWithoutFiles();
  const files: string[] = [];
  for (const n of ['to-khai.pdf', 'cccd.pdf']) files.push((await saveFile(t.ctx, A.congdan!, { name: n, bytes: pdf(n), declaredType: 'application/pdf' })).id);
  const names = (await documentsOf(MARITAL)).map((x) => x.name);
  const docs: DocumentInput[] = [
    { name: names[0]!, fileIds: [files[0]!] },
    { name: names[2]!, fileIds: [files[1]!] },
  ];
  await saveDraft(t.ctx, A.congdan!, { draftId: draft.id, procedureCode: MARITAL, competentUnitCode: '000.00.43.H99', applicant: { address: 'Thôn Trung, xã An Phú' }, documents: docs });
  return { draftId: draft.id, files };
}

/** Her submission received by the An Phú desk on Mon 30 Nov 09:00. */
async function receivedOnline(key: string) {
  const { draftId, files } = await draftWithFiles();
  const submitted = (await submitOnline(t.ctx, A.congdan!, { draftId, idempotencyKey: key })).dossier;
  set('2026-11-30T02:00:00Z'); // Mon 09:00
  const d = (await receiveSubmitted(t.ctx, A['tiepnhan.anphu']!, submitted.id, { expectedVersion: 1 })).dossier;
  return { d, files };
}

describe(`online: draft, submission, reception, supplement answered online on ${engine}`, () => {
  it('keeps a draft prefilled from the account', async () => {
    const draft = await draftWithoutFiles();
    const draftId = draft.id;
    expect(draft).toMatchObject({ version: 0, code: null, pinned: null, access: 'applicant' });
    expect(draft.state.status).toBe('draft');
    expect(draft.applicant).toMatchObject({ kind: 'citizen', fullName: 'Đỗ Thị Mai', idNumber: '036190000123', phone: '0912345678' });
    expect((await listMyDrafts(t.ctx, A.congdan!)).items.map((i) => i.id)).toContain(draftId);
    expect((await refusal(getDossier(t.ctx, A['tiepnhan.anphu']!, draftId))).kind).toBe('not_found');
    // Without files the required documents are missing.
    const e = await refusal(submitOnline(t.ctx, A.congdan!, { draftId, idempotencyKey: 'submit-1' }));
    expect(e.fields.map((f) => f.path)).toEqual(['documents[0]', 'documents[2]']);
  });

  it('submits with uploaded files: status 1 at the commune desk, once', async () => {
    const { draftId } = await draftWithFiles();
    const r = await submitOnline(t.ctx, A.congdan!, { draftId, idempotencyKey: 'submit-1' });
    expect(r.created).toBe(true);
    const d = r.dossier;
    expect(d.state).toMatchObject({ status: 'submitted', nationalStatus: 1, channel: 'online', submittedToUnitId: unit['000.00.43.H99'], competentUnitId: unit['000.00.43.H99'] });
    expect(d.applicant.address).toBe('Thôn Trung, xã An Phú');
    const again = await submitOnline(t.ctx, A.congdan!, { draftId, idempotencyKey: 'submit-1' });
    expect([again.created, again.dossier.id, again.dossier.version]).toEqual([false, d.id, 1]);
    expect((await refusal(submitOnline(t.ctx, A.congdan!, { draftId, idempotencyKey: 'submit-2' }))).code).toBe('already_submitted');
    expect((await listMyDrafts(t.ctx, A.congdan!)).items.map((i) => i.id)).not.toContain(draftId);
    expect((await listMyDossiers(t.ctx, A.congdan!)).items.map((i) => i.id)).toContain(d.id);
    expect((await listMyDossiers(t.ctx, A.doanhnghiep!)).items.map((i) => i.id)).not.toContain(d.id);
    const todo = await inbox(t.ctx, A['tiepnhan.anphu']!, { scope: 'unit', filter: 'todo' });
    expect(todo.items.find((i) => i.id === d.id)?.status).toBe('submitted');
    // The desk's reception queue holds exactly the submissions waiting there.
    const queue = await inbox(t.ctx, A['tiepnhan.anphu']!, { scope: 'unit', filter: 'submitted' });
    expect(queue.items.map((i) => i.id)).toContain(d.id);
    expect(queue.items.filter((i) => i.status !== 'submitted' || i.currentUnitId !== unit['000.00.43.H99'])).toEqual([]);
    expect((await inbox(t.ctx, A['tiepnhan.tanlap']!, { scope: 'unit', filter: 'submitted' })).items.map((i) => i.id)).not.toContain(d.id);
  });

  it('is received by the commune desk, which then reads the citizen’s files', async () => {
    const { d, files } = await receivedOnline('submit-received');
    expect(d.code).toMatch(/^000\.00\.43\.H99-261130-\d{4}$/);
    expect(d.state).toMatchObject({ status: 'received', channel: 'online', receivingUnitId: unit['000.00.43.H99'] });
    // 2 working days from Mon 09:00: 390 + 480 + 90 → Wed 2 Dec 09:00.
    expect(vn(d.state.clock!.currentDueAt)).toBe('2026-12-02T09:00:00+07:00');
    const f = await readFile(t.ctx, A['tiepnhan.anphu']!, files[0]!);
    expect(f.file).toMatchObject({ mediaType: 'application/pdf', name: 'to-khai.pdf' });
    expect(Buffer.from(f.data).toString()).toContain('to-khai.pdf');
    expect((await readFile(t.ctx, A.congdan!, files[0]!)).file.id).toBe(files[0]);
    expect((await refusal(readFile(t.ctx, A['tiepnhan.tanlap']!, files[0]!))).kind).toBe('forbidden');
    expect((await refusal(readFile(t.ctx, A.doanhnghiep!, files[0]!))).kind).toBe('not_found');
  });

  it('asks the citizen for a supplement; the answer online restarts the limit (Decree 61)', async () => {
    let { d } = await receivedOnline('submit-supplement');
    set('2026-11-30T02:30:00Z');
    d = await act(t.ctx, A['tiepnhan.anphu']!, d.id, { type: 'forward', payload: { toStepIndex: 1, assigneeId: A['chuyenvien.anphu']!.userId }, expectedVersion: d.version });
    set('2026-11-30T03:30:00Z'); // Mon 10:30
    d = await act(t.ctx, A['chuyenvien.anphu']!, d.id, { type: 'request_supplement', payload: { items: ['Bản sao quyết định ly hôn'], reason: 'Đã từng kết hôn' }, expectedVersion: d.version });
    expect(d.state).toMatchObject({ status: 'awaiting_supplement', nationalStatus: 5, waitingFor: 'supplement' });
    expect(d.state.clock!.status).toBe('paused');
    const mine = await getDossier(t.ctx, A.congdan!, d.id);
    expect(mine.state.supplementRequests[0]).toMatchObject({ items: ['Bản sao quyết định ly hôn'], withinWindow: true });
    const waiting = await inbox(t.ctx, A['tiepnhan.anphu']!, { scope: 'unit', filter: 'waiting_supplement' });
    expect(waiting.items.map((i) => i.id)).toContain(d.id);
    set('2026-12-01T07:00:00Z'); // Tue 14:00
    const copy = await saveFile(t.ctx, A.congdan!, { name: 'quyet-dinh.pdf', bytes: pdf('ly hon') });
    // Someone else's file cannot be attached.
    const other = await saveFile(t.ctx, A.doanhnghiep!, { name: 'x.pdf', bytes: pdf('x') });
    expect((await refusal(answerSupplement(t.ctx, A.congdan!, d.id, { expectedVersion: d.version, fileIds: [other.id] }))).fields[0]!.path).toBe('attachments');
    d = await answerSupplement(t.ctx, A.congdan!, d.id, { expectedVersion: d.version, note: 'Đã bổ sung', fileIds: [copy.id] });
    expect(d.state).toMatchObject({ status: 'assigned', waitingFor: null });
    // Restart: 2 working days from Tue 14:00 → 180 + 480 + 300 → Thu 3 Dec 14:00.
    expect(vn(d.state.clock!.originalDueAt)).toBe('2026-12-03T14:00:00+07:00');
    expect(d.state.timeline.at(-1)).toMatchObject({ type: 'supplement_received', actorRoles: ['applicant'], attachments: [copy.id] });
    expect((await readFile(t.ctx, A['chuyenvien.anphu']!, copy.id)).file.id).toBe(copy.id);
  });
});

/** Received Thu 3 Dec 09:00 (due Thu 10 Dec 09:00), at the Justice specialist from 10:00. */
async function atJusticeOnThursday(key: string): Promise<DossierView> {
  set('2026-12-03T02:00:00Z'); // Thu 3 Dec 09:00 → due Thu 10 Dec 09:00
  const d = await receive(A.tiepnhan!, LAWYER, key);
  expect(vn(d.state.clock!.currentDueAt)).toBe('2026-12-10T09:00:00+07:00');
  return actOn(d, A.tiepnhan!, 'forward', { toStepIndex: 1, assigneeId: A.chuyenvien!.userId }, '2026-12-03T03:00:00Z');
}

describe(`apology and delegation on ${engine}`, () => {
  it('takes one apology before the due instant, never a second', async () => {
    let d = await atJusticeOnThursday('apology-1');
    const step = async (actor: UserActor, type: string, payload: Record<string, unknown> = {}, at?: string) => (d = await actOn(d, actor, type, payload, at));
    set('2026-12-09T03:00:00Z'); // Wed 9 Dec 10:00
    expect((await refusal(act(t.ctx, A.chuyenvien!, d.id, { type: 'apologise', payload: { lateUnitId: unit['000.00.05.H99']!, reason: 'x', newDueAt: new Date('2026-12-11T10:00:00Z') }, expectedVersion: d.version }))).kind).toBe('forbidden');
    await step(A.lanhdao!, 'apologise', { lateUnitId: unit['000.00.05.H99'], reason: 'Cần xác minh thêm', newDueAt: '2026-12-11T10:00:00.000Z' });
    expect(vn(d.state.clock!.currentDueAt)).toBe('2026-12-11T17:00:00+07:00');
    expect(vn(d.state.clock!.originalDueAt)).toBe('2026-12-10T09:00:00+07:00');
    expect(d.state.apology).toMatchObject({ lateUnitId: unit['000.00.05.H99'], signerId: A.lanhdao!.userId, issuedDayBeforeDue: true });
    const e = await refusal(act(t.ctx, A.lanhdao!, d.id, { type: 'apologise', payload: { lateUnitId: unit['000.00.05.H99']!, reason: 'Lần hai', newDueAt: new Date('2026-12-14T10:00:00Z') }, expectedVersion: d.version }));
    expect([e.kind, e.code]).toEqual(['conflict', 'action_not_allowed']);
    expect(e.messages.vi).toContain('một lần');
  });

  it('lets a delegate sign in the leader’s name while the delegation is in force', async () => {
    let d = await atJusticeOnThursday('delegation-1');
    const step = async (actor: UserActor, type: string, payload: Record<string, unknown> = {}, at?: string) => (d = await actOn(d, actor, type, payload, at));
    await step(A.chuyenvien!, 'forward', { toStepIndex: 2 }, '2026-12-09T04:00:00Z');
    await step(A.lanhdao!, 'approve');
    const del = await createDelegation(t.ctx, A.lanhdao!, {
      toUserId: A.chuyenvien!.userId,
      unitId: unit['000.00.05.H99']!,
      scope: 'sign',
      procedureCodes: [LAWYER],
      validFrom: new Date('2026-12-01T00:00:00Z'),
      validTo: new Date('2026-12-31T00:00:00Z'),
    });
    await revokeDelegation(t.ctx, A.lanhdao!, del.id);
    expect((await refusal(act(t.ctx, A.chuyenvien!, d.id, { type: 'sign', payload: {}, expectedVersion: d.version }))).kind).toBe('forbidden');
    await createDelegation(t.ctx, A.lanhdao!, {
      toUserId: A.chuyenvien!.userId,
      unitId: unit['000.00.05.H99']!,
      scope: 'sign',
      validFrom: new Date('2026-12-01T00:00:00Z'),
      validTo: new Date('2026-12-31T00:00:00Z'),
    });
    await step(A.chuyenvien!, 'sign', { documentNumber: '20/GĐK-STP' });
    expect(d.state.status).toBe('signed');
    expect(d.state.timeline.at(-1)!.delegation).toEqual({ fromUserId: A.lanhdao!.userId, scope: 'sign' });
    const stored = await t.ctx.db.selectFrom('dossier_actions').select(['delegation', 'actor_user_id']).where('dossier_id', '=', d.id).where('type', '=', 'sign').executeTakeFirstOrThrow();
    expect(stored).toEqual({ delegation: { fromUserId: A.lanhdao!.userId, scope: 'sign' }, actor_user_id: A.chuyenvien!.userId });
  });

  it('takes an apology after the due instant as a late one, which never clears the breach', async () => {
    set('2026-12-14T02:00:00Z');
    const late = await inbox(t.ctx, A.lanhdao!, { scope: 'unit', filter: 'late' });
    const target = late.items.find((i) => !i.apologised)!;
    const after = await act(t.ctx, A.lanhdao!, target.id, { type: 'apologise', payload: { lateUnitId: unit['000.00.05.H99']!, reason: 'Muộn', newDueAt: new Date('2026-12-18T02:00:00Z') }, expectedVersion: target.version });
    expect(after.state.apology).toMatchObject({ late: true });
    expect(after.state.flags).toMatchObject({ late: true, lateWithoutApology: false, lateApologisedLate: true });
    const listed = (await inbox(t.ctx, A.lanhdao!, { scope: 'unit', filter: 'late' })).items.find((i) => i.id === target.id)!;
    expect(listed).toMatchObject({ late: true, apologised: true, lateApologisedLate: true });
  });
});

describe(`consulting another unit on ${engine}`, () => {
  it('puts the dossier in the consulted unit’s inbox until it replies', async () => {
    set('2026-12-10T02:00:00Z');
    const sxd = await userActor(t.ctx, 'chuyenvien.sxd');
    let d = await receive(A.tiepnhan!, LAWYER, 'consult-1');
    d = await act(t.ctx, A.tiepnhan!, d.id, { type: 'forward', payload: { toStepIndex: 1, assigneeId: A.chuyenvien!.userId }, expectedVersion: d.version });
    expect((await refusal(getDossier(t.ctx, sxd, d.id))).kind).toBe('forbidden');
    d = await act(t.ctx, A.chuyenvien!, d.id, {
      type: 'consult',
      payload: { toUnitId: unit['000.00.10.H99']!, question: 'Trụ sở có phù hợp quy hoạch không?', limit: { amount: 2, unit: 'working_days' } },
      expectedVersion: d.version,
    });
    expect(d.state.status).toBe('consulting');
    expect(vn(d.state.consultations[0]!.dueAt)).toBe('2026-12-14T09:00:00+07:00');
    const theirs = await inbox(t.ctx, sxd, { scope: 'unit', filter: 'consulting' });
    expect(theirs.items.map((i) => i.id)).toContain(d.id);
    const ours = await inbox(t.ctx, A.chuyenvien!, { scope: 'unit', filter: 'consulting' });
    expect(ours.items.map((i) => i.id)).toContain(d.id);
    expect((await getDossier(t.ctx, sxd, d.id)).access).toBe('staff');
    set('2026-12-11T02:00:00Z');
    d = await act(t.ctx, sxd, d.id, { type: 'consult_reply', payload: { consultSeq: 3, answer: 'Phù hợp', agrees: true }, expectedVersion: d.version });
    expect(d.state.consultations[0]).toMatchObject({ state: 'answered', outcome: 'early', answer: 'Phù hợp' });
    expect(d.state.status).toBe('assigned');
    expect((await inbox(t.ctx, sxd, { scope: 'unit', filter: 'consulting' })).items.map((i) => i.id)).not.toContain(d.id);
  });
});

describe(`the projection table on ${engine}`, () => {
  it('is append-only underneath: actions cannot be changed or removed', async () => {
    const e1 = await sql`UPDATE dossier_actions SET comment = 'x' WHERE seq = 1`.execute(t.ctx.db).catch((e: Error) => e);
    expect(String(e1)).toContain('append-only');
    const e2 = await sql`DELETE FROM dossier_actions WHERE seq = 1`.execute(t.ctx.db).catch((e: Error) => e);
    expect(String(e2)).toContain('append-only');
  });

  it('rebuilds to exactly a fresh derivation, and verify finds a tampered row', async () => {
    set('2026-12-15T02:00:00Z');
    await sql`UPDATE dossier_projection SET status = 'returned', current_due_at = now() WHERE dossier_id = (SELECT min(dossier_id) FROM dossier_projection)`.execute(t.ctx.db);
    const bad = await verifyProjections(t.ctx);
    expect(bad.mismatches).toHaveLength(1);
    expect(bad.mismatches[0]!.differences.map((x) => x.column).sort()).toEqual(['current_due_at', 'status']);
    const r = await rebuildProjections(t.ctx, { batch: 4 });
    expect(r.dossiers).toBe(await count('dossiers'));
    expect(r.actions).toBe(await count('dossier_actions'));
    const ok = await verifyProjections(t.ctx, { batch: 3 });
    expect(ok).toEqual({ checked: r.dossiers, mismatches: [] });
    // The rebuilt rows are as of now.
    const asOf = await t.ctx.db.selectFrom('dossier_projection').select('as_of').where('phase', '=', 'processing').execute();
    for (const a of asOf) expect(a.as_of!.getTime()).toBeGreaterThanOrEqual(new Date('2026-12-15T02:00:00Z').getTime());
  });
});
