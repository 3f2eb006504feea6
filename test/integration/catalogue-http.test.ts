// The catalogue over HTTP: public API and pages, and the provincial office's forms (draft → publish → process).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, formSession, type TestApp } from '../support/app.js';
import { engine } from '../support/db.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.drop());

const get = (url: string) => t.app.inject({ url, remoteAddress: '10.8.0.1' });

describe(`catalogue over HTTP on ${engine}`, () => {
  it('searches without diacritics, by code and with a typo; filters are validated', async () => {
    for (const q of ['dang ky khai sinh', 'đăng ký khai sinh', 'Khai Sinh', '1.001193', 'dang ky khai snh']) {
      const r = await get(`/api/v1/procedures?q=${encodeURIComponent(q)}`);
      expect(r.statusCode, q).toBe(200);
      expect(r.json().items[0], q).toMatchObject({ code: '1.001193', name: 'Đăng ký khai sinh' });
    }
    const bad = await get('/api/v1/procedures?level=district');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('querystring.level');
    const drafts = await get('/api/v1/procedures?status=draft');
    expect(drafts.statusCode).toBe(403);
  });

  it('serves the detail, 404 for an unknown code, 400 for a malformed one', async () => {
    const r = await get('/api/v1/procedures/1.001193');
    expect(r.json()).toMatchObject({ code: '1.001193', status: 'published', body: { name: 'Đăng ký khai sinh', field: 'Hộ tịch' } });
    expect((await get('/api/v1/procedures/1.999999')).statusCode).toBe(404);
    expect((await get('/api/v1/procedures/3.000323')).statusCode).toBe(404); // a national code beginning with 3 is well formed
    expect((await get('/api/v1/procedures/3.00032')).statusCode).toBe(400);
    expect((await get('/api/v1/procedures/abc')).statusCode).toBe(400);
  });

  it('exports the public catalogue as CSV', async () => {
    const r = await get('/api/v1/catalogue/export?format=csv');
    expect(r.headers['content-type']).toContain('text/csv');
    expect(r.body).toContain('1.001193');
  });

  it('renders the public search and detail pages', async () => {
    const s = await formSession(t);
    const list = await s.get('/procedures?q=khai+sinh');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('href="/procedures/1.001193"');
    const detail = await s.get('/procedures/1.001193');
    expect(detail.body).toContain('<h1>Đăng ký khai sinh</h1>');
    expect(detail.body).toContain('Cần mang theo');
    expect(detail.body).toContain('Giấy chứng sinh');
    const missing = await s.get('/procedures/1.999999');
    expect(missing.statusCode).toBe(404);
  });

  it('the province administrator drafts, publishes and approves a process through forms; the API sees it', async () => {
    const s = await formSession(t);
    expect((await s.post('/login', { username: 'quantri', password: 'MotCua@2026', next: '/' })).statusCode).toBe(303);
    const form = {
      code: '2.999001',
      name: 'Cấp giấy phép thử nghiệm',
      field: 'Thử nghiệm',
      level: 'commune',
      competentUnits: '000.00.41.H99',
      receivingUnit: '',
      agencyText: '',
      applicants: 'Công dân Việt Nam',
      steps: 'Nộp hồ sơ\nNhận kết quả',
      'counter.offered': 'on',
      'counter.limitAmount': '3',
      'counter.limitUnit': 'working_days',
      'counter.reducedAmount': '2',
      'counter.reducedUnit': 'working_days',
      'counter.timeNote': '',
      'counter.fees': 'Lệ phí | 50.000 | on_submission | ',
      documents: 'Đơn đề nghị | 1 | 0 | không | don.docx',
      results: 'Giấy phép',
      onlineLevel: '',
      onlinePartialReason: '',
      onlinePartialLegalBasis: '',
      legalBasis: 'Luật thử nghiệm',
    };
    const bad = await s.post('/admin/procedures', { ...form, code: '3.1', 'counter.fees': 'Lệ phí | -5 | on_submission' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('role="alert"');
    expect((await get('/api/v1/procedures/2.999001')).statusCode).toBe(404);

    const created = await s.post('/admin/procedures', form);
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe('/admin/procedures/2.999001?saved=1');
    expect((await get('/api/v1/procedures/2.999001')).statusCode).toBe(404);

    const view = (await t.app.inject({ url: '/api/v1/procedures/2.999001', headers: { cookie: [...s.jar].map(([k, v]) => `${k}=${v}`).join('; ') } })).json();
    expect(view).toMatchObject({ status: 'draft', body: { channels: { counter: { reducedTimeLimit: { amount: 2, unit: 'working_days' }, fees: [{ name: 'Lệ phí', amountVnd: 50000, collectedAt: 'on_submission' }] } } } });

    const published = await s.post('/admin/procedures/2.999001/publish', { revision: String(view.revision), 'publish.number': '12/QĐ-UBND', 'publish.date': '2026-11-20', 'publish.effectiveDate': '2026-11-21' });
    expect(published.statusCode).toBe(303);
    expect((await get('/api/v1/procedures/2.999001')).json()).toMatchObject({ status: 'published', version: { number: 1 } });

    const steps = {
      stepName: ['Tiếp nhận', 'Thẩm định', 'Ký duyệt', ''],
      stepUnit: ['receiving', '000.00.41.H99', '000.00.41.H99', 'receiving'],
      stepRole: ['desk', 'specialist', 'leader', 'specialist'],
      stepAmount: ['2', '2', '1', ''],
      stepTimeUnit: ['working_hours', 'half_days', 'half_days', 'working_hours'],
      approvalNumber: '13/QĐ-UBND',
      approvalDate: '2026-11-20',
    };
    const encode = (extra: Record<string, string>, token: string) => {
      const p = new URLSearchParams({ _csrf: token, ...extra });
      for (const [k, vs] of Object.entries(steps)) if (Array.isArray(vs)) for (const v of vs) p.append(k, v);
      else p.set(k, vs);
      return p.toString();
    };
    const page = await s.get('/admin/procedures/2.999001');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const cookie = [...s.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const post = (payload: string) => t.app.inject({ method: 'POST', url: '/admin/procedures/2.999001/process', headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload });
    const check = await post(encode({ intent: 'check' }, token));
    expect(check.statusCode).toBe(200);
    // 2 h + 2 half days (8 h) + 1 half day (4 h) = 14 h = 1 working day 6 h, within the reduced 2 days (16 h).
    expect(check.body).toContain('1 ngày làm việc 6 giờ');
    expect(check.body).toContain('Quy trình hợp lệ');
    const over = await post(encode({ intent: 'check' }, token).replace('stepAmount=1&', 'stepAmount=9&'));
    expect(over.statusCode).toBe(400);
    expect(over.body).toContain('vượt');
    const saved = await post(encode({ intent: 'save' }, token));
    expect(saved.statusCode).toBe(303);
    const after = (await get('/api/v1/procedures/2.999001')).json();
    expect(after.process).toMatchObject({ totalMinutes: 840, body: { steps: [{ name: 'Tiếp nhận' }, { name: 'Thẩm định' }, { name: 'Ký duyệt' }], approval: { number: '13/QĐ-UBND' } } });
    const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', '2.999001').orderBy('seq').execute();
    expect(audit.length).toBeGreaterThanOrEqual(3);
  });

  it('a ward desk official cannot open the editor forms or post to them', async () => {
    const s = await formSession(t);
    await s.post('/login', { username: 'tiepnhan.dongthanh', password: 'MotCua@2026', next: '/' });
    const r = await s.post('/admin/procedures/1.001193/abolish', { 'abolish.number': '1/QĐ', 'abolish.date': '2026-11-20' });
    expect(r.statusCode).toBe(403);
    expect((await get('/api/v1/procedures/1.001193')).json().status).toBe('published');
  });
});
