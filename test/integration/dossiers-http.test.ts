// The dossier JSON API over HTTP, on the engine MOTCUA_TEST_DB names: reception with idempotency, the error
// envelope with field paths, actions with optimistic concurrency (body or If-Match), inboxes, uploads, the
// applicant's supplement, public tracking, and the OpenAPI document.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/app/actor.js';
import { createApiToken } from '../../src/app/auth.js';
import { abolishProcedure } from '../../src/app/catalogue.js';
import { saveDraft, saveFile, submitOnline, userActor } from '../../src/app/dossiers/index.js';
import { TRACKING_RATE } from '../../src/http/api/dossiers.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { engine } from '../support/db.js';
import { multipart, type Upload } from '../support/multipart.js';
import { fullChecklist } from '../support/dossiers.js';

let t: TestApp;
let uploads: string;
const cookies: Record<string, string> = {};

const LAWYER = '1.002099'; // Sở Tư pháp through the provincial centre
const MARITAL = '1.004873'; // commune
const APPLICANT = { kind: 'citizen', fullName: 'Phan Thị Khánh Linh', idNumber: '036195012345', phone: '0913 555 827', address: 'Số 9 đường Trần Phú' };
const pdf = (text: string) => Buffer.from(`%PDF-1.7\n% ${text}\n%%EOF\n`);

let ipSeq = 0;
/** A fresh client address per call, so the public routes' rate limit never trips a test by accident. */
const ip = () => `10.77.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;

type Opts = { as?: string; payload?: unknown; headers?: Record<string, string>; remoteAddress?: string };
async function call(method: 'GET' | 'POST', url: string, o: Opts = {}) {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.as) headers.cookie = cookies[o.as] ??= await t.loginAs(o.as);
  return t.app.inject({ method, url, headers, payload: o.payload as never, remoteAddress: o.remoteAddress ?? ip() });
}

const documentsOf = (code: string) => fullChecklist(t.ctx, code);

const countOf = async (table: 'dossiers' | 'dossier_actions', where?: { column: string; value: string | number }) => {
  const r = where
    ? await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${sql.ref(where.column)} = ${where.value}`.execute(t.ctx.db)
    : await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.ctx.db);
  return r.rows[0]!.n;
};


beforeAll(async () => {
  t = await createTestApp();
  uploads = mkdtempSync(join(tmpdir(), 'motcua-http-uploads-'));
  // Uploads of this file go to a temporary directory, not the working tree's data/.
  (t.ctx.config as { uploadDir: string }).uploadDir = uploads;
});
afterAll(async () => {
  await t?.drop();
  if (uploads) rmSync(uploads, { recursive: true, force: true });
});

describe(`reception over HTTP on ${engine}`, () => {
  let docs: { name: string; provided: boolean }[];
  const body = (extra: Record<string, unknown> = {}) => ({ procedureCode: LAWYER, channel: 'counter', applicant: APPLICANT, documents: docs, ...extra });

  beforeAll(async () => {
    docs = await documentsOf(LAWYER);
  });

  it('creates once per idempotency key: 201 then 200 with the same dossier', async () => {
    const before = await countOf('dossiers');
    const first = await call('POST', '/api/v1/dossiers', { as: 'tiepnhan', headers: { 'idempotency-key': 'http-reception-1' }, payload: body({ comment: 'Đủ hồ sơ' }) });
    expect(first.statusCode, first.body).toBe(201);
    const a = first.json();
    expect(a.created).toBe(true);
    expect(a.dossier.code).toMatch(/^000\.00\.31\.H99-261123-\d{4}$/);
    expect(a.dossier.state).toMatchObject({ status: 'received', nationalStatus: 2, channel: 'counter' });
    // Dates travel as ISO 8601 strings.
    expect(a.dossier.state.receivedAt).toBe('2026-11-23T02:00:00.000Z');
    expect(first.headers.location).toBe(`/api/v1/dossiers/${a.dossier.code}`);
    const again = await call('POST', '/api/v1/dossiers', { as: 'tiepnhan', headers: { 'idempotency-key': 'http-reception-1' }, payload: body({ comment: 'Đủ hồ sơ' }) });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, dossier: { id: a.dossier.id, code: a.dossier.code, version: 1 } });
    expect(await countOf('dossiers')).toBe(before + 1);
    expect(await countOf('dossiers', { column: 'idempotency_key', value: 'http-reception-1' })).toBe(1);
  });

  it('takes the key from the body too; the header wins when both are sent', async () => {
    const viaBody = await call('POST', '/api/v1/dossiers', { as: 'tiepnhan', payload: body({ idempotencyKey: 'http-body-1' }) });
    expect(viaBody.statusCode, viaBody.body).toBe(201);
    const both = await call('POST', '/api/v1/dossiers', { as: 'tiepnhan', headers: { 'idempotency-key': 'http-header-2' }, payload: body({ idempotencyKey: 'http-body-1' }) });
    expect(both.statusCode).toBe(201);
    expect(both.json().dossier.id).not.toBe(viaBody.json().dossier.id);
    const row = await t.ctx.db.selectFrom('dossiers').select('idempotency_key').where('id', '=', both.json().dossier.id).executeTakeFirstOrThrow();
    expect(row.idempotency_key).toBe('http-header-2');
  });

  it('refuses without a key, naming it, and writes nothing', async () => {
    const before = await countOf('dossiers');
    const r = await call('POST', '/api/v1/dossiers', { as: 'tiepnhan', payload: body() });
    expect(r.statusCode).toBe(400);
    const e = r.json().error;
    expect(e.code).toBe('validation_failed');
    expect(e.fields.map((f: { path: string }) => f.path)).toEqual(['idempotencyKey']);
    expect(e.fields[0].message.vi).toContain('Idempotency-Key');
    expect(e.fields[0].message.en).toContain('Idempotency-Key');
    const bad = await call('POST', '/api/v1/dossiers', { as: 'tiepnhan', headers: { 'idempotency-key': 'has spaces!' }, payload: body() });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('headers.idempotency-key');
    expect(await countOf('dossiers')).toBe(before);
  });

  it('names the field at fault: unknown procedure, invalid ID number, wrong shapes', async () => {
    const before = await countOf('dossiers');
    const unknown = await call('POST', '/api/v1/dossiers', { as: 'tiepnhan', headers: { 'idempotency-key': 'http-bad-1' }, payload: body({ procedureCode: '1.999999' }) });
    expect([400, 404]).toContain(unknown.statusCode);
    expect(unknown.json().error).toMatchObject({ code: 'unknown_procedure', fields: [{ path: 'procedureCode' }] });
    const id = await call('POST', '/api/v1/dossiers', { as: 'tiepnhan', headers: { 'idempotency-key': 'http-bad-2' }, payload: body({ applicant: { ...APPLICANT, idNumber: '12345' } }) });
    expect(id.statusCode).toBe(400);
    const idError = id.json().error;
    expect(idError.fields.map((f: { path: string }) => f.path)).toEqual(['applicant.idNumber']);
    expect(idError.fields[0].message.vi).not.toBe(idError.fields[0].message.en);
    const shape = await call('POST', '/api/v1/dossiers', { as: 'tiepnhan', headers: { 'idempotency-key': 'http-bad-3' }, payload: body({ channel: 'online', documents: 'none' }) });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body.channel', 'body.documents']);
    const notJson = await t.app.inject({ method: 'POST', url: '/api/v1/dossiers', headers: { cookie: cookies.tiepnhan!, 'content-type': 'application/json' }, payload: '{"procedureCode":' });
    expect(notJson.statusCode).toBe(400);
    expect(await countOf('dossiers')).toBe(before);
  });

  it('refuses an abolished procedure, naming its decision', async () => {
    await abolishProcedure(t.ctx, systemActor('test'), '1.002211', { number: '77/QĐ-UBND', date: '2026-11-01' });
    const docs2 = await documentsOf('1.002211');
    const r = await call('POST', '/api/v1/dossiers', {
      as: 'tiepnhan.anphu',
      headers: { 'idempotency-key': 'http-abolished-1' },
      payload: { procedureCode: '1.002211', channel: 'counter', applicant: APPLICANT, documents: docs2 },
    });
    expect(r.statusCode).toBeGreaterThanOrEqual(400);
    expect(r.statusCode).toBeLessThan(500);
    expect(r.json().error.code).toBe('procedure_abolished');
    expect(r.json().error.message.vi).toContain('77/QĐ-UBND');
    expect(await countOf('dossiers', { column: 'idempotency_key', value: 'http-abolished-1' })).toBe(0);
  });

  it('needs a signed-in desk official', async () => {
    const anon = await call('POST', '/api/v1/dossiers', { headers: { 'idempotency-key': 'http-anon-1' }, payload: body() });
    expect(anon.statusCode).toBe(401);
    const specialist = await call('POST', '/api/v1/dossiers', { as: 'chuyenvien', headers: { 'idempotency-key': 'http-spec-1' }, payload: body() });
    expect(specialist.statusCode).toBe(403);
    expect(specialist.json().error.message).toMatchObject({ vi: expect.any(String), en: expect.any(String) });
  });

  it('issues form 02 and form 03 for counter dossiers; they are read by id until they have a code', async () => {
    const supplement = await call('POST', '/api/v1/dossiers/supplement-requests', {
      as: 'tiepnhan',
      headers: { 'idempotency-key': 'http-form02-1' },
      payload: body({ documents: docs.slice(0, 1), items: docs.slice(1).map((d) => d.name), reason: 'Thiếu giấy tờ' }),
    });
    expect(supplement.statusCode, supplement.body).toBe(201);
    const s = supplement.json().dossier;
    expect(s).toMatchObject({ code: null, version: 1, state: { status: 'supplement_before_reception', nationalStatus: 5 } });
    expect(supplement.headers.location).toBe(`/api/v1/dossiers/${s.id}`);
    const byId = await call('GET', `/api/v1/dossiers/${s.id}`, { as: 'tiepnhan' });
    expect(byId.json().state.preReceptionSupplements[0].items).toHaveLength(docs.length - 1);
    // The applicant comes back with everything: the desk receives it, with its full checklist, and it gets a code.
    const partial = await call('POST', `/api/v1/dossiers/${s.id}/actions`, { as: 'tiepnhan', payload: { type: 'receive', payload: { documents: docs.slice(0, 1) }, expectedVersion: 1 } });
    expect([partial.statusCode, partial.json().error.fields[0].path]).toEqual([400, 'documents[1]']);
    const malformed = await call('POST', `/api/v1/dossiers/${s.id}/actions`, { as: 'tiepnhan', payload: { type: 'receive', payload: { documents: [{ name: 7 }] }, expectedVersion: 1 } });
    expect([malformed.statusCode, malformed.json().error.fields[0].path]).toEqual([400, 'payload.documents.0.name']);
    const back = await call('POST', `/api/v1/dossiers/${s.id}/actions`, { as: 'tiepnhan', payload: { type: 'receive', payload: { documents: docs }, expectedVersion: 1 } });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ id: s.id, version: 2, state: { status: 'received', nationalStatus: 2 } });
    expect(back.json().code).toMatch(/^000\.00\.31\.H99-261123-\d{4}$/);
    const missing = await call('POST', '/api/v1/dossiers/supplement-requests', { as: 'tiepnhan', headers: { 'idempotency-key': 'http-form02-2' }, payload: body({ reason: 'x' }) });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields.map((f: { path: string }) => f.path)).toContain('body.items');

    const refusal = await call('POST', '/api/v1/dossiers/refusals', {
      as: 'tiepnhan',
      headers: { 'idempotency-key': 'http-form03-1' },
      payload: body({ channel: 'postal', documents: [], reasons: 'Không thuộc thẩm quyền giải quyết' }),
    });
    expect(refusal.statusCode, refusal.body).toBe(201);
    expect(refusal.json().dossier).toMatchObject({ code: null, state: { status: 'refused', nationalStatus: 3 } });
  });
});

/** A dossier received at the centre's counter over HTTP (idempotency key `key`). */
async function receivedOverHttp(key: string): Promise<{ code: string; id: number; version: number; token: string }> {
  const r = await call('POST', '/api/v1/dossiers', {
    as: 'tiepnhan',
    headers: { 'idempotency-key': key },
    payload: { procedureCode: LAWYER, channel: 'counter', applicant: APPLICANT, documents: await documentsOf(LAWYER) },
  });
  expect(r.statusCode, r.body).toBe(201);
  const { code, id, version, trackingToken: token } = r.json().dossier;
  return { code, id, version, token };
}

/** The same, forwarded by the desk to the Department of Justice's specialist. */
async function forwardedOverHttp(key: string) {
  const d = await receivedOverHttp(key);
  const chuyenvien = await userActor(t.ctx, 'chuyenvien');
  const r = await call('POST', `/api/v1/dossiers/${d.code}/actions`, {
    as: 'tiepnhan',
    payload: { type: 'forward', payload: { toStepIndex: 1, assigneeId: chuyenvien.userId }, expectedVersion: d.version },
  });
  expect(r.statusCode, r.body).toBe(200);
  return { ...d, version: r.json().version as number };
}

describe(`reading and acting over HTTP on ${engine}`, () => {
  it('reads a dossier by code (with or without "000.") or id, for staff with jurisdiction only', async () => {
    const { code, id, version } = await receivedOverHttp('http-read');
    const r = await call('GET', `/api/v1/dossiers/${code}`, { as: 'tiepnhan' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ id, code, version, access: 'staff', applicant: { fullName: APPLICANT.fullName } });
    expect(r.headers.etag).toBe(`"${version}"`);
    expect(r.headers['cache-control']).toBe('no-store');
    expect((await call('GET', `/api/v1/dossiers/${code.replace(/^000\./, '')}`, { as: 'theodoi' })).json().id).toBe(id);
    expect((await call('GET', `/api/v1/dossiers/${id}`, { as: 'lanhdao' })).json().code).toBe(code);
    expect((await call('GET', `/api/v1/dossiers/${code}`, { as: 'tiepnhan.anphu' })).statusCode).toBe(403);
    expect((await call('GET', `/api/v1/dossiers/${code}`, { as: 'congdan' })).statusCode).toBe(404);
    // Anonymous callers get 401 whether or not the code exists.
    expect((await call('GET', `/api/v1/dossiers/${code}`)).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/dossiers/000.00.31.H99-261123-0999')).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/dossiers/000.00.31.H99-261123-0999', { as: 'tiepnhan' })).statusCode).toBe(404);
  });

  it('lists what the actor may do now, with reasons for the rest', async () => {
    const { code, id, version } = await receivedOverHttp('http-allowed');
    const r = await call('GET', `/api/v1/dossiers/${code}/allowed-actions`, { as: 'tiepnhan' });
    expect(r.statusCode).toBe(200);
    const v = r.json();
    expect(v).toMatchObject({ dossierId: id, version });
    const allowed = v.actions.filter((a: { allowed: boolean }) => a.allowed).map((a: { type: string }) => a.type);
    expect(allowed).toContain('forward');
    expect(allowed).not.toContain('approve');
    const approve = v.actions.find((a: { type: string }) => a.type === 'approve');
    expect(approve).toMatchObject({ allowed: false, kind: expect.stringMatching(/conflict|forbidden/), reason: { vi: expect.any(String), en: expect.any(String) } });
    expect(v.assigneeCandidates.forward.map((p: { username: string }) => p.username)).toEqual(['chuyenvien']);
  });

  it('refuses a stale version with 409 and writes nothing; other refusals map to 409, 403, 400', async () => {
    const { code, id, version } = await receivedOverHttp('http-refusals');
    const actions = await countOf('dossier_actions', { column: 'dossier_id', value: id });
    const url = `/api/v1/dossiers/${code}/actions`;
    const stale = await call('POST', url, { as: 'tiepnhan', payload: { type: 'forward', payload: { toStepIndex: 1 }, expectedVersion: version - 1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');
    const staleHeader = await call('POST', url, { as: 'tiepnhan', headers: { 'if-match': `"${version + 1}"` }, payload: { type: 'forward', payload: { toStepIndex: 1 } } });
    expect([staleHeader.statusCode, staleHeader.json().error.code]).toEqual([409, 'stale_version']);
    const notNow = await call('POST', url, { as: 'lanhdao', payload: { type: 'approve', expectedVersion: version } });
    expect([notNow.statusCode, notNow.json().error.code]).toEqual([409, 'action_not_allowed']);
    const notYou = await call('POST', url, { as: 'chuyenvien', payload: { type: 'forward', payload: { toStepIndex: 1 }, expectedVersion: version } });
    expect([notYou.statusCode, notYou.json().error.code]).toEqual([403, 'forbidden']);
    const badPayload = await call('POST', url, { as: 'tiepnhan', payload: { type: 'forward', payload: { toStepIndex: 3 }, expectedVersion: version } });
    expect(badPayload.statusCode).toBe(400);
    expect(badPayload.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['payload.toStepIndex']);
    const badType = await call('POST', url, { as: 'tiepnhan', payload: { type: 'teleport', expectedVersion: version } });
    expect([badType.statusCode, badType.json().error.fields[0].path]).toEqual([400, 'body.type']);
    const noVersion = await call('POST', url, { as: 'tiepnhan', payload: { type: 'forward', payload: { toStepIndex: 1 } } });
    expect([noVersion.statusCode, noVersion.json().error.fields[0].path]).toEqual([400, 'expectedVersion']);
    const disagree = await call('POST', url, { as: 'tiepnhan', headers: { 'if-match': `"${version}"` }, payload: { type: 'forward', payload: { toStepIndex: 1 }, expectedVersion: version - 1 } });
    expect([disagree.statusCode, disagree.json().error.fields[0].path]).toEqual([400, 'expectedVersion']);
    const badHeader = await call('POST', url, { as: 'tiepnhan', headers: { 'if-match': '*' }, payload: { type: 'forward', payload: { toStepIndex: 1 } } });
    expect([badHeader.statusCode, badHeader.json().error.fields[0].path]).toEqual([400, 'headers.if-match']);
    expect((await call('POST', url, { payload: { type: 'forward', payload: { toStepIndex: 1 }, expectedVersion: version } })).statusCode).toBe(401);
    expect(await countOf('dossier_actions', { column: 'dossier_id', value: id })).toBe(actions);
  });

  it('appends an action with the version in If-Match, and the dossier moves on', async () => {
    const { code, id, version } = await receivedOverHttp('http-act');
    const chuyenvien = await userActor(t.ctx, 'chuyenvien');
    const r = await call('POST', `/api/v1/dossiers/${code}/actions`, {
      as: 'tiepnhan',
      headers: { 'if-match': `"${version}"` },
      payload: { type: 'forward', payload: { toStepIndex: 1, assigneeId: chuyenvien.userId }, comment: 'Chuyển Sở Tư pháp' },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ version: version + 1, state: { currentStepIndex: 1, assigneeId: chuyenvien.userId } });
    expect(r.headers.etag).toBe(`"${version + 1}"`);
    expect(await countOf('dossier_actions', { column: 'dossier_id', value: id })).toBe(version + 1);
    // The same request again is now stale.
    const replay = await call('POST', `/api/v1/dossiers/${code}/actions`, { as: 'tiepnhan', headers: { 'if-match': `"${version}"` }, payload: { type: 'forward', payload: { toStepIndex: 1 } } });
    expect(replay.statusCode).toBe(409);
  });

  it('lists the dossier in the inboxes, with dates as ISO strings', async () => {
    const { code, id } = await forwardedOverHttp('http-inboxes');
    const unit = await call('GET', `/api/v1/dossiers?scope=unit&filter=all&q=${encodeURIComponent(code)}`, { as: 'lanhdao' });
    expect(unit.statusCode, unit.body).toBe(200);
    const page = unit.json();
    const item = page.items.find((i: { id: number }) => i.id === id);
    expect(item).toMatchObject({ code, procedureCode: LAWYER, applicantName: APPLICANT.fullName, status: 'assigned', nationalStatus: 4, late: false });
    expect(item.receivedAt).toBe('2026-11-23T02:00:00.000Z');
    expect(typeof item.remainingWorkingMinutes).toBe('number');
    expect(page.asOf).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(page.units[String(item.currentUnitId)].code).toBe('000.00.05.H99');
    const mine = await call('GET', '/api/v1/dossiers?scope=mine&filter=all&pageSize=100', { as: 'chuyenvien' });
    expect(mine.json().items.map((i: { id: number }) => i.id)).toContain(id);
    const other = await call('GET', '/api/v1/dossiers?scope=mine&filter=all&pageSize=100', { as: 'lanhdao' });
    expect(other.json().items.map((i: { id: number }) => i.id)).not.toContain(id);
    const bad = await call('GET', '/api/v1/dossiers?filter=everything&pageSize=500', { as: 'lanhdao' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['querystring.filter', 'querystring.pageSize']);
    expect((await call('GET', '/api/v1/dossiers', { as: 'congdan' })).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/dossiers')).statusCode).toBe(401);
  });

  it('shows the public the status with a verifier, and only the initials', async () => {
    const { code, token } = await forwardedOverHttp('http-public');
    const ok = await call('GET', `/api/v1/public/dossiers/${code}?verifier=5827`); // last 4 digits of the phone
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ code, applicantInitials: 'P.T.K.L.', status: 'assigned', nationalStatus: 4, nationalStatusLabel: { vi: 'Đang xử lý' }, currentUnitName: 'Sở Tư pháp' });
    expect(ok.json().receivedAt).toBe('2026-11-23T02:00:00.000Z');
    expect(ok.json().steps).toHaveLength(2);
    for (const secret of [APPLICANT.fullName, 'Phan', 'Linh', APPLICANT.idNumber, '0913555827', 'Trần Phú', 'chuyenvien']) expect(ok.body).not.toContain(secret);
    expect((await call('GET', `/api/v1/public/dossiers/${code}?verifier=2345`)).statusCode).toBe(200); // the ID number's
    expect((await call('GET', `/api/v1/public/dossiers/${code}?t=${token}`)).json().code).toBe(code);
    const wrong = await call('GET', `/api/v1/public/dossiers/${code}?verifier=0000`);
    const unknown = await call('GET', '/api/v1/public/dossiers/000.00.31.H99-261123-0999?verifier=5827');
    expect(wrong.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(wrong.json()).toEqual(unknown.json());
    expect((await call('GET', `/api/v1/public/dossiers/${code}?t=not-the-token`)).statusCode).toBe(404);
    const none = await call('GET', `/api/v1/public/dossiers/${code}`);
    expect([none.statusCode, none.json().error.fields[0].path]).toEqual([400, 'querystring.verifier']);
  });

  it('rate-limits public tracking per client', async () => {
    const { code } = await receivedOverHttp('http-rate');
    const from = '10.99.99.1';
    const codes: number[] = [];
    // Unknown codes, one each: wrong verifiers are also counted per code, which is not what this test is about.
    const other = (i: number) => `${code.slice(0, -4)}${String(9000 + i)}`;
    for (let i = 0; i <= TRACKING_RATE.max; i++) codes.push((await call('GET', `/api/v1/public/dossiers/${other(i)}?verifier=1234`, { remoteAddress: from })).statusCode);
    expect(codes.slice(0, TRACKING_RATE.max)).toEqual(Array(TRACKING_RATE.max).fill(404));
    expect(codes[TRACKING_RATE.max]).toBe(429);
    expect(TRACKING_RATE.max).toBeLessThanOrEqual(30);
  });
});

describe(`uploads and the applicant's supplement over HTTP on ${engine}`, () => {
  it('uploads one file for a signed-in user, checking its content', async () => {
    const cookie = (cookies.congdan ??= await t.loginAs('congdan'));
    const page = await t.app.inject({ url: '/', headers: { cookie } });
    const csrf = page.cookies.find((c) => c.name === 'motcua_csrf')!.value;
    const send = (fields: Record<string, string>, files: Upload[], extra: Record<string, string> = {}, who = `${cookie}; motcua_csrf=${csrf}`) => {
      const m = multipart(fields, files);
      return t.app.inject({ method: 'POST', url: '/api/v1/files', headers: { cookie: who, 'content-type': m.type, ...extra }, payload: m.payload, remoteAddress: ip() });
    };
    const ok = await send({ _csrf: csrf }, [{ field: 'file', name: 'giay-to.pdf', type: 'application/pdf', bytes: pdf('giay to') }]);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ name: 'giay-to.pdf', mediaType: 'application/pdf', sizeBytes: pdf('giay to').length });
    expect(ok.json().id).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const viaHeader = await send({}, [{ field: 'file', name: 'b.pdf', type: 'application/pdf', bytes: pdf('b') }], { 'x-csrf-token': csrf });
    expect(viaHeader.statusCode).toBe(201);
    const noCsrf = await send({}, [{ field: 'file', name: 'c.pdf', type: 'application/pdf', bytes: pdf('c') }]);
    expect([noCsrf.statusCode, noCsrf.json().error.code]).toEqual([403, 'csrf_failed']);
    const program = await send({ _csrf: csrf }, [{ field: 'file', name: 'virus.pdf', type: 'application/pdf', bytes: Buffer.from('MZ\x90\x00 not a pdf') }]);
    expect([program.statusCode, program.json().error.code, program.json().error.fields[0].path]).toEqual([400, 'file_type_not_allowed', 'file']);
    const none = await send({ _csrf: csrf }, []);
    expect([none.statusCode, none.json().error.fields[0].path]).toEqual([400, 'file']);
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/v1/files',
      headers: { cookie: `${cookie}; motcua_csrf=${csrf}`, 'x-csrf-token': csrf },
      payload: { file: { type: 'file', fieldname: 'file', filename: 'x.pdf', mimetype: 'application/pdf' } },
      remoteAddress: ip(),
    });
    expect(forged.statusCode).toBe(400);
    const anon = await send({}, [{ field: 'file', name: 'd.pdf', type: 'application/pdf', bytes: pdf('d') }], {}, `motcua_csrf=${csrf}`);
    expect(anon.statusCode).toBe(401);
  });

  it('lets an integration with a bearer token upload a scan and name it in a reception checklist', async () => {
    const desk = await userActor(t.ctx, 'tiepnhan');
    const { token } = await createApiToken(t.ctx, desk, 'scanner', null);
    const m = multipart({}, [{ field: 'file', name: 'scan.png', type: 'image/png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]) }]);
    const up = await t.app.inject({ method: 'POST', url: '/api/v1/files', headers: { authorization: `Bearer ${token}`, 'content-type': m.type }, payload: m.payload, remoteAddress: ip() });
    expect(up.statusCode, up.body).toBe(201);
    const fileId = up.json().id as string;
    const docs = await documentsOf(LAWYER);
    docs[0] = { ...docs[0]!, fileIds: [fileId] } as never;
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'http-scan-1' },
      payload: { procedureCode: LAWYER, applicant: APPLICANT, documents: docs },
      remoteAddress: ip(),
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().dossier.documents[0].fileIds).toEqual([fileId]);
    // Another user's upload cannot be named.
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers',
      headers: { cookie: (cookies.tiepnhan ??= await t.loginAs('tiepnhan')), 'idempotency-key': 'http-scan-2' },
      payload: { procedureCode: LAWYER, applicant: APPLICANT, documents: docs.map((d, i) => (i === 0 ? { ...d, fileIds: ['no-such-file-id'] } : d)) },
      remoteAddress: ip(),
    });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.fields[0].path).toMatch(/^documents/);
  });

  it('lets the applicant answer a supplement request with uploaded files', async () => {
    const congdan = await userActor(t.ctx, 'congdan');
    // Uploaded through the use case, so that this journey does not depend on the multipart route.
    const upload = async (name: string) => (await saveFile(t.ctx, congdan, { name, bytes: pdf(name), declaredType: 'application/pdf' })).id;
    const files = [await upload('to-khai.pdf'), await upload('cccd.pdf')];
    const names = (await documentsOf(MARITAL)).map((d) => d.name);
    const draft = await saveDraft(t.ctx, congdan, {
      procedureCode: MARITAL,
      competentUnitCode: '000.00.43.H99',
      documents: [
        { name: names[0]!, fileIds: [files[0]!] },
        { name: names[2]!, fileIds: [files[1]!] },
      ],
    });
    const submitted = (await submitOnline(t.ctx, congdan, { draftId: draft.id, idempotencyKey: 'http-online-1' })).dossier;
    const actUrl = `/api/v1/dossiers/${submitted.id}/actions`;
    const received = await call('POST', actUrl, { as: 'tiepnhan.anphu', payload: { type: 'receive', payload: {}, expectedVersion: 1 } });
    expect(received.statusCode, received.body).toBe(200);
    const code = received.json().code as string;
    expect(code).toMatch(/^000\.00\.43\.H99-/);
    const specialist = await userActor(t.ctx, 'chuyenvien.anphu');
    const fwd = await call('POST', `/api/v1/dossiers/${code}/actions`, { as: 'tiepnhan.anphu', payload: { type: 'forward', payload: { toStepIndex: 1, assigneeId: specialist.userId }, expectedVersion: 2 } });
    expect(fwd.statusCode, fwd.body).toBe(200);
    const ask = await call('POST', `/api/v1/dossiers/${code}/actions`, {
      as: 'chuyenvien.anphu',
      payload: { type: 'request_supplement', payload: { items: ['Bản sao quyết định ly hôn'], reason: 'Đã từng kết hôn' }, expectedVersion: 3 },
    });
    expect(ask.statusCode, ask.body).toBe(200);
    expect(ask.json().state).toMatchObject({ status: 'awaiting_supplement', waitingFor: 'supplement' });

    const mine = await call('GET', '/api/v1/my/dossiers', { as: 'congdan' });
    expect(mine.json().items.find((i: { id: number }) => i.id === submitted.id)).toMatchObject({ code, status: 'awaiting_supplement' });
    const copy = await upload('quyet-dinh.pdf');
    const url = `/api/v1/dossiers/${code}/supplement`;
    const stranger = await call('POST', url, { as: 'doanhnghiep', payload: { expectedVersion: 4, fileIds: [copy] } });
    expect(stranger.statusCode).toBe(404);
    const stale = await call('POST', url, { as: 'congdan', payload: { expectedVersion: 3, fileIds: [copy] } });
    expect(stale.statusCode).toBe(409);
    const answered = await call('POST', url, { as: 'congdan', headers: { 'if-match': '"4"' }, payload: { note: 'Đã bổ sung', fileIds: [copy] } });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json()).toMatchObject({ version: 5, access: 'applicant', state: { status: 'assigned', waitingFor: null } });
    // The applicant's view has their request answered, not the unit's timeline (issue 10 D8); staff see the files.
    expect(answered.json().state).not.toHaveProperty('timeline');
    expect(answered.json().state.supplementRequests[0].receivedAt).not.toBeNull();
    const staff = await call('GET', `/api/v1/dossiers/${code}`, { as: 'chuyenvien.anphu' });
    expect(staff.json().state.timeline.at(-1)).toMatchObject({ type: 'supplement_received', attachments: [copy] });
  });
});

describe(`the OpenAPI document on ${engine}`, () => {
  it('documents the dossier paths with bilingual summaries, examples and the error body', async () => {
    const r = await t.app.inject('/docs/json');
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    for (const p of [
      '/api/v1/dossiers',
      '/api/v1/dossiers/supplement-requests',
      '/api/v1/dossiers/refusals',
      '/api/v1/dossiers/{code}',
      '/api/v1/dossiers/{code}/allowed-actions',
      '/api/v1/dossiers/{code}/actions',
      '/api/v1/dossiers/{code}/supplement',
      '/api/v1/files',
      '/api/v1/public/dossiers/{code}',
    ])
      expect(Object.keys(doc.paths), p).toContain(p);
    const create = doc.paths['/api/v1/dossiers'].post;
    expect(create.tags).toEqual(['dossiers']);
    expect(create.summary).toContain(' / ');
    expect(create.parameters.map((x: { name: string; in: string }) => `${x.in}:${x.name}`)).toContain('header:idempotency-key');
    const media = create.requestBody.content['application/json'];
    expect(media.example ?? Object.values(media.examples ?? {})[0]).toMatchObject({ procedureCode: '1.002099' });
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['200', '201', '400', '409']));
    const actions = doc.paths['/api/v1/dossiers/{code}/actions'].post;
    expect(actions.requestBody.content['application/json'].examples.forward).toMatchObject({ summary: expect.stringContaining(' / '), value: { type: 'forward' } });
    expect(actions.parameters.map((x: { name: string }) => x.name)).toContain('if-match');
    const inboxItem = doc.paths['/api/v1/dossiers'].get.responses['200'].content['application/json'].schema.properties.items.items;
    expect(inboxItem.properties.currentDueAt).toBeDefined();
    expect(JSON.stringify(inboxItem.properties.receivedAt)).toContain('date-time');
  });
});
