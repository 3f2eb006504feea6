import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { seedDemo, DEMO_PASSWORD } from '../../src/seed/seed.js';
import { buildServer } from '../../src/http/server.js';
import { createTestDb, type TestDb } from './db.js';

export interface TestApp extends TestDb {
  app: FastifyInstance;
  /** Logs in through the JSON API and returns the session cookie header. */
  loginAs(username: string, password?: string): Promise<string>;
}

export async function createTestApp(): Promise<TestApp> {
  const t = await createTestDb();
  await seedDemo(t.ctx);
  const app = await buildServer(t.ctx, { logger: false });
  await app.ready();
  return {
    ...t,
    app,
    async loginAs(username, password = DEMO_PASSWORD) {
      const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress: `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` });
      if (r.statusCode !== 200) throw new Error(`login ${username} failed: ${r.statusCode} ${r.body}`);
      return sessionCookie(r);
    },
    async drop() {
      await app.close();
      await t.drop();
    },
  };
}

export function sessionCookie(r: LightMyRequestResponse): string {
  const c = r.cookies.find((x) => x.name === 'motcua_session');
  if (!c) throw new Error('no session cookie');
  return `motcua_session=${c.value}`;
}

export async function unitId(t: TestApp, code: string): Promise<number> {
  const u = await t.ctx.db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  return u.id;
}

/** A browser-like form session: keeps cookies, reads the CSRF token from the page. */
export async function formSession(t: TestApp) {
  const jar = new Map<string, string>();
  // One browser, one address: sign-ins are rate limited per address, across the whole file (the test clock stands still).
  const remoteAddress = `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (r: { cookies: { name: string; value: string }[] }) => r.cookies.forEach((c) => (c.value ? jar.set(c.name, c.value) : jar.delete(c.name)));
  const get = async (url: string) => {
    const r = await t.app.inject({ url, headers: { cookie: cookie(), accept: 'text/html' }, remoteAddress });
    keep(r);
    return r;
  };
  const post = async (url: string, fields: Record<string, string>, csrf?: string) => {
    const page = await get(url.replace(/\/(active|retry|ping)$/, '') || '/');
    const token = csrf ?? /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const r = await t.app.inject({ method: 'POST', url, headers: { cookie: cookie(), accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: token, ...fields }).toString(), remoteAddress });
    keep(r);
    return r;
  };
  return { get, post, jar, remoteAddress };
}
