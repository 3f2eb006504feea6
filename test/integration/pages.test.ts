import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, formSession as session, type TestApp } from '../support/app.js';
import { engine } from '../support/db.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.drop());

const formSession = () => session(t);

describe(`pages on ${engine}`, () => {
  it('login page is Vietnamese first with an English switch', async () => {
    const s = await formSession();
    const vi = await s.get('/login');
    expect(vi.statusCode).toBe(200);
    expect(vi.body).toContain('<html lang="vi">');
    expect(vi.body).toContain('Tên đăng nhập');
    expect(vi.body).toMatch(/<label for="f-username">/);
    const sw = await s.get('/lang/en?next=/login');
    expect(sw.statusCode).toBe(303);
    expect(sw.headers.location).toBe('/login');
    const en = await s.get('/login');
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Username');
    expect((await s.get('/lang/en?next=//evil.example')).headers.location).toBe('/');
  });

  it('form login needs the CSRF token', async () => {
    const s = await formSession();
    const forged = await s.post('/login', { username: 'tiepnhan', password: 'MotCua@2026' }, 'forged-token-forged-token-forged-token');
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('hết hạn');
    const ok = await s.post('/login', { username: 'tiepnhan', password: 'MotCua@2026', next: '/admin/units' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/admin/units');
    const home = await s.get('/');
    expect(home.body).toContain('Nguyễn Thị Lan');
    expect(home.body).toContain('data-role="desk"');
  });

  it('a wrong password re-renders the form with the error and the username kept', async () => {
    const s = await formSession();
    const r = await s.post('/login', { username: 'tiepnhan', password: 'nope-nope-1' });
    expect(r.statusCode).toBe(401);
    expect(r.body).toContain('role="alert"');
    expect(r.body).toContain('value="tiepnhan"');
  });

  it('pages that need a session redirect to login; forbidden pages say so', async () => {
    const s = await formSession();
    const r = await s.get('/admin/users');
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/login?next=%2Fadmin%2Fusers');
    await s.post('/login', { username: 'congdan', password: 'MotCua@2026' });
    const f = await s.get('/admin/users');
    expect(f.statusCode).toBe(403);
    expect(f.body).toContain('Không có quyền');
  });

  it('admin creates a unit through the form; a bad code shows the field error and writes nothing', async () => {
    const s = await formSession();
    await s.post('/login', { username: 'quantri', password: 'MotCua@2026' });
    const root = String((await t.ctx.db.selectFrom('units').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow()).id);
    const before = (await t.ctx.db.selectFrom('units').select('id').execute()).length;
    const bad = await s.post('/admin/units', { name: 'Sở Ngoại vụ', code: 'H99-21', kind: 'department', parentId: root, validFrom: '2025-07-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('QCVN 102:2016');
    expect(bad.body).toContain('value="Sở Ngoại vụ"');
    expect((await t.ctx.db.selectFrom('units').select('id').execute()).length).toBe(before);
    const ok = await s.post('/admin/units', { name: 'Sở Ngoại vụ', code: '000.00.21.H99', kind: 'department', parentId: root, validFrom: '2025-07-01' });
    expect(ok.statusCode).toBe(303);
    const page = await s.get(ok.headers.location as string);
    expect(page.body).toContain('Đã tạo đơn vị');
    expect(page.body).toContain('000.00.21.H99');
  });

  it('admin creates a staff account through the form and sees jobs and the audit log', async () => {
    const s = await formSession();
    await s.post('/login', { username: 'quantri', password: 'MotCua@2026' });
    const stp = String((await t.ctx.db.selectFrom('units').select('id').where('code', '=', '000.00.05.H99').executeTakeFirstOrThrow()).id);
    const r = await s.post('/admin/users', { username: 'cv2.stp', fullName: 'Lý Thị Hoa', password: 'ChuyenVien2026', unitId: stp, role: 'specialist', title: 'Chuyên viên' });
    expect(r.statusCode).toBe(303);
    const user = await s.get(r.headers.location as string);
    expect(user.body).toContain('Lý Thị Hoa');
    const jobs = await s.post('/admin/jobs/ping', {});
    expect(jobs.statusCode).toBe(303);
    expect((await s.get('/admin/jobs')).body).toContain('system.ping');
    const audit = await s.get('/admin/audit?verify=1');
    expect(audit.body).toContain('Chuỗi băm toàn vẹn');
    expect(audit.body).toContain('user.create');
  });

  it('escapes user-provided text in pages', async () => {
    const s = await formSession();
    await s.post('/login', { username: 'quantri', password: 'MotCua@2026' });
    const root = String((await t.ctx.db.selectFrom('units').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow()).id);
    await s.post('/admin/units', { name: '<script>alert(1)</script>', code: '000.00.22.H99', kind: 'department', parentId: root, validFrom: '2025-07-01' });
    const page = await s.get('/admin/units');
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
