import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, formSession, unitId, type TestApp } from '../support/app.js';
import { engine } from '../support/db.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.drop());

async function signedIn(username: string) {
  const s = await formSession(t);
  const r = await s.post('/login', { username, password: 'MotCua@2026', next: '/' });
  expect(r.statusCode).toBe(303);
  return s;
}

describe(`calendar pages on ${engine}`, () => {
  it('the public calculator works without an account and escapes what it echoes', async () => {
    const s = await formSession(t);
    const blank = await s.get('/deadline');
    expect(blank.statusCode).toBe(200);
    expect(blank.body).toContain('<label for="f-amount">');
    const r = await s.get('/deadline?date=2026-02-10&time=10:00&amount=5&unit=working_days&unit_code=');
    expect(r.body).toContain('10:00 Thứ Ba, 24/02/2026');
    expect(r.body).toContain('Tết Nguyên đán Bính Ngọ (mùng 1)');
    // Calendar days end at the end of the last day (Civil Code Art. 148), and the page says so.
    const days = await s.get('/deadline?date=2026-11-18&time=10:00&amount=3&unit=days&unit_code=');
    expect(days.body).toContain('23:59 Thứ Hai, 23/11/2026');
    expect(days.body).toContain('kết thúc vào cuối ngày (24:00) ngày cuối cùng');
    const hours = await s.get('/deadline?date=2026-11-23&time=16:00&amount=2&unit=hours&unit_code=');
    expect(hours.body).toContain('07:30 Thứ Ba, 24/11/2026');
    expect(hours.body).toContain('Hết hạn ngoài giờ làm việc: chuyển sang giờ làm việc kế tiếp');
    const bad = await s.get('/deadline?date=2026-02-31&time=10:00&amount=<script>&unit=weeks');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('role="alert"');
    expect(bad.body).not.toContain('<script>');
    expect(bad.body).toContain('&lt;script&gt;');
    expect(bad.body).toMatch(/id="f-date"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-date"/);
  });

  it('an administrator adds, edits and removes entries through forms (CSRF-protected, audited)', async () => {
    const s = await signedIn('quantri');
    const ward = await unitId(t, '000.00.41.H99');
    const back = `/admin/calendar?unit=${ward}&year=2026`;
    const page = await s.get(back);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Thêm vào lịch');

    const forged = await s.post('/admin/calendar/entries', { unitId: String(ward), date: '2026-12-07', kind: 'closure', reason: 'Bão', back }, 'x'.repeat(32));
    expect(forged.statusCode).toBe(403);

    const missing = await s.post('/admin/calendar/entries', { unitId: String(ward), date: '', kind: 'closure', reason: '', back });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('href="#f-date"');

    const ok = await s.post('/admin/calendar/entries', { unitId: String(ward), date: '2026-12-07', kind: 'closure', reason: 'Đóng cửa do bão', back });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`${back}&saved=1`);
    const row = await t.ctx.db.selectFrom('calendar_entries').selectAll().where('day', '=', '2026-12-07').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ unit_id: ward, kind: 'closure', reason: 'Đóng cửa do bão', source: 'local', version: 1 });

    const edit = await s.post(`/admin/calendar/entries/${row.id}`, { kind: 'holiday', reason: 'Ngày truyền thống của phường', version: '1', back });
    expect(edit.statusCode).toBe(303);
    const stale = await s.post(`/admin/calendar/entries/${row.id}`, { kind: 'closure', reason: 'Cũ', version: '1', back });
    expect(stale.statusCode).toBe(409);
    const del = await s.post(`/admin/calendar/entries/${row.id}/delete`, { version: '2', back });
    expect(del.statusCode).toBe(303);
    expect(await t.ctx.db.selectFrom('calendar_entries').selectAll().where('day', '=', '2026-12-07').execute()).toEqual([]);

    const badLines = await s.post('/admin/calendar/announcements', { annYear: '2027', reference: '', lines: '2027-02-08 nghỉ Tết\nhôm qua nghỉ' });
    expect(badLines.statusCode).toBe(400);
    expect(badLines.body).toContain('Dòng 2');
    const ann = await s.post('/admin/calendar/announcements', { annYear: '2027', reference: 'Công văn thử', lines: '2027-02-08 nghỉ Tết Nguyên đán\n2027-02-20 làm Làm bù' });
    expect(ann.statusCode).toBe(303);
    const year = await s.get('/admin/calendar?unit=&year=2027');
    expect(year.body).toContain('Công văn thử');

    const hours = await s.post('/admin/calendar/profile', { unitId: String(ward), officeHours: '7:00-11:00, 13:30-17:30', sameDayCutoff: '16:00', back });
    expect(hours.statusCode).toBe(303);
    expect((await s.get(back)).body).toContain('07:00–11:00, 13:30–17:30');
    const badHours = await s.post('/admin/calendar/profile', { unitId: String(ward), officeHours: 'sáng', sameDayCutoff: '', back });
    expect(badHours.statusCode).toBe(400);

    const actions = await t.ctx.db.selectFrom('audit_log').select('action').where('action', 'like', 'calendar.%').orderBy('seq').execute();
    expect(actions.map((a) => a.action)).toEqual([
      'calendar.entry.create',
      'calendar.entry.update',
      'calendar.entry.delete',
      'calendar.announcement.create',
      'calendar.profile.save',
    ]);
  });

  it('other staff see the calendar but get no edit forms and cannot post', async () => {
    const s = await signedIn('lanhdao');
    const page = await s.get('/admin/calendar?unit=&year=2026');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-date="2026-02-17"');
    expect(page.body).not.toContain('Thêm vào lịch');
    const r = await s.post('/admin/calendar/entries', { unitId: '', date: '2026-12-08', kind: 'closure', reason: 'Thử', back: '/admin/calendar?unit=&year=2026' });
    expect(r.statusCode).toBe(403);
  });
});
