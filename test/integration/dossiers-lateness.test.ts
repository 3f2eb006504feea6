// Lateness that no action can hide, through the HTTP API on the engine MOTCUA_TEST_DB names (issue 10 B1–B3, B7):
// a stop needs a ground and a late stop stays late; a supplement request after its window or a second one is
// refused; under the restart policy the due reads "recounted" while waiting and a new appointment is announced; a
// late apology is recorded late and never clears the breach; lists and form 07 judge against the original due.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDailyReminders } from '../../src/app/reminders.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { engine } from '../support/db.js';
import { fullChecklist } from '../support/dossiers.js';
import { apiClient } from '../support/http.js';

let t: TestApp;
const LAWYER = '1.002099'; // Sở Tư pháp through the provincial centre, 5 working days
const STP = '000.00.05.H99';
const CENTRE = '000.00.31.H99';
const unit: Record<string, number> = {};
const { call, counter } = apiClient(() => t, 88);

const set = (iso: string) => (t.clock.now = new Date(iso));


interface Dossier {
  id: number;
  code: string;
  version: number;
  trackingToken: string;
  state: Record<string, any>;
}

async function receive(key: string): Promise<Dossier> {
  const applicant = { kind: 'citizen', fullName: `Trần Văn Hạn ${key}`, idNumber: `0361951${String(10000 + counter()).slice(-5)}`, phone: '0913 555 827', email: `han.${key}@example.vn`, address: 'Số 9 đường Trần Phú' };
  const r = await call('POST', '/api/v1/dossiers', 'tiepnhan', { procedureCode: LAWYER, channel: 'counter', applicant, documents: await fullChecklist(t.ctx, LAWYER) }, { 'idempotency-key': `late-${key}` });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().dossier;
}

async function act(d: Dossier, as: string, type: string, payload: Record<string, unknown> = {}) {
  return call('POST', `/api/v1/dossiers/${d.code}/actions`, as, { type, payload, expectedVersion: d.version });
}

/** Acts and expects success; returns the dossier after the action. */
async function ok(d: Dossier, as: string, type: string, payload: Record<string, unknown> = {}): Promise<Dossier> {
  const r = await act(d, as, type, payload);
  expect(r.statusCode, `${type}: ${r.body}`).toBe(200);
  return r.json();
}

const actionCount = async (id: number) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM dossier_actions WHERE dossier_id = ${id}`.execute(t.ctx.db)).rows[0]!.n;

/** Expects a refusal in both languages that wrote nothing; returns the error. */
async function refused(d: Dossier, as: string, type: string, payload: Record<string, unknown>, status = 409) {
  const before = await actionCount(d.id);
  const r = await act(d, as, type, payload);
  expect(r.statusCode, r.body).toBe(status);
  const e = r.json().error;
  expect(e.message.vi.length).toBeGreaterThan(0);
  expect(e.message.en.length).toBeGreaterThan(0);
  expect(e.message.vi).not.toBe(e.message.en);
  expect(await actionCount(d.id)).toBe(before);
  return e as { code: string; message: { vi: string; en: string }; fields: { path: string }[] };
}

const projection = async (id: number) => t.ctx.db.selectFrom('dossier_projection').selectAll().where('dossier_id', '=', id).executeTakeFirstOrThrow();

async function inboxItem(as: string, filter: string, id: number) {
  const r = await call('GET', `/api/v1/dossiers?scope=unit&filter=${filter}&pageSize=100`, as);
  expect(r.statusCode, r.body).toBe(200);
  return (r.json().items as { id: number }[]).find((i) => i.id === id) as Record<string, any> | undefined;
}

async function book(): Promise<string> {
  const r = await call('GET', `/reports/tracking-book?unitId=${unit[CENTRE]}&year=2026`, 'tiepnhan');
  expect(r.statusCode, r.body.slice(0, 500)).toBe(200);
  return r.body;
}

beforeAll(async () => {
  t = await createTestApp();
  for (const u of await t.ctx.db.selectFrom('units').select(['id', 'code']).execute()) unit[u.code] = u.id;
});
afterAll(async () => {
  await t?.drop();
});

const chuyenvienId = async () => (await t.ctx.db.selectFrom('users').select('id').where('username', '=', 'chuyenvien').executeTakeFirstOrThrow()).id;

/** A dossier received on Mon 23 Nov 09:00 (due Mon 30 Nov 09:00), still at the centre's desk. */
async function receivedOnMonday(key: string): Promise<Dossier> {
  set('2026-11-23T02:00:00Z');
  return receive(key);
}

/** A dossier received on Mon 23 Nov 09:00 and handed to the Department of Justice's specialist at 09:30. */
async function atJustice(key: string, supplementPolicy?: 'restart'): Promise<Dossier> {
  const d = await receivedOnMonday(key);
  // The restart policy (Decree 61), as a procedure would pin it.
  if (supplementPolicy) await sql`UPDATE dossiers SET pinned = jsonb_set(pinned, '{supplementPolicy}', ${JSON.stringify(supplementPolicy)}::jsonb) WHERE id = ${d.id}`.execute(t.ctx.db);
  set('2026-11-23T02:30:00Z');
  return ok(d, 'tiepnhan', 'forward', { toStepIndex: 1, assigneeId: await chuyenvienId() });
}

/** At Justice, apologised for late on Tue 1 Dec 09:00 (a day after the due) with a new appointment, then finished. */
async function finishedAfterLateApology(key: string): Promise<Dossier> {
  let d = await atJustice(key);
  set('2026-12-01T02:00:00Z');
  d = await ok(d, 'lanhdao', 'apologise', { lateUnitId: unit[STP], reason: 'Cần xác minh trụ sở chi nhánh', newDueAt: '2026-12-04T10:00:00.000Z' });
  set('2026-12-01T03:00:00Z');
  d = await ok(d, 'chuyenvien', 'forward', { toStepIndex: 2 });
  d = await ok(d, 'lanhdao', 'approve');
  d = await ok(d, 'lanhdao', 'sign', { documentNumber: '77/QĐ-STP' });
  return ok(d, 'lanhdao', 'finish');
}

describe(`lateness that no action hides, over HTTP on ${engine}`, () => {
  it('hands a dossier received on Mon 23 Nov 09:00 to the Department of Justice, due Mon 30 Nov 09:00', async () => {
    const d = await atJustice('due');
    expect(d.state.clock.originalDueAt).toBe('2026-11-30T02:00:00.000Z');
  });

  it('refuses a stop without a ground, or without its document, and writes nothing', async () => {
    const early = await receivedOnMonday('stop-early');
    set('2026-11-23T03:00:00Z');
    let e = await refused(early, 'lanhdao', 'stop', { reason: 'Dừng' });
    expect(e.fields.map((f) => f.path)).toEqual(['payload.ground']);
    e = await refused(early, 'lanhdao', 'stop', { reason: 'Dừng', ground: 'applicant_withdrawal' });
    expect(e.message.en).toMatch(/withdrawal/);
    e = await refused(early, 'lanhdao', 'stop', { reason: 'Dừng', ground: 'authority_request' });
    expect(e.fields.map((f) => f.path)).toEqual(['payload.documentReference']);
    const stopped = await ok(early, 'lanhdao', 'stop', { reason: 'Tòa án yêu cầu tạm dừng', ground: 'authority_request', documentReference: '15/CV-TA' });
    expect(stopped.state).toMatchObject({ status: 'stopped', outcomeAgainstOriginal: null, scores: { indicator1: null } });
  });

  it('refuses a supplement request after three working days from the unit receiving the dossier', async () => {
    const tooLate = await atJustice('supplement-late');
    set('2026-11-27T03:00:00Z'); // Fri 27 Nov 10:00; the window closed Thu 26 Nov 09:30
    const e = await refused(tooLate, 'chuyenvien', 'request_supplement', { items: ['Bản sao hợp đồng thuê trụ sở'], reason: 'Thiếu' });
    expect(e.code).toBe('action_not_allowed');
    expect(e.message.vi).toContain('3 ngày làm việc');
  });

  it('refuses a second supplement request during processing', async () => {
    let twice = await atJustice('supplement-twice');
    set('2026-11-24T02:00:00Z');
    twice = await ok(twice, 'chuyenvien', 'request_supplement', { items: ['Bản sao hợp đồng thuê trụ sở'], reason: 'Thiếu' });
    set('2026-11-24T08:00:00Z');
    twice = await ok(twice, 'tiepnhan', 'supplement_received', { note: 'Đã nộp đủ' });
    const e = await refused(twice, 'chuyenvien', 'request_supplement', { items: ['Bản chính'], reason: 'Còn thiếu' });
    expect(e.message.en).toMatch(/second request/);
  });

  it('under the restart policy shows "recounted when the supplement arrives" everywhere, then tells the new appointment', async () => {
    let restart = await atJustice('supplement-restart', 'restart');
    set('2026-11-24T03:00:00Z');
    restart = await ok(restart, 'chuyenvien', 'request_supplement', { items: ['Bản sao hợp đồng thuê trụ sở'], reason: 'Thiếu' });
    expect(restart.state.clock.dueRecountedOnSupplement).toBe(true);
    set('2026-11-25T02:00:00Z');
    const item = await inboxItem('chuyenvien', 'waiting_supplement', restart.id);
    expect(item).toMatchObject({ dueRecounted: true, currentDueAt: null, originalDueAt: null, remainingWorkingMinutes: null, late: false });
    const pub = await call('GET', `/api/v1/public/dossiers/${restart.code}?t=${restart.trackingToken}`, null);
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json()).toMatchObject({ dueAt: null, dueRecounted: true });
    const page = await call('GET', `/tra-cuu/${restart.code}?t=${restart.trackingToken}`, null);
    expect(page.body).toContain('Tính lại khi nhận đủ hồ sơ bổ sung');
    const staff = await call('GET', `/dossiers/${restart.id}`, 'chuyenvien');
    expect(staff.body).toContain('Tính lại khi nhận đủ hồ sơ bổ sung');
    expect((await projection(restart.id)).current_due_at).toBeNull();

    set('2026-11-26T02:00:00Z'); // Thu 26 Nov 09:00: the whole limit again, due Thu 3 Dec 09:00
    restart = await ok(restart, 'tiepnhan', 'supplement_received', { note: 'Đã nộp đủ' });
    expect(restart.state.clock).toMatchObject({ dueRecountedOnSupplement: false, currentDueAt: '2026-12-03T02:00:00.000Z' });
    const told = await t.ctx.db.selectFrom('notification_outbox').select(['channel', 'body']).where('dossier_id', '=', restart.id).where('kind', '=', 'dossier.supplement_received').execute();
    expect(told.map((m) => m.channel).sort()).toEqual(['email', 'sms']);
    for (const m of told) expect(m.body).toMatch(/09:00 ngay 03\/12\/2026|09:00 ngày 03\/12\/2026/);
  });

  it('warns the leader from two working days before the due that an apology will be due', async () => {
    const apology = await atJustice('apology-warning');
    set('2026-11-26T02:00:00Z'); // Thu 26 Nov 09:00, due Mon 30 Nov 09:00
    expect(await inboxItem('lanhdao', 'all', apology.id)).toMatchObject({ apologyDueSoon: true, apologised: false, late: false });
    // The daily reminder lists it under its own heading: not yet due within one working day.
    await sendDailyReminders(t.ctx, undefined, t.clock.now);
    const sent = await t.ctx.db.selectFrom('notification_outbox').select(['kind', 'channel', 'body']).where('kind', 'like', 'reminder.%').execute();
    const mail = sent.find((m) => m.channel === 'email' && m.body.includes(apology.code));
    expect(mail, JSON.stringify(sent)).toBeDefined();
    const body = mail!.body;
    const apologyHeading = body.indexOf('Hồ sơ sắp hết hạn gửi văn bản xin lỗi (Mẫu 04)');
    expect(apologyHeading, body).toBeGreaterThanOrEqual(0);
    expect(body.indexOf(apology.code), body).toBeGreaterThan(apologyHeading);
    // Listed once, in the apology section (which comes after the due-within-a-day one).
    expect(body.split(apology.code).length - 1, body).toBe(1);
  });

  it('after the due instant takes a late apology, bounded and from the late unit only, and the breach stays', async () => {
    let apology = await atJustice('apology-late');
    set('2026-12-01T02:00:00Z'); // Tue 1 Dec 09:00, a day after the due
    const late = await inboxItem('lanhdao', 'late', apology.id);
    expect(late).toMatchObject({ late: true, lateWithoutApology: true, apologyDueSoon: false });
    const newDueAt = '2026-12-04T10:00:00.000Z';
    await refused(apology, 'chuyenvien', 'apologise', { lateUnitId: unit[STP], reason: 'Chậm', newDueAt }, 403);
    // At most the limit again (five working days) from now: Tue 8 Dec 09:00.
    let e = await refused(apology, 'lanhdao', 'apologise', { lateUnitId: unit[STP], reason: 'Chậm', newDueAt: '2026-12-09T02:00:00.000Z' });
    expect(e.fields.map((f) => f.path)).toEqual(['payload.newDueAt']);
    e = await refused(apology, 'lanhdao', 'apologise', { lateUnitId: unit[STP], reason: 'Chậm', newDueAt: '2026-11-30T08:00:00.000Z' });
    expect(e.fields.map((f) => f.path)).toEqual(['payload.newDueAt']);
    apology = await ok(apology, 'lanhdao', 'apologise', { lateUnitId: unit[STP], reason: 'Cần xác minh trụ sở chi nhánh', newDueAt });
    expect(apology.state.apology).toMatchObject({ late: true, previousDueAt: '2026-11-30T02:00:00.000Z', newDueAt });
    expect(apology.state.flags).toMatchObject({ late: true, lateWithoutApology: false, lateApologisedLate: true });

    set('2026-12-01T03:00:00Z');
    const listed = await inboxItem('lanhdao', 'late', apology.id);
    expect(listed).toMatchObject({ late: true, lateWithoutApology: false, lateApologisedLate: true, apologised: true, originalDueAt: '2026-11-30T02:00:00.000Z', currentDueAt: newDueAt });

    apology = await ok(apology, 'chuyenvien', 'forward', { toStepIndex: 2 });
    apology = await ok(apology, 'lanhdao', 'approve');
    apology = await ok(apology, 'lanhdao', 'sign', { documentNumber: '77/QĐ-STP' });
    // The leader finishes at the approval step; the result goes back to the desk's final step by itself.
    apology = await ok(apology, 'lanhdao', 'finish');
    expect(apology.state).toMatchObject({ outcomeAgainstOriginal: 'late', scores: { indicator1: 0 } });
    expect(apology.state.outcome).not.toBe('late');
    expect(await projection(apology.id)).toMatchObject({ outcome_against_original: 'late', indicator1: 0, late_apologised_late: true, late_without_apology: false, apology_late: true });
  });

  it('counts a stop after the due instant late in every figure, form 07 included', async () => {
    // Given: one dossier stopped before its due, one finished after a late apology, one received on Monday…
    const apology = await finishedAfterLateApology('book-apology-late');
    const early = await receivedOnMonday('book-stop-early');
    set('2026-11-23T03:00:00Z');
    await ok(early, 'lanhdao', 'stop', { reason: 'Tòa án yêu cầu tạm dừng', ground: 'authority_request', documentReference: '15/CV-TA' });
    let lateStop = await receivedOnMonday('book-stop-late');
    // …when the applicant withdraws it on Wed 2 Dec, after its due, and the leader stops it:
    set('2026-12-02T02:00:00Z');
    lateStop = await ok(lateStop, 'tiepnhan', 'request_withdrawal', { reason: 'Chờ lâu quá' });
    lateStop = await ok(lateStop, 'lanhdao', 'stop', { reason: 'Công dân rút hồ sơ', ground: 'applicant_withdrawal' });
    expect(lateStop.state).toMatchObject({ status: 'stopped', outcome: 'late', outcomeAgainstOriginal: 'late', scores: { indicator1: 0 } });
    expect(await projection(lateStop.id)).toMatchObject({ outcome_against_original: 'late', indicator1: 0, late_without_apology: true });
    expect(await projection(early.id)).toMatchObject({ outcome_against_original: null, indicator1: null, late_without_apology: false });

    const html = await book();
    const row = (code: string) => {
      const i = html.indexOf(code);
      expect(i, code).toBeGreaterThan(0);
      return html.slice(i, html.indexOf('</tr>', i));
    };
    expect(row(lateStop.code)).toContain('Dừng xử lý, quá hạn');
    expect(row(early.code)).not.toContain('quá hạn');
    // Judged against the original appointment, the new one beside it.
    expect(row(apology.code)).toContain('Quá hạn');
    expect(row(apology.code)).toContain('hẹn lại');
    expect(row(apology.code)).toContain('Xin lỗi muộn');
  });
});

describe(`a procedure whose process allows more than one supplement request, over HTTP on ${engine}`, () => {
  it('the province says so in the approved process; dossiers received after that may be asked twice', async () => {
    set('2026-12-07T02:00:00Z'); // Mon 7 Dec 09:00
    const view = (await call('GET', `/api/v1/procedures/${LAWYER}`, 'quantri')).json();
    const process = { ...view.process.body, repeatSupplementRequests: true, approval: { number: '41/QĐ-UBND', date: '2026-12-04' } };
    const put = await call('PUT', `/api/v1/procedures/${LAWYER}/process`, 'quantri', { process, revision: view.revision });
    expect(put.statusCode, put.body).toBe(200);
    expect((await call('GET', `/api/v1/procedures/${LAWYER}`, 'quantri')).json().process.body.repeatSupplementRequests).toBe(true);

    let d = await receive('supplement-allowed-twice');
    expect(d.state).toBeDefined();
    const chuyenvien = (await t.ctx.db.selectFrom('users').select('id').where('username', '=', 'chuyenvien').executeTakeFirstOrThrow()).id;
    d = await ok(d, 'tiepnhan', 'forward', { toStepIndex: 1, assigneeId: chuyenvien });
    set('2026-12-07T03:00:00Z');
    d = await ok(d, 'chuyenvien', 'request_supplement', { items: ['Bản sao hợp đồng thuê trụ sở'], reason: 'Thiếu' });
    set('2026-12-07T07:00:00Z');
    d = await ok(d, 'tiepnhan', 'supplement_received', { note: 'Đã nộp đủ' });
    d = await ok(d, 'chuyenvien', 'request_supplement', { items: ['Bản chính giấy chứng nhận'], reason: 'Còn thiếu bản chính' });
    expect(d.state.supplementRequestCount).toBe(2);
  });
});
