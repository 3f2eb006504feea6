// The province's dossier rules as configuration, over HTTP on the engine MOTCUA_TEST_DB names: a province
// administrator sets them (API and page), a dossier received after that pins them (a supplement window of 5 working
// days, an apology warning 3 working days before the due), a dossier received before keeps the defaults, and a
// refusal (403, 400, 422) writes nothing.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remindersDue } from '../../src/app/dossiers/index.js';
import { DEMO_PASSWORD } from '../../src/seed/seed.js';
import { createTestApp, formSession, type TestApp } from '../support/app.js';
import { engine } from '../support/db.js';
import { fullChecklist } from '../support/dossiers.js';
import { apiClient } from '../support/http.js';

let t: TestApp;
const LAWYER = '1.002099'; // Sở Tư pháp through the provincial centre, 5 working days
const URL = '/api/v1/settings/dossier-rules';
const { call, counter } = apiClient(() => t, 89);

const set = (iso: string) => (t.clock.now = new Date(iso));


interface Dossier {
  id: number;
  code: string;
  version: number;
  state: Record<string, any>;
}

async function receive(key: string): Promise<Dossier> {
  const applicant = { kind: 'citizen', fullName: `Lý Thị Quy ${key}`, idNumber: `0361952${String(10000 + counter()).slice(-5)}`, phone: '0913 555 828', email: `quy.${key}@example.vn`, address: 'Số 3 đường Lê Lợi' };
  const r = await call('POST', '/api/v1/dossiers', 'tiepnhan', { procedureCode: LAWYER, channel: 'counter', applicant, documents: await fullChecklist(t.ctx, LAWYER) }, { 'idempotency-key': `rules-${key}` });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().dossier;
}

async function act(d: Dossier, as: string, type: string, payload: Record<string, unknown> = {}) {
  return call('POST', `/api/v1/dossiers/${d.code}/actions`, as, { type, payload, expectedVersion: d.version });
}

async function inboxItem(as: string, id: number) {
  const r = await call('GET', '/api/v1/dossiers?scope=unit&filter=all&pageSize=100', as);
  expect(r.statusCode, r.body).toBe(200);
  return (r.json().items as { id: number }[]).find((i) => i.id === id) as Record<string, any> | undefined;
}

const stored = async () => (await t.ctx.db.selectFrom('app_settings').select('value').where('key', '=', 'dossier_rules').executeTakeFirst())?.value;
const auditCount = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'settings.dossier_rules_update'`.execute(t.ctx.db)).rows[0]!.n;
const pinnedRules = async (id: number) => (await sql<{ r: Record<string, unknown> }>`SELECT pinned->'rules' AS r FROM dossiers WHERE id = ${id}`.execute(t.ctx.db)).rows[0]!.r;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.drop();
});

describe(`province dossier rules over HTTP on ${engine}`, () => {
  let before: Dossier;
  let after: Dossier;

  it('receives a dossier under the default rules, which staff can read', async () => {
    set('2026-11-23T01:30:00Z'); // Mon 23 Nov 08:30
    before = await receive('before');
    const r = await call('GET', URL, 'tiepnhan');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ overrides: {}, canEdit: false, rules: { supplementWindowWorkingDays: 3, apologyWarningWorkingDays: 2 } });
    expect(await pinnedRules(before.id)).toMatchObject({ supplementWindowWorkingDays: 3, apologyWarningWorkingDays: 2 });
  });

  it('refuses anyone but a province administrator, writing nothing', async () => {
    const audits = await auditCount();
    for (const who of ['tiepnhan', 'lanhdao']) {
      const r = await call('PUT', URL, who, { supplementWindowWorkingDays: 5 });
      expect(r.statusCode, r.body).toBe(403);
      expect(r.json().error.message.vi).not.toBe(r.json().error.message.en);
    }
    expect((await call('PUT', URL, null, { supplementWindowWorkingDays: 5 })).statusCode).toBe(401);
    expect(await stored()).toBeUndefined();
    expect(await auditCount()).toBe(audits);
  });

  it('refuses bad input with the field and both languages, writing nothing', async () => {
    const audits = await auditCount();
    let r = await call('PUT', URL, 'quantri', {
      supplementWindowWorkingDays: 31,
      lateSupplementRequest: 'maybe',
      apologyMaxExtension: { amount: 2, unit: 'working_days', dayEnd: 'closing' },
      stopGrounds: [{ code: 'Bad Code', label: { vi: 'x', en: 'x' } }, { code: 'applicant_withdrawal', label: { vi: 'Rút', en: 'Withdrawal' } }],
      nonsense: 1,
    });
    expect(r.statusCode, r.body).toBe(400);
    const e = r.json().error;
    const paths = (e.fields as { path: string }[]).map((f) => f.path);
    for (const p of ['supplementWindowWorkingDays', 'lateSupplementRequest', 'apologyMaxExtension.dayEnd', 'stopGrounds.0.code', 'stopGrounds.1.code']) expect(paths.some((x) => x.endsWith(p)), `${p} in ${paths}`).toBe(true);
    const window = e.fields.find((f: { path: string }) => f.path.endsWith('supplementWindowWorkingDays'));
    expect(window.message.vi).toContain('từ 0 đến 30');
    expect(window.message.en).toContain('from 0 to 30');
    // Rules that contradict each other: the warning would start after the apology deadline.
    r = await call('PUT', URL, 'quantri', { apologyLeadWorkingDays: 3, apologyWarningWorkingDays: 2 });
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json().error.fields[0]).toMatchObject({ path: 'apologyWarningWorkingDays' });
    expect(r.json().error.fields[0].message.vi).not.toBe(r.json().error.fields[0].message.en);
    expect(await stored()).toBeUndefined();
    expect(await auditCount()).toBe(audits);
  });

  it('lets the province administrator set a 5-day supplement window and a 3-day apology warning, audited', async () => {
    const r = await call('PUT', URL, 'quantri', { supplementWindowWorkingDays: 5, apologyWarningWorkingDays: 3 });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      overrides: { supplementWindowWorkingDays: 5, apologyWarningWorkingDays: 3 },
      rules: { supplementWindowWorkingDays: 5, apologyWarningWorkingDays: 3, dueSoonWorkingDays: 1, lateSupplementRequest: 'refuse' },
      defaults: { supplementWindowWorkingDays: 3 },
      canEdit: true,
    });
    expect(JSON.parse((await stored())!)).toEqual({ supplementWindowWorkingDays: 5, apologyWarningWorkingDays: 3 });
    const audit = await t.ctx.db.selectFrom('audit_log').select(['details', 'target_id']).where('action', '=', 'settings.dossier_rules_update').executeTakeFirstOrThrow();
    expect(audit.details).toEqual({ before: {}, after: { supplementWindowWorkingDays: 5, apologyWarningWorkingDays: 3 } });
    expect((await call('GET', '/docs/json', null)).json().paths[URL]).toHaveProperty('put');
  });

  it('pins the rules in force at reception; the dossier received before keeps the defaults', async () => {
    set('2026-11-23T02:00:00Z'); // Mon 23 Nov 09:00: due Mon 30 Nov 09:00
    after = await receive('after');
    expect(await pinnedRules(after.id)).toMatchObject({ supplementWindowWorkingDays: 5, apologyWarningWorkingDays: 3, dueSoonWorkingDays: 1 });
    expect(await pinnedRules(before.id)).toMatchObject({ supplementWindowWorkingDays: 3, apologyWarningWorkingDays: 2 });
    set('2026-11-23T02:30:00Z');
    const chuyenvien = (await t.ctx.db.selectFrom('users').select('id').where('username', '=', 'chuyenvien').executeTakeFirstOrThrow()).id;
    for (const d of [before, after]) {
      const r = await act(d, 'tiepnhan', 'forward', { toStepIndex: 1, assigneeId: chuyenvien });
      expect(r.statusCode, r.body).toBe(200);
      Object.assign(d, r.json());
    }
    expect(after.state.clock.originalDueAt).toBe('2026-11-30T02:00:00.000Z');
  });

  it('flags the apology 3 working days before the due for the dossier that pinned it, 2 for the other', async () => {
    const row = async (id: number) => t.ctx.db.selectFrom('dossier_projection').select(['apology_warning_from', 'due_soon_from']).where('dossier_id', '=', id).executeTakeFirstOrThrow();
    expect((await row(after.id)).apology_warning_from?.toISOString()).toBe('2026-11-25T02:00:00.000Z');
    // Received at 08:30: due Mon 30 Nov 08:30, warned from Thu 26 Nov 08:30 under the defaults.
    expect((await row(before.id)).apology_warning_from?.toISOString()).toBe('2026-11-26T01:30:00.000Z');
    set('2026-11-24T10:00:00Z'); // Tue 24 Nov 17:00: neither yet
    expect(await inboxItem('lanhdao', after.id)).toMatchObject({ apologyDueSoon: false });
    set('2026-11-25T03:00:00Z'); // Wed 25 Nov 10:00: 3 working days before the due, not 2
    expect(await inboxItem('lanhdao', after.id)).toMatchObject({ apologyDueSoon: true, late: false, dueSoon: false });
    expect(await inboxItem('lanhdao', before.id)).toMatchObject({ apologyDueSoon: false });
    const digest = await remindersDue(t.ctx, t.clock.now);
    const listed = digest.units.flatMap((u) => u.dueSoon).map((i) => i.id);
    expect(listed).toContain(after.id);
    expect(listed).not.toContain(before.id);
  });

  it('accepts a supplement request on working day 4 under the pinned 5-day window, refuses it under the default', async () => {
    set('2026-11-27T03:00:00Z'); // Fri 27 Nov 10:00: the default window closed Thu 26 Nov 09:30
    let r = await act(before, 'chuyenvien', 'request_supplement', { items: ['Bản sao hợp đồng thuê trụ sở'], reason: 'Thiếu' });
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json().error.message.vi).toContain('3 ngày làm việc');
    r = await act(after, 'chuyenvien', 'request_supplement', { items: ['Bản sao hợp đồng thuê trụ sở'], reason: 'Thiếu' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().state.status).toBe('awaiting_supplement');
  });

  it('renders the admin page and saves the form (CSRF), storing only what differs from the defaults', async () => {
    const session = await formSession(t);
    expect((await session.post('/login', { username: 'quantri', password: DEMO_PASSWORD, next: '/' })).statusCode).toBe(303);
    const get = await session.get('/admin/settings/dossier-rules');
    expect(get.statusCode).toBe(200);
    expect(get.body).toContain('Nghị định 61/2018/NĐ-CP');
    expect(get.body).toContain('for="f-supplementWindowWorkingDays"');
    expect(get.body).toMatch(/name="supplementWindowWorkingDays"[^>]*value="5"|value="5"[^>]*name="supplementWindowWorkingDays"/);
    expect(get.body).toContain('href="/admin/settings/dossier-rules"');
    const fields = {
      supplementWindowWorkingDays: '4',
      lateSupplementRequest: 'refuse',
      supplementRequestsCountedOnTime: '1',
      apologyDeadline: 'working_days_before_due',
      apologyLeadWorkingDays: '1',
      apologyWarningWorkingDays: '2',
      apologyMaxExtension: 'working_days',
      apologyMaxExtensionAmount: '10',
      apologyMaxExtensionDayEnd: '',
      stopGrounds: 'forged_documents | Hồ sơ có giấy tờ giả mạo | The dossier contains forged documents\nland_dispute | Có tranh chấp đất đai | A land dispute',
      refusalAfterExaminationStatus: '9',
      supplementBeforeReceptionStatus: '5',
      dueSoonWorkingDays: '2',
    };
    // Without the token: refused, nothing stored.
    const forged = await session.post('/admin/settings/dossier-rules', fields, 'wrong-token');
    expect(forged.statusCode).toBe(403);
    expect(JSON.parse((await stored())!)).toEqual({ supplementWindowWorkingDays: 5, apologyWarningWorkingDays: 3 });
    // A refused value comes back on the form with its message.
    const bad = await session.post('/admin/settings/dossier-rules', { ...fields, dueSoonWorkingDays: '40' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('f-dueSoonWorkingDays-err');
    const saved = await session.post('/admin/settings/dossier-rules', fields);
    expect(saved.statusCode, saved.body.slice(0, 500)).toBe(303);
    expect(JSON.parse((await stored())!)).toEqual({
      supplementWindowWorkingDays: 4,
      apologyMaxExtension: { amount: 10, unit: 'working_days' },
      stopGrounds: [
        { code: 'forged_documents', label: { vi: 'Hồ sơ có giấy tờ giả mạo', en: 'The dossier contains forged documents' } },
        { code: 'land_dispute', label: { vi: 'Có tranh chấp đất đai', en: 'A land dispute' } },
      ],
      dueSoonWorkingDays: 2,
    });
    expect(await auditCount()).toBe(2);
    // A desk official sees the rules, not the form's button.
    const desk = await formSession(t);
    expect((await desk.post('/login', { username: 'tiepnhan', password: DEMO_PASSWORD, next: '/' })).statusCode).toBe(303);
    const view = await desk.get('/admin/settings/dossier-rules');
    expect(view.statusCode).toBe(200);
    expect(view.body).toContain('fieldset disabled');
  });
});
