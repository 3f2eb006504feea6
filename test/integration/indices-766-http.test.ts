// The Decision 766 calculator over HTTP: public, rate limited, every bad input a 400 in the documented error shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { engine } from '../support/db.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.drop());

const URL = '/api/v1/indices/766/score';
const post = (payload: unknown, remoteAddress = '10.66.0.1') => t.app.inject({ method: 'POST', url: URL, payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' }, remoteAddress });
const raw = (payload: string, contentType: string) => t.app.inject({ method: 'POST', url: URL, payload, headers: { 'content-type': contentType }, remoteAddress: '10.66.0.2' });
const paths = (r: { json(): { error: { fields: { path: string }[] } } }) => r.json().error.fields.map((f) => f.path);

describe(`Decision 766 calculator over HTTP on ${engine}`, () => {
  it('scores counts without signing in: the worked examples, groups, total and what is missing', async () => {
    const r = await post({ indicators: { '2.1': { numerator: 653, denominator: 654 }, '5.2': { numerator: 234, denominator: 286 }, '5.3': { numerator: 0, denominator: 0 } } });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.methodology).toBe('766-2023');
    expect(body.indicators['2.1']).toEqual({ group: 'progress', points: 19.97, max: 20, ratio: 0.9985, basis: 'counts' });
    expect(body.indicators['5.2']).toMatchObject({ points: 4.91, max: 6 });
    expect(body.indicators['5.3']).toEqual({ group: 'satisfaction', points: 6, max: 6, basis: 'zero_denominator' });
    expect(body.indicators['1.1']).toEqual({ group: 'transparency', points: null, max: 6, basis: 'missing' });
    expect(body.groups).toMatchObject({ progress: { points: 19.97, max: 20 }, satisfaction: { points: 10.91, max: 18 }, transparency: { points: 0, max: 18 } });
    expect(body.total).toBe(30.88);
    expect(body.max).toBe(100);
    expect(body.measuredMax).toBe(32);
    expect(body.complete).toBe(false);
    expect(body.missing).toContain('5.4');
    expect(body.missing).not.toContain('2.1');
  });

  it('takes a methodology by id and refuses an unknown one at `methodology`', async () => {
    expect((await post({ indicators: {}, methodology: '766-2023' })).json().total).toBe(0);
    const r = await post({ indicators: {}, methodology: '766-1999' });
    expect(r.statusCode).toBe(400);
    expect(paths(r)).toEqual(['methodology']);
    expect(r.json().error.fields[0].message.vi).toContain('766-2023');
  });

  it('refuses an unknown indicator code at indicators.<code>, in Vietnamese and English', async () => {
    const r = await post({ indicators: { '3.4': { numerator: 1, denominator: 2 }, '2.1': { numerator: 1, denominator: 2 } } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toEqual({
      code: 'validation_failed',
      message: { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' },
      fields: [{ path: 'indicators.3.4', message: { vi: 'Không có chỉ số "3.4" trong phương pháp 766-2023', en: 'No indicator "3.4" in methodology 766-2023' } }],
    });
  });

  it('refuses a numerator above its denominator, a negative and a fractional count, each at its path', async () => {
    const r = await post({
      indicators: { '3.1': { numerator: 5, denominator: 4 }, '2.1': { numerator: -1, denominator: 4 }, '4.5a': { numerator: 1, denominator: 2.5 } },
    });
    expect(r.statusCode).toBe(400);
    expect(paths(r).sort()).toEqual(['indicators.2.1.numerator', 'indicators.3.1.numerator', 'indicators.4.5a.denominator']);
    const over = r.json().error.fields.find((f: { path: string }) => f.path === 'indicators.3.1.numerator');
    expect(over.message).toEqual({ vi: 'Tử số không được lớn hơn mẫu số', en: 'The numerator must not exceed the denominator' });
  });

  it('answers garbage with 400, never 5xx', async () => {
    const cases: Array<[string, string]> = [
      ['{ "indicators": ', 'application/json'],
      ['not json at all', 'application/json'],
      ['', 'application/json'],
      ['null', 'application/json'],
      ['[]', 'application/json'],
      ['"indicators"', 'application/json'],
      ['{}', 'application/json'],
      ['{ "indicators": [] }', 'application/json'],
      ['{ "indicators": { "2.1": 5 } }', 'application/json'],
      ['{ "indicators": { "2.1": { "numerator": "1", "denominator": 2 } } }', 'application/json'],
      ['{ "indicators": { "2.1": { "numerator": 1e400, "denominator": 1e400 } } }', 'application/json'],
      ['{ "indicators": { "__proto__": { "numerator": 1, "denominator": 1 } } }', 'application/json'],
      ['{ "indicators": { "constructor": { "numerator": 1, "denominator": 1 } } }', 'application/json'],
      ['{ "indicators": {}, "methodology": 7 }', 'application/json'],
      ['indicators=1', 'application/x-www-form-urlencoded'],
      ['\u0000\u00ff\u0001', 'text/plain'],
    ];
    for (const [payload, type] of cases) {
      const r = await raw(payload, type);
      expect(r.statusCode, `${type} ${payload}`).toBe(400);
      expect(r.json().error.code, payload).toMatch(/^[a-z_]+$/);
      expect(r.json().error.message.vi, payload).toBeTruthy();
    }
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`9.${i}`, { numerator: 0, denominator: 0 }]));
    expect((await post({ indicators: many })).statusCode).toBe(400);
  });

  it('lists the methodologies, publicly', async () => {
    const r = await t.app.inject({ url: '/api/v1/indices/766/methodologies', remoteAddress: '10.66.0.3' });
    expect(r.statusCode).toBe(200);
    const [m] = r.json();
    expect(m).toMatchObject({ id: '766-2023', validFrom: '2023-01-01', validTo: null, decimals: 2 });
    expect(m.groups.flatMap((g: { indicators: { code: string }[] }) => g.indicators.map((i) => i.code))).toContain('3.5b');
  });

  it('is documented in the OpenAPI document under the indices tag', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json();
    expect(doc.paths[URL].post.tags).toEqual(['indices']);
    expect(doc.paths['/api/v1/indices/766/methodologies'].get.tags).toEqual(['indices']);
  });

  it('is rate limited like the other public routes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 121; i++) statuses.push((await post({ indicators: {} }, '10.66.9.9')).statusCode);
    expect(statuses.slice(0, 120)).toEqual(Array(120).fill(200));
    const limited = await post({ indicators: {} }, '10.66.9.9');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
  });
});
