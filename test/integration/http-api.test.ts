import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, unitId, type TestApp } from '../support/app.js';
import { engine } from '../support/db.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.drop());

const countRows = async (table: 'units' | 'users' | 'audit_log' | 'memberships') =>
  Number((await t.handle.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`, [])).rows[0]!.n);

describe(`HTTP API on ${engine}`, () => {
  it('health and readiness', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject('/readyz')).json()).toEqual({ status: 'ready', engine });
  });

  it('serves the OpenAPI document and the docs UI', async () => {
    const doc = (await t.app.inject('/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/units', '/api/v1/users/{id}']));
    // Every action's payload is documented from its spec (src/domain/dossier/actions), one option per type.
    const options: { properties: { type: { enum: string[] }; payload: { properties: Record<string, unknown>; required?: string[] } } }[] =
      doc.paths['/api/v1/dossiers/{code}/actions'].post.requestBody.content['application/json'].schema.oneOf;
    expect(options).toHaveLength(25);
    const apologise = options.find((o) => o.properties.type.enum[0] === 'apologise')!.properties.payload;
    expect(Object.keys(apologise.properties)).toEqual(['reason', 'documentNumber', 'lateUnitId', 'newDueAt']);
    expect(apologise.required).toEqual(['reason', 'lateUnitId', 'newDueAt']);
    expect((await t.app.inject('/docs/')).statusCode).toBe(200);
  });

  it('logs in, reads /me, logs out', async () => {
    const cookie = await t.loginAs('lanhdao');
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ username: 'lanhdao', kind: 'staff', memberships: [{ role: 'leader' }] });
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('sets a HttpOnly SameSite session cookie', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'tiepnhan', password: 'MotCua@2026' } });
    const c = r.cookies.find((x) => x.name === 'motcua_session')!;
    expect(c.httpOnly).toBe(true);
    expect(String(c.sameSite).toLowerCase()).toBe('lax');
    // A relative lifetime: the browser judges an absolute Expires by its own clock, not the server's.
    const header = String(r.headers['set-cookie']).split(/,(?=\s*\w+=)/).find((h) => h.startsWith('motcua_session='))!;
    expect(header).toMatch(/Max-Age=43200/);
    expect(header).not.toMatch(/Expires=/i);
    expect(r.headers['x-request-id']).toBeTruthy();
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('wrong password and unknown user get the same 401, with both languages', async () => {
    const a = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'tiepnhan', password: 'wrong-password-1' } });
    const b = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody.here', password: 'wrong-password-1' } });
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json()).toEqual(b.json());
    expect(a.json().error).toMatchObject({ code: 'invalid_credentials', message: { vi: expect.any(String), en: expect.any(String) }, fields: [] });
  });

  it('backs off repeated failures for one account from one address, without locking the account elsewhere', async () => {
    const from = (username: string, password: string, remoteAddress: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await from('chuyenvien.sxd', 'not-the-password-9', '10.9.9.1')).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 429]);
    // From that address even the right password waits; from another it signs in at once.
    const waiting = await from('chuyenvien.sxd', 'MotCua@2026', '10.9.9.1');
    expect(waiting.statusCode).toBe(429);
    expect(waiting.json().error.code).toBe('login_throttled');
    expect(Number(waiting.headers['retry-after'])).toBeGreaterThan(0);
    expect((await from('chuyenvien.sxd', 'MotCua@2026', '10.9.8.1')).statusCode).toBe(200);
    t.clock.now = new Date(t.clock.now.getTime() + 31_000);
    expect((await from('chuyenvien.sxd', 'MotCua@2026', '10.9.9.1')).statusCode).toBe(200);
  });

  it('rate-limits login attempts from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: `ghost${i}`, password: 'x' }, remoteAddress: '10.250.0.1' });
      statuses.push(r.statusCode);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[11]).toBe(429);
  });

  it('malformed JSON, wrong content type and oversized bodies are 4xx with the error shape', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username": ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('malformed_json');
    const form = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'username=a&password=b' });
    expect(form.statusCode).toBe(400);
    expect(form.json().error.code).toBe('unsupported_media_type');
    const huge = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'a', password: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error).toMatchObject({ code: 'body_too_large', message: { vi: expect.any(String), en: expect.any(String) } });
    const missing = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'a' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields[0]).toMatchObject({ path: 'body.password', message: { vi: expect.stringMatching(/^Đầu vào không hợp lệ/), en: expect.stringMatching(/^Invalid input/) } });
  });

  it('unknown API routes are JSON 404s and errors never leak stack traces', async () => {
    const r = await t.app.inject('/api/v1/nothing');
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('not_found');
    const id = await t.app.inject('/api/v1/units/abc');
    expect(id.statusCode).toBe(400);
    expect(id.body).not.toMatch(/at .*\.ts/);
  });

  it('admin creates a unit; invalid agency codes and duplicates are refused with the field', async () => {
    const cookie = await t.loginAs('quantri');
    const root = await unitId(t, '000.00.00.H99');
    const before = await countRows('units');
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/units', headers: { cookie }, payload: { parentId: root, kind: 'department', code: '00.00.15.H9', name: 'Sở Nội vụ', validFrom: '2025-07-01' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('code');
    const dup = await t.app.inject({ method: 'POST', url: '/api/v1/units', headers: { cookie }, payload: { parentId: root, kind: 'department', code: '000.00.05.H99', name: 'Trùng mã', validFrom: '2025-07-01' } });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.code).toBe('duplicate_code');
    const badDate = await t.app.inject({ method: 'POST', url: '/api/v1/units', headers: { cookie }, payload: { parentId: root, kind: 'department', code: '000.00.15.H99', name: 'Sở Nội vụ', validFrom: '2025-02-30' } });
    expect(badDate.statusCode).toBe(400);
    expect(await countRows('units')).toBe(before);
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/units', headers: { cookie }, payload: { parentId: root, kind: 'department', code: '000.00.15.H99', name: 'Sở Nội vụ', validFrom: '2025-07-01' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ code: '000.00.15.H99', parentId: root, active: true, version: 1 });
    const audit = await t.app.inject({ url: `/api/v1/audit?targetType=unit&targetId=${ok.json().id}`, headers: { cookie } });
    expect(audit.json()[0]).toMatchObject({ action: 'unit.create', actorLabel: 'quantri' });
  });

  it('refuses a cycle in the unit tree and a stale version, changing nothing', async () => {
    const cookie = await t.loginAs('quantri');
    const root = await unitId(t, '000.00.00.H99');
    const parent = (await t.app.inject({ method: 'POST', url: '/api/v1/units', headers: { cookie }, payload: { parentId: root, kind: 'department', code: '000.00.16.H99', name: 'Sở A', validFrom: '2025-07-01' } })).json();
    const child = (await t.app.inject({ method: 'POST', url: '/api/v1/units', headers: { cookie }, payload: { parentId: parent.id, kind: 'division', code: '000.01.16.H99', name: 'Phòng B', validFrom: '2025-07-01' } })).json();
    const cycle = await t.app.inject({ method: 'PATCH', url: `/api/v1/units/${parent.id}`, headers: { cookie }, payload: { version: parent.version, parentId: child.id } });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.code).toBe('unit_cycle');
    const self = await t.app.inject({ method: 'PATCH', url: `/api/v1/units/${parent.id}`, headers: { cookie }, payload: { version: parent.version, parentId: parent.id } });
    expect(self.statusCode).toBe(400);
    const renamed = await t.app.inject({ method: 'PATCH', url: `/api/v1/units/${parent.id}`, headers: { cookie }, payload: { version: parent.version, name: 'Sở A mới' } });
    expect(renamed.json()).toMatchObject({ name: 'Sở A mới', version: 2 });
    const stale = await t.app.inject({ method: 'PATCH', url: `/api/v1/units/${parent.id}`, headers: { cookie }, payload: { version: 1, name: 'Sở A cũ' } });
    expect(stale.statusCode).toBe(409);
    const hasChildren = await t.app.inject({ method: 'PATCH', url: `/api/v1/units/${parent.id}`, headers: { cookie }, payload: { version: 2, active: false } });
    expect(hasChildren.statusCode).toBe(400);
    const got = (await t.app.inject(`/api/v1/units/${parent.id}`)).json();
    expect(got).toMatchObject({ parentId: root, name: 'Sở A mới', active: true, version: 2 });
  });

  it('a code change keeps the code history by validity date', async () => {
    const cookie = await t.loginAs('quantri');
    const id = await unitId(t, '000.00.46.H99');
    const u = (await t.app.inject(`/api/v1/units/${id}`)).json();
    const r = await t.app.inject({ method: 'PATCH', url: `/api/v1/units/${id}`, headers: { cookie }, payload: { version: u.version, code: '000.00.47.H99', codeValidFrom: '2026-12-01' } });
    expect(r.statusCode).toBe(200);
    const got = (await t.app.inject(`/api/v1/units/${id}`)).json();
    expect(got.codes).toEqual([
      { code: '000.00.46.H99', validFrom: '2025-07-01', validTo: '2026-11-30' },
      { code: '000.00.47.H99', validFrom: '2026-12-01', validTo: null },
    ]);
  });

  it('a user acting outside their units is refused and nothing is written', async () => {
    const leader = await t.loginAs('lanhdao');
    const root = await unitId(t, '000.00.00.H99');
    const stp = await unitId(t, '000.00.05.H99');
    const before = await countRows('units');
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/units', headers: { cookie: leader }, payload: { parentId: stp, kind: 'division', code: '000.02.05.H99', name: 'Phòng X', validFrom: '2025-07-01' } });
    expect(r.statusCode).toBe(403);
    expect(await countRows('units')).toBe(before);
    // A commune administrator cannot give someone a role in a department.
    const admin = await t.loginAs('quantri');
    const anphu = await unitId(t, '000.00.43.H99');
    const made = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie: admin }, payload: { username: 'qt.anphu', fullName: 'Quản trị xã An Phú', password: 'AnPhu@2026x', memberships: [{ unitId: anphu, role: 'admin' }] } });
    expect(made.statusCode).toBe(201);
    const communeAdmin = await t.loginAs('qt.anphu', 'AnPhu@2026x');
    const users = await countRows('users');
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie: communeAdmin }, payload: { username: 'intruder', fullName: 'Người ngoài', password: 'Intruder2026', memberships: [{ unitId: stp, role: 'leader' }] } });
    expect(out.statusCode).toBe(403);
    expect(await countRows('users')).toBe(users);
    const inside = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie: communeAdmin }, payload: { username: 'tn2.anphu', fullName: 'Tiếp nhận 2', password: 'Desk2026abc', memberships: [{ unitId: anphu, role: 'desk' }] } });
    expect(inside.statusCode).toBe(201);
    const editOther = await t.app.inject({ method: 'GET', url: `/api/v1/users?q=lanhdao`, headers: { cookie: communeAdmin } });
    expect(editOther.json().map((u: { username: string }) => u.username)).not.toContain('lanhdao');
    const root403 = await t.app.inject({ method: 'POST', url: '/api/v1/units', headers: { cookie: admin }, payload: { parentId: null, kind: 'province', code: '000.00.00.H98', name: 'Tỉnh khác', validFrom: '2025-07-01' } });
    expect(root403.statusCode).toBe(403);
    expect(root).toBeGreaterThan(0);
  });

  it('deactivating a user ends their sessions; passwords are validated', async () => {
    const admin = await t.loginAs('quantri');
    const victim = await t.loginAs('chuyenvien.syt');
    const id = (await t.app.inject({ url: '/api/v1/me', headers: { cookie: victim } })).json().id;
    const u = (await t.app.inject({ url: `/api/v1/users/${id}`, headers: { cookie: admin } })).json();
    const weak = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: { cookie: admin }, payload: { version: u.version, password: 'short' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.fields[0].path).toBe('password');
    const off = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: { cookie: admin }, payload: { version: u.version, active: false } });
    expect(off.json().active).toBe(false);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: victim } })).statusCode).toBe(401);
    const relog = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'chuyenvien.syt', password: 'MotCua@2026' } });
    expect(relog.statusCode).toBe(401);
  });

  it('personal API tokens authenticate with Bearer and can be revoked', async () => {
    const cookie = await t.loginAs('theodoi');
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: { cookie }, payload: { name: 'Báo cáo tỉnh' } });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^mc_/);
    const me = await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json().username).toBe('theodoi');
    const verify = await t.app.inject({ url: '/api/v1/audit/verify', headers: { authorization: `Bearer ${token}` } });
    expect(verify.json().ok).toBe(true);
    await t.app.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${id}`, headers: { cookie } });
    const after = await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('invalid_token');
    const bogus = await t.app.inject({ url: '/api/v1/me', headers: { authorization: 'Bearer mc_not-a-token' } });
    expect(bogus.statusCode).toBe(401);
  });

  it('citizens register with a validated ID number', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/register', payload: { kind: 'citizen', username: 'nguyenvana', fullName: 'Nguyễn Văn A', password: 'CongDan2026', idNumber: '12345' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path)).toContain('idNumber');
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/register', payload: { kind: 'citizen', username: 'nguyenvana', fullName: 'Nguyễn Văn A', password: 'CongDan2026', idNumber: '001090012345' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ kind: 'citizen', memberships: [] });
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/register', payload: { kind: 'citizen', username: 'nguyenvana', fullName: 'Nguyễn Văn A', password: 'CongDan2026', idNumber: '001090012345' } });
    expect(again.json().error.code).toBe('duplicate_username');
    const citizen = await t.loginAs('congdan');
    expect((await t.app.inject({ url: '/api/v1/users', headers: { cookie: citizen } })).statusCode).toBe(403);
  });

  it('the audit chain verifies, and tampering is detected', async () => {
    const cookie = await t.loginAs('quantri');
    expect((await t.app.inject({ url: '/api/v1/audit/verify', headers: { cookie } })).json().ok).toBe(true);
    // The table refuses updates outright...
    await expect(t.handle.pool.query(`UPDATE audit_log SET action = 'x' WHERE seq = 3`, [])).rejects.toThrow(/append-only/);
    // ...so an attacker with owner rights must first disable the trigger; the chain still shows it.
    await t.handle.pool.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update', []);
    await t.handle.pool.query(`UPDATE audit_log SET details = '{"name":"forged"}' WHERE seq = 3`, []);
    await t.handle.pool.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update', []);
    const r = (await t.app.inject({ url: '/api/v1/audit/verify', headers: { cookie } })).json();
    expect(r).toMatchObject({ ok: false, break: { seq: 3, reason: 'hash_mismatch' } });
  });
});
