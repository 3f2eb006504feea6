import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarForUnit, computeDeadline } from '../../src/app/calendar.js';
import { createContext } from '../../src/app/context.js';
import { addWorkingTime } from '../../src/domain/calendar/index.js';
import { createTestApp, unitId, type TestApp } from '../support/app.js';
import { engine } from '../support/db.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs('quantri');
});
afterAll(async () => t?.drop());

const get = (url: string) => t.app.inject({ url, remoteAddress: '10.9.0.1' });
const json = (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, cookie: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });

const fieldOf = (body: { error: { fields: { path: string }[] } }) => body.error.fields.map((f) => f.path);

describe(`calendar API on ${engine}`, () => {
  it('computes a due instant across Tết 2026 with its explanation', async () => {
    const r = await get('/api/v1/calendar/deadline?start=2026-02-10T10:00:00%2B07:00&amount=5&unit=working_days');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ start: '2026-02-10T10:00:00+07:00', due: '2026-02-24T10:00:00+07:00', unit: 'working_days', amount: 5 });
    expect(body.explanation).toHaveLength(15);
    expect(body.explanation[0]).toMatchObject({ date: '2026-02-10', counted: true, minutes: 330 });
    expect(body.explanation.find((d: { date: string }) => d.date === '2026-02-17')).toMatchObject({
      counted: false,
      reason: 'Tết Nguyên đán Bính Ngọ (mùng 1)',
      source: 'announcement',
    });
    expect(body.explanation.filter((d: { counted: boolean }) => d.counted).map((d: { date: string }) => d.date)).toEqual([
      '2026-02-10',
      '2026-02-11',
      '2026-02-12',
      '2026-02-13',
      '2026-02-23',
      '2026-02-24',
    ]);
  });

  it('accepts UTC instants and answers in +07:00; days end at the end of the last day (Civil Code Art. 148)', async () => {
    // 2026-04-24 is a Friday; 2 days end on Sunday 26 (Hùng Kings), 27 is its compensatory day, so the period ends
    // at the end of Tuesday 28 April.
    const r = await get('/api/v1/calendar/deadline?start=2026-04-24T02:00:00Z&amount=2&unit=days');
    expect(r.json()).toMatchObject({ start: '2026-04-24T09:00:00+07:00', due: '2026-04-28T23:59:59.999+07:00' });
    expect(r.json().rule).toContain('cuối ngày');
    // Clock hours ending after closing time move to the next opening, and the explanation says so.
    const h = (await get('/api/v1/calendar/deadline?start=2026-11-23T16:00:00%2B07:00&amount=2&unit=hours')).json();
    expect(h.due).toBe('2026-11-24T07:30:00+07:00');
    expect(h.explanation.at(-1)).toMatchObject({ date: '2026-11-24', counted: false });
    expect(h.explanation.at(-1).reason).toContain('ngoài giờ làm việc');
    const same = await get('/api/v1/calendar/deadline?start=2026-11-20T15:30:00%2B07:00&amount=1&unit=same_day');
    expect(same.json().due).toBe('2026-11-23T17:00:00+07:00');
  });

  it('rejects bad input with the field and a reason in both languages', async () => {
    const cases: [string, string][] = [
      ['start=2026-02-10T10:00:00&amount=5&unit=working_days', 'start'],
      ['start=yesterday&amount=5&unit=working_days', 'start'],
      ['start=2026-02-30T10:00:00%2B07:00&amount=5&unit=working_days', 'start'],
      ['start=2026-02-10T10:00:00%2B07:00&amount=-1&unit=working_days', 'amount'],
      ['start=2026-02-10T10:00:00%2B07:00&amount=abc&unit=working_days', 'amount'],
      ['start=2026-02-10T10:00:00%2B07:00&amount=1000000&unit=working_days', 'amount'],
      ['start=2026-02-10T10:00:00%2B07:00&amount=1.5&unit=days', 'amount'],
      ['start=2026-02-10T10:00:00%2B07:00&amount=5&unit=weeks', 'unit'],
      ['start=2026-02-10T10:00:00%2B07:00&amount=5&unit=working_days&unit_code=000.00.99.H99', 'unit_code'],
      ['amount=5&unit=working_days', 'start'],
    ];
    for (const [q, field] of cases) {
      const r = await get(`/api/v1/calendar/deadline?${q}`);
      expect(r.statusCode, q).toBe(400);
      const body = r.json();
      // Schema-level errors name the request part (querystring.start); rule errors name the parameter.
      const f = body.error.fields.find((x: { path: string }) => x.path === field || x.path === `querystring.${field}`);
      expect(f, `${q} → ${JSON.stringify(fieldOf(body))}`).toBeDefined();
      const m = f.message;
      expect(m.vi.length).toBeGreaterThan(3);
      expect(m.en.length).toBeGreaterThan(3);
      expect(m.vi).not.toBe(m.en);
    }
    const empty = await get('/api/v1/calendar/deadline?start=&amount=5&unit=working_days');
    expect(empty.json().error.fields).toEqual([{ path: 'querystring.start', message: { vi: 'Bắt buộc', en: 'Required' } }]);
    const long = await get('/api/v1/calendar/days?from=2026-01-01&to=2027-02-05');
    expect(long.statusCode).toBe(400);
    expect(fieldOf(long.json())).toEqual(['to']);
    const lunar = await get('/api/v1/calendar/lunar?date=2026-02-30');
    expect(lunar.statusCode).toBe(400);
    expect(fieldOf(lunar.json())).toEqual(['date']);
  });

  it('lists days with reasons and sources, at most 400', async () => {
    const r = await get('/api/v1/calendar/days?from=2026-04-24&to=2026-04-28');
    expect(r.json()).toEqual([
      { date: '2026-04-24', working: true, reason: null, source: null },
      { date: '2026-04-25', working: false, reason: 'Thứ Bảy (nghỉ hằng tuần)', source: 'weekend' },
      { date: '2026-04-26', working: false, reason: expect.stringContaining('Giỗ Tổ Hùng Vương'), source: 'law' },
      { date: '2026-04-27', working: false, reason: 'Nghỉ bù Giỗ Tổ Hùng Vương (26/4 là Chủ nhật)', source: 'announcement' },
      { date: '2026-04-28', working: true, reason: null, source: null },
    ]);
    expect((await get('/api/v1/calendar/days?from=2026-01-01&to=2027-02-04')).json()).toHaveLength(400);
  });

  it('converts to the Vietnamese lunar calendar, not the Chinese one', async () => {
    expect((await get('/api/v1/calendar/lunar?date=2030-02-02')).json()).toMatchObject({ day: 1, month: 1, year: 2030, leap: false });
    expect((await get('/api/v1/calendar/lunar?date=1985-01-21')).json()).toMatchObject({ day: 1, month: 1, year: 1985, leap: false });
    expect((await get('/api/v1/calendar/lunar?date=2026-02-17')).json()).toEqual({ day: 1, month: 1, year: 2026, leap: false, yearName: 'Bính Ngọ' });
  });

  it('unit calendars inherit entries down the tree and are audited; other processes see edits', async () => {
    const tinh = await unitId(t, '000.00.00.H99');
    const ward = await unitId(t, '000.00.41.H99');
    const q = '/api/v1/calendar/deadline?start=2026-03-02T08:00:00%2B07:00&amount=3&unit=working_days';
    // A second context = a second app process on the same database, with its own calendar cache.
    const other = createContext(t.handle, t.ctx.config, t.ctx.clock);
    await calendarForUnit(other, ward);
    expect((await get(`${q}&unit_code=000.00.41.H99`)).json().due).toBe('2026-03-05T08:00:00+07:00');

    const province = await json('POST', '/api/v1/calendar/entries', admin, { unitId: tinh, date: '2026-03-03', kind: 'closure', reason: 'Nghỉ do bão số 1' });
    expect(province.statusCode).toBe(201);
    const wardEntry = await json('POST', '/api/v1/calendar/entries', admin, { unitId: ward, date: '2026-03-04', kind: 'closure', reason: 'Sửa chữa trụ sở' });
    expect(wardEntry.statusCode).toBe(201);
    expect((await get(`${q}&unit_code=000.00.41.H99`)).json().due).toBe('2026-03-09T08:00:00+07:00');
    expect((await get(`${q}&unit_code=000.00.42.H99`)).json().due).toBe('2026-03-06T08:00:00+07:00');
    expect((await get(q)).json().due).toBe('2026-03-05T08:00:00+07:00');
    const viaOther = await computeDeadline(other, { start: '2026-03-02T08:00:00+07:00', amount: 3, unit: 'working_days', unitCode: '000.00.41.H99' });
    expect(viaOther.due).toBe('2026-03-09T08:00:00+07:00');

    const dup = await json('POST', '/api/v1/calendar/entries', admin, { unitId: ward, date: '2026-03-04', kind: 'holiday', reason: 'Trùng' });
    expect(dup.statusCode).toBe(400);
    expect(fieldOf(dup.json())).toEqual(['date']);

    const e = wardEntry.json();
    const stale = await json('PATCH', `/api/v1/calendar/entries/${e.id}`, admin, { kind: 'working_saturday', reason: 'x y', version: 99 });
    expect(stale.statusCode).toBe(409);
    const edited = await json('PATCH', `/api/v1/calendar/entries/${e.id}`, admin, { kind: 'closure', reason: 'Sửa chữa trụ sở (điều chỉnh)', version: e.version });
    expect(edited.json()).toMatchObject({ version: 2, reason: 'Sửa chữa trụ sở (điều chỉnh)' });
    expect((await json('DELETE', `/api/v1/calendar/entries/${e.id}?version=2`, admin)).statusCode).toBe(204);
    expect((await get(`${q}&unit_code=000.00.41.H99`)).json().due).toBe('2026-03-06T08:00:00+07:00');

    const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', 'like', 'calendar.%').orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['calendar.entry.create', 'calendar.entry.create', 'calendar.entry.update', 'calendar.entry.delete']);
  });

  it('refuses calendar edits to non-administrators and to anonymous callers', async () => {
    const ward = await unitId(t, '000.00.41.H99');
    const leader = await t.loginAs('lanhdao');
    const r = await json('POST', '/api/v1/calendar/entries', leader, { unitId: ward, date: '2026-05-04', kind: 'closure', reason: 'Thử' });
    expect(r.statusCode).toBe(403);
    const anon = await t.app.inject({ method: 'POST', url: '/api/v1/calendar/entries', payload: { unitId: null, date: '2026-05-04', kind: 'closure', reason: 'Thử' } });
    expect(anon.statusCode).toBe(401);
    const count = await t.ctx.db.selectFrom('calendar_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('day', '=', '2026-05-04').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('stores next year’s announcement, which replaces the predictions for that year', async () => {
    const before = (await get('/api/v1/calendar/days?from=2027-02-05&to=2027-02-12')).json();
    expect(before.filter((d: { source: string }) => d.source === 'predicted').length).toBeGreaterThan(0);
    const off = ['2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'].map((date) => ({ date, reason: 'Tết Nguyên đán Đinh Mùi' }));
    const bad = await json('PUT', '/api/v1/calendar/announcements/2027', admin, { off: [{ date: '2028-01-01', reason: 'x' }], workingSaturdays: [] });
    expect(bad.statusCode).toBe(400);
    expect(fieldOf(bad.json())[0]).toMatch(/^off\[0\]/);
    const ok = await json('PUT', '/api/v1/calendar/announcements/2027', admin, { reference: 'Công văn thử nghiệm', off, workingSaturdays: [] });
    expect(ok.json()).toEqual({ year: 2027, reference: 'Công văn thử nghiệm', version: 1 });
    const after = (await get('/api/v1/calendar/days?from=2027-02-05&to=2027-02-15')).json();
    expect(after.filter((d: { source: string }) => d.source === 'predicted')).toEqual([]);
    expect(after.filter((d: { working: boolean }) => d.working).map((d: { date: string }) => d.date)).toEqual(['2027-02-05', '2027-02-15']);
    const leader = await t.loginAs('lanhdao');
    expect((await json('PUT', '/api/v1/calendar/announcements/2027', leader, { off, workingSaturdays: [] })).statusCode).toBe(403);
  });

  it('applies a unit’s own office hours', async () => {
    const commune = await unitId(t, '000.00.43.H99');
    const bad = await json('PUT', `/api/v1/calendar/profiles/${commune}`, admin, { officeHours: [{ start: '13:00', end: '11:00' }], sameDayCutoff: null, weeklyRestDays: null });
    expect(bad.statusCode).toBe(400);
    expect(fieldOf(bad.json())[0]).toMatch(/^officeHours/);
    const ok = await json('PUT', `/api/v1/calendar/profiles/${commune}`, admin, {
      officeHours: [
        { start: '07:00', end: '11:00' },
        { start: '13:30', end: '17:30' },
      ],
      sameDayCutoff: '16:00',
      weeklyRestDays: null,
    });
    expect(ok.statusCode).toBe(204);
    // Received 16:30 on Monday 9 Nov 2026 with 2 working hours: one hour that day, one the next morning from 07:00.
    const r = await get('/api/v1/calendar/deadline?start=2026-11-09T16:30:00%2B07:00&amount=2&unit=working_hours&unit_code=000.00.43.H99');
    expect(r.json().due).toBe('2026-11-10T08:00:00+07:00');
    const cal = await calendarForUnit(t.ctx, commune);
    expect(addWorkingTime(new Date('2026-11-09T09:30:00Z'), 2, 'working_hours', cal).toISOString()).toBe('2026-11-10T01:00:00.000Z');
  });
});
