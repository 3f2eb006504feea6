// Calling the JSON API as a demo user from an integration test: one session per user and test-clock instant
// (sessions are checked against the test clock, so a user signs in again whenever it moved), and each request from
// its own address, so that per-address rate limits never decide a test.
import type { TestApp } from './app.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export function apiClient(app: () => TestApp, subnet: number) {
  const cookies = new Map<string, string>();
  let requests = 0;
  async function cookieOf(user: string): Promise<string> {
    const t = app();
    const key = `${user}@${t.clock.now.toISOString()}`;
    let c = cookies.get(key);
    if (!c) cookies.set(key, (c = await t.loginAs(user)));
    return c;
  }
  async function call(method: Method, url: string, as: string | null, payload?: unknown, headers: Record<string, string> = {}) {
    if (as) headers.cookie = await cookieOf(as);
    requests++;
    return app().app.inject({ method, url, headers, payload: payload as never, remoteAddress: `10.${subnet}.${Math.floor(requests / 250)}.${requests % 250}` });
  }
  /** A number that grows with every request: unique suffixes for test data. */
  const counter = () => requests;
  return { cookieOf, call, counter };
}
