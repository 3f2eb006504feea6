// Fuzzing every operation of /openapi.json (issue 10 D.10): a seeded generator sends a few thousand requests with
// mutated path parameters, queries, headers and bodies — nasty strings, wrong types, NUL bytes, lone surrogates,
// huge values, malformed JSON and multipart — as an anonymous visitor, a citizen, a desk official and an
// administrator. No request may get a 5xx, and every API refusal has the documented error shape. Bounded in time.
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { engine } from '../support/db.js';

const SEED = Number(process.env.MOTCUA_FUZZ_SEED ?? 20261123);
const REQUESTS = Number(process.env.MOTCUA_FUZZ_REQUESTS ?? 2500);
const BUDGET_MS = Number(process.env.MOTCUA_FUZZ_BUDGET_MS ?? 40_000);

let t: TestApp;
const who: Record<string, string | undefined> = { anonymous: undefined };
let dossierCode = '';

beforeAll(async () => {
  t = await createTestApp();
  for (const u of ['congdan', 'tiepnhan', 'quantri', 'chuyenvien']) who[u] = await t.loginAs(u);
  const row = await t.ctx.db.selectFrom('dossiers').select('code').where('code', 'is not', null).executeTakeFirstOrThrow();
  dossierCode = row.code!;
});
afterAll(async () => t?.drop());

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  nullable?: boolean;
  additionalProperties?: Schema | boolean;
  $ref?: string;
};

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\udc00\ud800',
  '😀',
  '\u202eexe.pdf',
  'A'.repeat(5000),
  'ệ'.repeat(300),
  '../../etc/passwd',
  '%00',
  '%',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '9'.repeat(40),
  '-1',
  '0',
  '1e309',
  'NaN',
  'null',
  'true',
  '\r\n\r\n',
  '{}',
  '2026-02-30',
  '9999-12-31T23:59:59Z',
  '000.00.43.H99-261123-0001',
];
const NASTY_NUMBERS = [-1, 0, 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 1e308, -1e308, 1.5, 1e-300, 99999999999];

function makeGen(rnd: () => number, doc: { components?: { schemas?: Record<string, Schema> } }) {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const chance = (p: number) => rnd() < p;
  const wrong = (): unknown => pick([null, true, false, 0, -1, 1e308, 'x', '\u0000', '\ud800', [], {}, [[[[]]]], { a: { b: { c: '\u0000' } } }, pick(NASTY_STRINGS)]);
  // Half the requests are mild (mostly plausible values), to get past validation into the use cases.
  let harsh = 1;
  const setHarsh = (h: boolean) => (harsh = h ? 1 : 0.2);
  const resolve = (s: Schema): Schema => (s.$ref ? (doc.components?.schemas?.[s.$ref.split('/').pop()!] ?? {}) : s);
  function gen(schema: Schema | undefined, depth: number): unknown {
    if (!schema) return wrong();
    const s = resolve(schema);
    if (chance(0.08 * harsh)) return wrong();
    if (s.nullable && chance(0.1)) return null;
    const alt = s.anyOf ?? s.oneOf;
    if (alt?.length) return gen(pick(alt), depth);
    if (s.allOf?.length) return Object.assign({}, ...s.allOf.map((x) => gen(x, depth)).filter((x) => x && typeof x === 'object'));
    if (s.enum?.length) return chance(0.85) ? pick(s.enum) : pick(NASTY_STRINGS);
    const type = Array.isArray(s.type) ? pick(s.type) : s.type;
    switch (type) {
      case 'string':
        return chance(0.5 * harsh) ? pick(NASTY_STRINGS) : chance(0.5) ? 'Nguyễn Văn An' : String(Math.floor(rnd() * 1000));
      case 'integer':
      case 'number':
        return chance(0.5 * harsh) ? pick(NASTY_NUMBERS) : Math.floor(rnd() * 10) + 1;
      case 'boolean':
        return chance(0.9) ? chance(0.5) : wrong();
      case 'array': {
        if (depth > 4) return [];
        const n = chance(0.05) ? 300 : Math.floor(rnd() * 3);
        return Array.from({ length: n }, () => gen(s.items, depth + 1));
      }
      case 'object':
      default: {
        if (depth > 4) return {};
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(s.properties ?? {})) {
          const required = s.required?.includes(k);
          if (required ? chance(0.93) : chance(0.5)) out[k] = gen(v, depth + 1);
        }
        if (chance(0.1)) out[pick(['__proto__', 'constructor', 'x\u0000', '\ud800', 'extra'])] = wrong();
        return out;
      }
    }
  }
  return { gen, pick, chance, wrong, setHarsh };
}

/** Percent-encodes like a client would, and a lone surrogate as the bytes a careless one would send. */
function enc(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff) out += `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`;
    else out += encodeURIComponent(ch);
  }
  return out;
}

const RAW_BODIES: (string | Buffer)[] = [
  '{"username": ',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '[]',
  'null',
  '1e999',
  '"x"',
  '{"__proto__":{"admin":true}}',
  '['.repeat(5000) + ']'.repeat(5000),
  '{"a":' .repeat(2000) + '1' + '}'.repeat(2000),
  Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0x22, 0x7d]),
  Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
];

function brokenMultipart(rnd: () => number): { type: string; payload: Buffer } {
  const b = 'xYz' + Math.floor(rnd() * 1e6);
  const variants: [string, string][] = [
    [`multipart/form-data; boundary=${b}`, `--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7 truncated`],
    [`multipart/form-data; boundary=${b}`, `--${b}\r\nGarbage header line\r\n\r\nvalue\r\n--${b}--\r\n`],
    ['multipart/form-data', `--${b}\r\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n--${b}--\r\n`],
    [`multipart/form-data; boundary=${b}`, ''],
    [`multipart/form-data; boundary=${b}`, `--${b}\r\nContent-Disposition: form-data; name="_csrf\u0000"\r\n\r\n\ud800\r\n--${b}--\r\n`],
    [`multipart/form-data; boundary=${b}`, `--${b}\r\nContent-Disposition: form-data; name="file"; filename="\u202efdp.exe"\r\nContent-Type: text/html\r\n\r\n<html>\r\n--${b}--\r\n`],
    [`multipart/form-data; boundary="${'b'.repeat(200)}"`, `--${b}--`],
    [`multipart/form-data; boundary=${'b'.repeat(300)}`, `--${'b'.repeat(300)}--`],
  ];
  const [type, body] = variants[Math.floor(rnd() * variants.length)]!;
  return { type, payload: Buffer.from(body, 'utf8') };
}

interface Op {
  method: string;
  path: string;
  params: { name: string; in: string; schema?: Schema; required?: boolean }[];
  body?: Schema;
  multipart: boolean;
}

const isErrorShape = (j: unknown) => {
  const e = (j as { error?: { code?: unknown; message?: { vi?: unknown; en?: unknown }; fields?: unknown } })?.error;
  return !!e && typeof e.code === 'string' && typeof e.message?.vi === 'string' && typeof e.message?.en === 'string' && Array.isArray(e.fields);
};

describe(`fuzzing the API from /openapi.json on ${engine}`, () => {
  it('never answers a 5xx, and refuses in the documented error shape', async () => {
    const doc = (await t.app.inject('/openapi.json')).json();
    const ops: Op[] = [];
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, { parameters?: Op['params']; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>))
      for (const [method, op] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const content = op.requestBody?.content ?? {};
        ops.push({ method: method.toUpperCase(), path, params: op.parameters ?? [], body: content['application/json']?.schema, multipart: path === '/api/v1/files' || !!content['multipart/form-data'] });
      }
    expect(ops.length).toBeGreaterThan(30);
    const rnd = mulberry32(SEED);
    const { gen, pick, chance, wrong, setHarsh } = makeGen(rnd, doc);
    const failures: string[] = [];
    const shapeless: string[] = [];
    const started = Date.now();
    let sent = 0;
    let ipSeq = 0;
    const statuses = new Map<number, number>();
    while (sent < REQUESTS && Date.now() - started < BUDGET_MS) {
      const op = ops[sent % ops.length]!;
      sent++;
      setHarsh(chance(0.5));
      const user = pick(['anonymous', 'congdan', 'tiepnhan', 'quantri', 'quantri', 'chuyenvien']);
      const headers: Record<string, string> = {};
      if (who[user]) headers.cookie = who[user]!;
      // Path parameters: plausible values, or anything at all.
      let url = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
        if (chance(0.35)) return name === 'code' ? pick([dossierCode, '1', '2']) : String(Math.floor(rnd() * 8) + 1);
        const v = gen(op.params.find((p) => p.name === name && p.in === 'path')?.schema, 0);
        return enc(typeof v === 'string' ? v : JSON.stringify(v) ?? 'x');
      });
      const query: string[] = [];
      for (const p of op.params.filter((x) => x.in === 'query')) {
        if (!chance(p.required ? 0.9 : 0.5)) continue;
        const v = gen(p.schema, 0);
        const s = typeof v === 'string' ? v : JSON.stringify(v) ?? '';
        query.push(`${enc(p.name)}=${enc(s)}`);
        if (chance(0.1)) query.push(`${enc(p.name)}=${enc(pick(NASTY_STRINGS))}`);
      }
      if (chance(0.1)) query.push(`${enc(pick(NASTY_STRINGS))}=${enc(pick(NASTY_STRINGS))}`);
      if (chance(0.03)) query.push(`q=${'%zz'}`);
      if (query.length) url += `?${query.join('&')}`;
      for (const p of op.params.filter((x) => x.in === 'header')) if (chance(0.5)) headers[p.name] = String(gen(p.schema, 0) ?? '').replace(/[\r\n]/g, '');
      if (chance(0.08)) headers[pick(['if-match', 'idempotency-key', 'accept-language', 'x-csrf-token', 'authorization'])] = pick(['Bearer \u0000', 'mc_\u0000', '"\u0000"', 'W/"1"', 'x'.repeat(3000), 'Bearer mc_' + 'a'.repeat(40), '\u00ff\u00fe']);
      let payload: string | Buffer | undefined;
      if (op.method !== 'GET' && op.method !== 'DELETE') {
        const r = rnd();
        if (op.multipart && r < 0.6) {
          const m = brokenMultipart(rnd);
          headers['content-type'] = m.type;
          payload = m.payload;
        } else if (r < 0.15) {
          headers['content-type'] = 'application/json';
          payload = pick(RAW_BODIES);
        } else if (r < 0.2) {
          headers['content-type'] = pick(['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'application/json; charset=utf-16', '']);
          payload = pick(['a=b&_csrf=\u0000', '<x/>', 'username=%00&password=%ED%A0%80', '']);
        } else {
          headers['content-type'] = 'application/json';
          payload = JSON.stringify(op.body ? gen(op.body, 0) : wrong());
        }
      }
      const res = await t.app.inject({ method: op.method as 'GET', url, headers, payload, remoteAddress: `10.200.${Math.floor(++ipSeq / 250) % 250}.${ipSeq % 250}` });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      const what = `${op.method} ${url.slice(0, 300)} as ${user} ${typeof payload === 'string' ? payload.slice(0, 200) : payload ? '<bytes>' : ''}`;
      if (res.statusCode >= 500) failures.push(`${res.statusCode} ${what} → ${res.body.slice(0, 300)}`);
      else if (res.statusCode >= 400 && url.startsWith('/api/')) {
        let ok = false;
        try {
          ok = isErrorShape(res.json());
        } catch {
          ok = false;
        }
        if (!ok) shapeless.push(`${res.statusCode} ${what} → ${res.body.slice(0, 200)}`);
      }
    }
    console.info(`fuzz on ${engine}: ${sent} requests over ${ops.length} operations in ${Date.now() - started} ms (seed ${SEED}); statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    expect(failures.slice(0, 15)).toEqual([]);
    expect(shapeless.slice(0, 15)).toEqual([]);
    expect(sent).toBeGreaterThan(Math.min(REQUESTS, 1000));
  });

  it('answers NUL bytes and lone surrogates anywhere with a 400 in the error shape', async () => {
    const cookie = who.quantri!;
    const cases: { method: 'GET' | 'POST'; url: string; headers?: Record<string, string>; payload?: string }[] = [
      { method: 'GET', url: '/api/v1/units/%00' },
      { method: 'GET', url: '/api/v1/users?q=a%00b' },
      { method: 'GET', url: '/api/v1/users?q=%ED%A0%80' },
      { method: 'GET', url: '/api/v1/procedures?q=%zz' },
      { method: 'GET', url: `/api/v1/dossiers/${dossierCode}`, headers: { 'if-match': '"1\u0000"' } },
      { method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":"a\\u0000","password":"x"}' },
      { method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":"\\ud800","password":"x"}' },
      { method: 'POST', url: '/api/v1/units', headers: { 'content-type': 'application/json' }, payload: '{"name":"x\\udc00"}' },
      { method: 'GET', url: `/api/v1/units?x=${'a'.repeat(9000)}` },
    ];
    for (const c of cases) {
      const r = await t.app.inject({ ...c, headers: { cookie, ...(c.headers ?? {}) }, remoteAddress: '10.201.0.1' });
      expect([c.url.slice(0, 80), r.statusCode]).toEqual([c.url.slice(0, 80), 400]);
      expect(isErrorShape(r.json())).toBe(true);
    }
    // Pages too: the login form and the tracking page.
    const form = await t.app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, payload: 'username=%00&password=x', remoteAddress: '10.201.0.2' });
    expect(form.statusCode).toBe(400);
    const page = await t.app.inject({ url: '/tra-cuu?code=%00&v=1234', headers: { accept: 'text/html' }, remoteAddress: '10.201.0.3' });
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toMatch(/text\/html/);
  });

  it('answers over-long headers and a malformed request line on a real socket with a 400 in the error shape', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const raw = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const s = connect(port, '127.0.0.1', () => s.write(text));
        let out = '';
        s.on('data', (d) => (out += d.toString('utf8')));
        s.on('end', () => resolve(out));
        s.on('close', () => resolve(out));
        s.on('error', reject);
      });
    const long = await raw(`GET /api/v1/units HTTP/1.1\r\nHost: x\r\nX-Long: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(long).toMatch(/^HTTP\/1\.1 400/);
    expect(isErrorShape(JSON.parse(long.slice(long.indexOf('\r\n\r\n') + 4)))).toBe(true);
    const longUrl = await raw(`GET /api/v1/units?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(longUrl).toMatch(/^HTTP\/1\.1 400/);
    const garbage = await raw(`GE\u0000T / HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(garbage).toMatch(/^HTTP\/1\.1 400/);
  });
});
