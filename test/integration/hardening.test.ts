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
    expect(list.json().every((x: { revokedAt: string | null }) => x.revokedAt !== null)).toBe(true);
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
