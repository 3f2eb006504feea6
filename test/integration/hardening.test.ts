// Issue 10 part D, probed through HTTP: API tokens after a password reset or a deactivation, file downloads, the CSP
// over plain HTTP, and sign-in throttling and rate limits shared by every process on one database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { engine } from '../support/db.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.drop());

let ipSeq = 0;
const ip = () => `10.77.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;

async function userByName(username: string) {
  const cookie = await t.loginAs('quantri');
  const list = await t.app.inject({ url: `/api/v1/users?q=${username}&includeInactive=true`, headers: { cookie }, remoteAddress: ip() });
  const u = (list.json() as { id: number; username: string; version: number }[]).find((x) => x.username === username)!;
  return { cookie, u };
}

async function newToken(username: string): Promise<string> {
  const cookie = await t.loginAs(username);
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: { cookie }, payload: { name: 'tích hợp' }, remoteAddress: ip() });
  expect(r.statusCode).toBe(201);
  return r.json().token as string;
}

const meWith = (token: string) => t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` }, remoteAddress: ip() });

describe(`API tokens on ${engine}`, () => {
  it('die when the password is reset, and a new password does not bring them back', async () => {
    const token = await newToken('chuyenvien');
    expect((await meWith(token)).statusCode).toBe(200);
    const { cookie, u } = await userByName('chuyenvien');
    const r = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${u.id}`, headers: { cookie }, payload: { version: u.version, password: 'MotCua@2026' }, remoteAddress: ip() });
    expect(r.statusCode).toBe(200);
    expect((await meWith(token)).statusCode).toBe(401);
    const list = await t.app.inject({ url: '/api/v1/me/tokens', headers: { cookie: await t.loginAs('chuyenvien') }, remoteAddress: ip() });
    expect(list.json().filter((x: { revokedAt: string | null }) => x.revokedAt === null)).toEqual([]);
  });

  it('stay dead after a deactivated account is reactivated', async () => {
    const token = await newToken('lanhdao');
    expect((await meWith(token)).statusCode).toBe(200);
    const { cookie, u } = await userByName('lanhdao');
    const off = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${u.id}`, headers: { cookie }, payload: { version: u.version, active: false }, remoteAddress: ip() });
    expect(off.statusCode).toBe(200);
    expect((await meWith(token)).statusCode).toBe(401);
    const on = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${u.id}`, headers: { cookie }, payload: { version: off.json().version, active: true }, remoteAddress: ip() });
    expect(on.statusCode).toBe(200);
    expect((await meWith(token)).statusCode).toBe(401);
    // The account itself works again, and a new token does.
    expect((await meWith(await newToken('lanhdao'))).statusCode).toBe(200);
  });
});

describe(`Content-Security-Policy on ${engine}`, () => {
  it('asks for upgrade-insecure-requests only when the site is served over HTTPS', async () => {
    const plain = await t.app.inject({ url: '/login', headers: { accept: 'text/html', host: '192.168.1.20:3000' }, remoteAddress: ip() });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-security-policy']).toContain("default-src 'self'");
    expect(plain.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(String(plain.headers['set-cookie'])).not.toMatch(/;\s*Secure/i);
    // Configured as HTTPS (MOTCUA_SECURE_COOKIES=true), or behind a trusted proxy that says https.
    const { buildServer } = await import('../../src/http/server.js');
    const { createContext } = await import('../../src/app/context.js');
    for (const config of [{ ...t.ctx.config, secureCookies: 'true' as const }, { ...t.ctx.config, trustProxy: true }]) {
      const app = await buildServer(createContext(t.handle, config, t.ctx.clock), { logger: false });
      try {
        const r = await app.inject({ url: '/login', headers: { accept: 'text/html', 'x-forwarded-proto': 'https' }, remoteAddress: ip() });
        expect(r.headers['content-security-policy']).toContain('upgrade-insecure-requests');
      } finally {
        await app.close();
      }
    }
  });
});

describe(`downloads on ${engine}`, () => {
  it('serve a name the server builds, never the uploaded one, inline and sandboxed for staff only', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { saveDraft, saveFile, submitOnline, userActor, downloadFileName } = await import('../../src/app/dossiers/index.js');
    const { fullChecklist } = await import('../support/dossiers.js');
    const { formSession } = await import('../support/app.js');
    const uploads = mkdtempSync(join(tmpdir(), 'motcua-hardening-'));
    (t.ctx.config as { uploadDir: string }).uploadDir = uploads;
    try {
      const congdan = await userActor(t.ctx, 'congdan');
      const pdf = Buffer.from('%PDF-1.7\n% to khai\n%%EOF\n');
      // A right-to-left override and a double extension in the uploaded name.
      const f = await saveFile(t.ctx, congdan, { name: 'hoa-don\u202Efdp.exe.pdf', bytes: pdf, declaredType: 'application/pdf' });
      expect(f.name).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
      const names = (await fullChecklist(t.ctx, '1.004873')).map((d) => d.name);
      const draft = await saveDraft(t.ctx, congdan, {
        procedureCode: '1.004873',
        competentUnitCode: '000.00.43.H99',
        documents: [
          { name: names[0]!, fileIds: [f.id] },
          { name: names[2]!, fileIds: [(await saveFile(t.ctx, congdan, { name: 'cccd.pdf', bytes: pdf, declaredType: 'application/pdf' })).id] },
        ],
      });
      const d = (await submitOnline(t.ctx, congdan, { draftId: draft.id, idempotencyKey: 'hardening-download-1' })).dossier;
      const expected = downloadFileName(`ho-so-${d.id}`, names[0]!, null, 'application/pdf');
      expect(expected.ascii).toMatch(/^ho-so-\d+_[A-Za-z0-9-]+\.pdf$/);

      const applicant = await formSession(t);
      await applicant.post('/login', { username: 'congdan', password: 'MotCua@2026' });
      const mine = await applicant.get(`/dossiers/${d.id}/files/${f.id}`);
      expect(mine.statusCode).toBe(200);
      const cd = String(mine.headers['content-disposition']);
      expect(cd).toBe(`attachment; filename="${expected.ascii}"; filename*=UTF-8''${encodeURIComponent(expected.unicode)}`);
      expect(cd).not.toMatch(/exe|hoa-don|%E2%80%AE/i);
      expect(mine.headers['content-security-policy']).toBe('sandbox');
      expect(mine.headers['x-content-type-options']).toBe('nosniff');

      const desk = await formSession(t);
      await desk.post('/login', { username: 'tiepnhan.anphu', password: 'MotCua@2026' });
      const staff = await desk.get(`/dossiers/${d.id}/files/${f.id}`);
      expect(staff.statusCode).toBe(200);
      expect(String(staff.headers['content-disposition'])).toMatch(/^inline; filename="ho-so-\d+_[A-Za-z0-9-]+\.pdf"/);
      expect(staff.headers['content-type']).toBe('application/pdf');
      expect(staff.headers['content-security-policy']).toBe('sandbox');
    } finally {
      rmSync(uploads, { recursive: true, force: true });
    }
  });

  it('refuse at upload anything whose bytes are not a PDF, JPEG or PNG, whatever its name and declared type', async () => {
    const { saveFile, userActor } = await import('../../src/app/dossiers/index.js');
    const congdan = await userActor(t.ctx, 'congdan');
    for (const [name, bytes, type] of [
      ['trang.html', Buffer.from('<html><script>alert(1)</script></html>'), 'application/pdf'],
      ['anh.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/png'],
      ['scan.pdf', Buffer.from('GIF89a...'), null],
    ] as const)
      await expect(saveFile(t.ctx, congdan, { name, bytes, declaredType: type })).rejects.toMatchObject({ code: 'file_type_not_allowed' });
  });
});

describe(`sign-in back-off and rate limits on ${engine}`, () => {
  const login = (username: string, password: string, remoteAddress: string, app = t.app) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress });

  it('answers an unknown and a known account alike, and doubles the wait after the free failures', async () => {
    const run = async (username: string, address: string) => {
      const out: { status: number; code: string; retry: string | undefined }[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await login(username, 'not-the-password-9', address);
        out.push({ status: r.statusCode, code: r.json().error.code, retry: r.headers['retry-after'] as string | undefined });
      }
      return out;
    };
    const start = t.clock.now;
    const known = await run('tiepnhan', '10.31.0.1');
    const unknown = await run('khong.co.ai', '10.31.0.2');
    expect(known).toEqual(unknown);
    expect(known.map((x) => x.status)).toEqual([401, 401, 401, 401, 429, 429]);
    expect(known[4]).toMatchObject({ code: 'login_throttled', retry: '30' });
    // Waiting out the first delay: the next failure doubles it.
    t.clock.now = new Date(start.getTime() + 31_000);
    const again = await login('tiepnhan', 'not-the-password-9', '10.31.0.1');
    expect([again.statusCode, again.headers['retry-after']]).toEqual([429, '60']);
    expect(again.json().error.message).toEqual({ vi: 'Quá nhiều yêu cầu; vui lòng thử lại sau 60 giây', en: 'Too many requests; please try again in 60 seconds' });
    // Capped at MOTCUA_LOCKOUT_MINUTES.
    for (let i = 0; i < 8; i++) {
      t.clock.now = new Date(t.clock.now.getTime() + 16 * 60_000);
      await login('tiepnhan', 'not-the-password-9', '10.31.0.1');
    }
    t.clock.now = new Date(t.clock.now.getTime() + 16 * 60_000);
    const capped = await login('tiepnhan', 'not-the-password-9', '10.31.0.1');
    expect(capped.headers['retry-after']).toBe(String(t.ctx.config.lockoutMinutes * 60));
    // Nobody else is locked out: the account signs in from any other address.
    expect((await login('tiepnhan', 'MotCua@2026', '10.31.0.3')).statusCode).toBe(200);
  });

  it('shows the wait on the sign-in page', async () => {
    const { formSession } = await import('../support/app.js');
    const s = await formSession(t);
    for (let i = 0; i < 5; i++) await login('theodoi', 'not-the-password-9', s.remoteAddress);
    const r = await s.post('/login', { username: 'theodoi', password: 'MotCua@2026', next: '/' });
    expect(r.statusCode).toBe(429);
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    expect(r.body).toMatch(/thử lại sau \d+ giây/);
  });

  it('two app instances on one database share a limit', async () => {
    const { buildServer } = await import('../../src/http/server.js');
    const { createContext } = await import('../../src/app/context.js');
    const { LOGIN_RATE } = await import('../../src/http/api/auth.js');
    const other = await buildServer(createContext(t.handle, t.ctx.config, t.ctx.clock), { logger: false });
    try {
      const codes: number[] = [];
      for (let i = 0; i <= LOGIN_RATE.max; i++) codes.push((await login(`ma.${i}`, 'x', '10.32.0.1', i % 2 ? other : t.app)).statusCode);
      expect(codes.slice(0, LOGIN_RATE.max)).toEqual(Array(LOGIN_RATE.max).fill(401));
      expect(codes[LOGIN_RATE.max]).toBe(429);
      const over = await login('ma.x', 'x', '10.32.0.1', other);
      expect(over.statusCode).toBe(429);
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      expect(over.json().error.message.vi).toMatch(/^Quá nhiều yêu cầu; vui lòng thử lại sau \d+ giây$/);
    } finally {
      await other.close();
    }
  });

  it('counts signed-in staff per account, not per address, and shows the wait on a 429 page', async () => {
    const { TRACKING_RATE } = await import('../../src/http/api/dossiers.js');
    const a = await t.loginAs('tiepnhan.anphu');
    const b = await t.loginAs('chuyenvien.anphu');
    let n = 0;
    // A different (unknown) code each time, so that the per-code count of wrong verifiers stays out of the way.
    const track = (cookie: string | undefined, html = false) =>
      t.app.inject({ url: `/tra-cuu?code=000.00.43.H99-261123-${9000 + ++n}&v=1234`, headers: { ...(cookie ? { cookie } : {}), accept: html ? 'text/html' : '*/*' }, remoteAddress: '10.33.0.1' });
    for (let i = 0; i < TRACKING_RATE.max; i++) expect((await track(a)).statusCode).not.toBe(429);
    const over = await track(a, true);
    expect(over.statusCode).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(over.body).toMatch(/thử lại sau \d+ giây/);
    // A colleague behind the same address, and an anonymous visitor there, still get through.
    expect((await track(b)).statusCode).not.toBe(429);
    expect((await track(undefined)).statusCode).not.toBe(429);
  });

  it('throttles wrong verifiers per dossier code from every address together; the QR token still opens it', async () => {
    const { TRACKING_CODE_RULE } = await import('../../src/app/throttle.js');
    const row = await t.ctx.db.selectFrom('dossiers').select(['code', 'tracking_token']).where('code', 'is not', null).where('version', '>', 0).executeTakeFirstOrThrow();
    const code = row.code!;
    const guess = (v: string) => t.app.inject({ url: `/api/v1/public/dossiers/${code}?verifier=${v}`, remoteAddress: ip() });
    const codes: number[] = [];
    for (let i = 0; i < TRACKING_CODE_RULE.max; i++) codes.push((await guess(String(9000 + i))).statusCode);
    expect(codes).toEqual(Array(codes.length).fill(404));
    const blocked = await guess('9999');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('tracking_throttled');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    const page = await t.app.inject({ url: `/tra-cuu/${code}?v=1111`, headers: { accept: 'text/html' }, remoteAddress: ip() });
    expect(page.statusCode).toBe(429);
    expect(page.body).toMatch(/thử lại sau \d+ phút/);
    const qr = await t.app.inject({ url: `/api/v1/public/dossiers/${code}?t=${row.tracking_token}`, remoteAddress: ip() });
    expect(qr.statusCode).toBe(200);
    // After the hour, verifiers are tried again.
    t.clock.now = new Date(t.clock.now.getTime() + TRACKING_CODE_RULE.windowSeconds * 1000 + 1000);
    expect((await guess('9998')).statusCode).toBe(404);
  });
});
