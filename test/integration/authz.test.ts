// Regression tests for the authorisation holes of issue 10 part D (items 1, 2, 3, 5, 6, 8, 12), through HTTP and the
// use cases, on the engine MOTCUA_TEST_DB names. The clock is the test's own (Monday 30 November 2026 and after);
// nothing here reads the wall clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '../../src/app/actor.js';
import { getProcedure } from '../../src/app/catalogue.js';
import {
  createDelegation,
  delegationCandidates,
  refuseReception,
  requestSupplementBeforeReception,
  saveDraft,
  saveFile,
  submitOnline,
  userActor,
  type DossierView,
} from '../../src/app/dossiers/index.js';
import { DEMO_PASSWORD } from '../../src/seed/seed.js';
import { AppError } from '../../src/domain/errors.js';
import { createTestApp, formSession, type TestApp } from '../support/app.js';
import { engine } from '../support/db.js';

let t: TestApp;
const A: Record<string, UserActor> = {};
const unit: Record<string, number> = {};
const cookies: Record<string, string> = {};
const MARITAL = '1.004873'; // commune procedure, 2 working days
const LAWYER = '1.002099'; // Sở Tư pháp, received at the provincial centre
const AN_PHU = '000.00.43.H99';
const STP = '000.00.05.H99';
const pdf = (text: string) => new Uint8Array(Buffer.from(`%PDF-1.7\n% ${text}\n%%EOF\n`));
const set = (iso: string) => (t.clock.now = new Date(iso));

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected the call to be refused');
}

let ipSeq = 0;
async function api(method: 'GET' | 'POST' | 'PATCH', url: string, o: { as?: string; payload?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.as) headers.cookie = cookies[o.as] ??= await t.loginAs(o.as);
  return t.app.inject({ method, url, headers, payload: o.payload as never, remoteAddress: `10.77.0.${(++ipSeq % 250) + 1}` });
}

/** The documented error shape, bilingual, with field paths. */
function expectErrorShape(r: { json(): unknown }, code?: string) {
  const body = r.json() as { error: { code: string; message: { vi: string; en: string }; fields: { path: string; message: { vi: string; en: string } }[] } };
  expect(body.error.message.vi.length).toBeGreaterThan(0);
  expect(body.error.message.en.length).toBeGreaterThan(0);
  expect(Array.isArray(body.error.fields)).toBe(true);
  if (code) expect(body.error.code).toBe(code);
  return body.error;
}

/** An online MARITAL submission by `who` to the An Phú commune desk (national status 1), not yet received. */
async function onlineSubmission(who: string, key: string): Promise<DossierView> {
  const names = ((await getProcedure(t.ctx, null, MARITAL)).body as { documents: { name: string }[] }).documents.map((x) => x.name);
  const files: string[] = [];
  for (const n of names) files.push((await saveFile(t.ctx, A[who]!, { name: `${key}.pdf`, bytes: pdf(n), declaredType: 'application/pdf' })).id);
  const draft = await saveDraft(t.ctx, A[who]!, { procedureCode: MARITAL, competentUnitCode: AN_PHU, documents: names.map((name, i) => ({ name, fileIds: [files[i]!] })) });
  return (await submitOnline(t.ctx, A[who]!, { draftId: draft.id, idempotencyKey: key })).dossier;
}

beforeAll(async () => {
  t = await createTestApp();
  for (const u of [
    'quantri',
    'theodoi',
    'tiepnhan',
    'chuyenvien',
    'lanhdao',
    'congdan',
    'doanhnghiep',
    'tiepnhan.anphu',
    'chuyenvien.anphu',
    'lanhdao.anphu',
    'tiepnhan.tanlap',
    'tiepnhan.stp',
  ])
    A[u] = await userActor(t.ctx, u);
  for (const u of await t.ctx.db.selectFrom('units').select(['id', 'code']).execute()) unit[u.code] = u.id;
  set('2026-11-30T01:00:00Z'); // Mon 30 Nov 08:00 in Vietnam
}, 300_000); // seeding the demo province is slow on a busy machine
afterAll(async () => t?.drop());

describe(`D1: redirect targets are same-origin paths only, on ${engine}`, () => {
  const hostile = ['/%09/evil.example', '/%0D%0A/evil.example', '//evil.example', '/%5Cevil.example', 'https://evil.example/', '/%E1%BB%85', '/%C3%A9x', '/%20/evil.example', '/%0B/evil.example'];

  it('the language switch falls back to / for anything but a plain path, never a 500', async () => {
    for (const n of hostile) {
      const r = await t.app.inject({ url: `/lang/en?next=${n}`, headers: { accept: 'text/html' } });
      expect(r.statusCode, n).toBe(303);
      expect(r.headers.location, n).toBe('/');
    }
    // A NUL byte anywhere in a request is refused before any route runs (D10), in the documented error shape.
    const nul = await t.app.inject({ url: '/lang/en?next=/%00/x', headers: { accept: 'application/json' } });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error).toMatchObject({ message: { vi: expect.any(String), en: expect.any(String) } });
    const ok = await t.app.inject({ url: `/lang/en?next=${encodeURIComponent('/dossiers?q=Nguy%E1%BB%85n&x=1')}`, headers: { accept: 'text/html' } });
    expect(ok.headers.location).toBe('/dossiers?q=Nguy%E1%BB%85n&x=1');
  });

  it('sign-in (form and already signed in) does the same', async () => {
    for (const n of ['/\t/evil.example', '/\r\n/evil.example', '/\u1ec5', '/\u00a0/evil.example']) {
      const s = await formSession(t);
      const r = await s.post('/login', { username: 'tiepnhan', password: DEMO_PASSWORD, next: n });
      expect(r.statusCode, JSON.stringify(n)).toBe(303);
      expect(r.headers.location, JSON.stringify(n)).toBe('/');
      const again = await s.get(`/login?next=${encodeURIComponent(n)}`);
      expect(again.statusCode).toBe(303);
      expect(again.headers.location).toBe('/');
    }
    const s = await formSession(t);
    const form = await s.get(`/login?next=${encodeURIComponent('/%09/evil.example')}`);
    // Decoded once by the query parser, "/%09/…" is a plain path with an encoded TAB: kept encoded, same origin.
    expect(form.body).toContain('name="next" value="/%09/evil.example"');
    const tab = await s.get(`/login?next=${encodeURIComponent('/\t/evil.example')}`);
    expect(tab.body).toContain('name="next" value="/"');
  });
});

describe(`D2: receiving an online dossier needs the right to read it, on ${engine}`, () => {
  it('refuses a desk outside the dossier’s reach as reading does (403), an applicant with 404, and writes nothing', async () => {
    const d = await onlineSubmission('congdan', 'authz-d2');
    for (const who of ['tiepnhan.tanlap', 'tiepnhan']) {
      const read = await api('GET', `/api/v1/dossiers/${d.id}`, { as: who });
      expect(read.statusCode, who).toBe(403);
      const r = await api('POST', `/api/v1/dossiers/${d.id}/actions`, { as: who, payload: { type: 'receive', expectedVersion: d.version } });
      expect(r.statusCode, who).toBe(403);
      expectErrorShape(r, 'forbidden');
    }
    const other = await api('POST', `/api/v1/dossiers/${d.id}/actions`, { as: 'doanhnghiep', payload: { type: 'receive', expectedVersion: d.version } });
    expect(other.statusCode).toBe(404);
    const still = await api('GET', `/api/v1/dossiers/${d.id}`, { as: 'tiepnhan.anphu' });
    expect(still.json()).toMatchObject({ version: 1, state: { status: 'submitted' } });
  });

  it('refuses a reader who is not a receiving desk (a specialist of the unit)', async () => {
    const d = await onlineSubmission('congdan', 'authz-d2-specialist');
    const r = await api('POST', `/api/v1/dossiers/${d.id}/actions`, { as: 'chuyenvien.anphu', payload: { type: 'receive', expectedVersion: d.version } });
    expect(r.statusCode).toBe(403);
  });

  it('lets the desk it was submitted to receive it', async () => {
    const d = await onlineSubmission('congdan', 'authz-d2-desk');
    set('2026-11-30T02:00:00Z');
    const r = await api('POST', `/api/v1/dossiers/${d.id}/actions`, { as: 'tiepnhan.anphu', payload: { type: 'receive', expectedVersion: d.version } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ state: { status: 'received', receivingUnitId: unit[AN_PHU] } });
  });
});

describe(`D3: delegation and form 02/03 before reception, on ${engine}`, () => {
  const delegation = (toUserId: number) => ({
    toUserId,
    unitId: unit[STP]!,
    scope: 'sign' as const,
    validFrom: new Date('2026-12-01T00:00:00Z'),
    validTo: new Date('2026-12-31T00:00:00Z'),
  });

  it('delegates only to a specialist or leader of the unit itself, never to an administrator, monitor or desk', async () => {
    for (const who of ['quantri', 'theodoi', 'tiepnhan.stp', 'chuyenvien.anphu']) {
      const e = await refusal(createDelegation(t.ctx, A.lanhdao!, delegation(A[who]!.userId)));
      expect([e.kind, e.fields.map((f) => f.path)], who).toEqual(['invalid', ['toUserId']]);
    }
    const ok = await createDelegation(t.ctx, A.lanhdao!, delegation(A.chuyenvien!.userId));
    expect(ok.toUserId).toBe(A.chuyenvien!.userId);
    const offered = (await delegationCandidates(t.ctx, A.lanhdao!, unit[STP]!)).map((c) => c.username);
    expect(offered).toContain('chuyenvien');
    expect(offered).not.toContain('tiepnhan.stp');
    expect(offered).not.toContain('quantri');
  });

  it('refuses the same over HTTP with the documented error', async () => {
    const r = await api('POST', '/api/v1/delegations', {
      as: 'lanhdao',
      payload: { toUserId: A.quantri!.userId, unitId: unit[STP], scope: 'sign', validFrom: '2026-12-01T00:00:00Z', validTo: '2026-12-31T00:00:00Z' },
    });
    expect(r.statusCode).toBe(400);
    expect(expectErrorShape(r).fields.map((f) => f.path)).toEqual(['toUserId']);
  });

  it('issues form 02 and form 03 at the counter only at a desk that may receive the procedure', async () => {
    const base = {
      procedureCode: MARITAL,
      channel: 'counter' as const,
      applicant: { kind: 'citizen' as const, fullName: 'Nguyễn Văn Thử', idNumber: '036190012345', phone: '0913012345' },
      documents: [],
      competentUnitCode: AN_PHU,
    };
    const before = await t.ctx.db.selectFrom('dossiers').select(t.ctx.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const e02 = await refusal(requestSupplementBeforeReception(t.ctx, A['tiepnhan.stp']!, { ...base, idempotencyKey: 'authz-02', items: ['Tờ khai'], reason: 'Thiếu' }));
    expect(e02.kind).toBe('forbidden');
    const e03 = await refusal(refuseReception(t.ctx, A['tiepnhan.stp']!, { ...base, idempotencyKey: 'authz-03', reasons: 'Không thuộc thẩm quyền' }));
    expect(e03.kind).toBe('forbidden');
    const http = await api('POST', '/api/v1/dossiers/refusals', { as: 'tiepnhan.stp', payload: { ...base, idempotencyKey: 'authz-03h', reasons: 'x' } });
    expect(http.statusCode).toBe(403);
    expectErrorShape(http, 'forbidden');
    const after = await t.ctx.db.selectFrom('dossiers').select(t.ctx.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // The commune's own desk may.
    const ok = await requestSupplementBeforeReception(t.ctx, A['tiepnhan.anphu']!, { ...base, idempotencyKey: 'authz-02ok', items: ['Tờ khai'], reason: 'Thiếu' });
    expect(ok.dossier.state.status).toBe('supplement_before_reception');
  });
});

describe(`D5 and D8: payments, and what the applicant's API shows, on ${engine}`, () => {
  let id: number;
  let version: number;
  const act = async (as: string, type: string, payload: Record<string, unknown>, comment?: string) => {
    const r = await api('POST', `/api/v1/dossiers/${id}/actions`, { as, payload: { type, payload, expectedVersion: version, ...(comment ? { comment } : {}) } });
    if (r.statusCode === 200) version = (r.json() as { version: number }).version;
    return r;
  };

  it('keeps the payment from the applicant; the desk records exactly the requested amount (422 otherwise)', async () => {
    const d = (await api('GET', '/api/v1/my/dossiers', { as: 'congdan' })).json() as { items: { id: number; version: number; status: string }[] };
    const mine = d.items.find((i) => i.status === 'received')!;
    id = mine.id;
    version = mine.version;
    expect(mine).not.toHaveProperty('assigneeId');
    expect(mine).not.toHaveProperty('openConsultations');
    set('2026-11-30T02:30:00Z');
    expect((await act('tiepnhan.anphu', 'forward', { toStepIndex: 1, assigneeId: A['chuyenvien.anphu']!.userId }, 'Ghi chú nội bộ: xem kỹ giấy xác nhận')).statusCode).toBe(200);
    set('2026-11-30T03:00:00Z');
    expect((await act('chuyenvien.anphu', 'consult', { toUnitId: unit['000.00.44.H99'], question: 'Xác minh nơi cư trú trước đây', limit: { amount: 1, unit: 'working_days' } })).statusCode).toBe(200);
    expect((await act('chuyenvien.anphu', 'request_payment', { items: [{ name: 'Lệ phí', amountVnd: 20_000 }, { name: 'Phí', amountVnd: 5_000 }] })).statusCode).toBe(200);
    set('2026-11-30T04:00:00Z');
    const own = await act('congdan', 'payment_recorded', { amountVnd: 25_000, online: true });
    expect(own.statusCode).toBe(403);
    expectErrorShape(own, 'forbidden');
    for (const amountVnd of [20_000, 25_001, 1]) {
      const wrong = await act('tiepnhan.anphu', 'payment_recorded', { amountVnd, receipt: 'BL-0000001' });
      expect(wrong.statusCode, String(amountVnd)).toBe(422);
      expect(expectErrorShape(wrong, 'amount_mismatch').fields.map((f) => f.path)).toEqual(['payload.amountVnd']);
    }
    const ok = await act('tiepnhan.anphu', 'payment_recorded', { amountVnd: 25_000, receipt: 'BL-0000001' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ state: { waitingFor: null, payments: [{ totalVnd: 25_000, paidVnd: 25_000 }] } });
  });

  it('shows the applicant what their page shows: no internal consultation, comment or staff login name', async () => {
    const staff = (await api('GET', `/api/v1/dossiers/${id}`, { as: 'chuyenvien.anphu' })).json() as { state: { timeline: unknown[]; consultations: unknown[] } };
    expect(staff.state.consultations).toHaveLength(1);
    expect(JSON.stringify(staff)).toContain('Ghi chú nội bộ');
    const r = await api('GET', `/api/v1/dossiers/${id}`, { as: 'congdan' });
    expect(r.statusCode).toBe(200);
    const body = r.json() as Record<string, unknown> & { state: Record<string, unknown> };
    const text = JSON.stringify(body);
    for (const hidden of ['Ghi chú nội bộ', 'Xác minh nơi cư trú', 'chuyenvien.anphu', 'tiepnhan.anphu', 'Xã Tân Lập', A['chuyenvien.anphu']!.fullName]) expect(text, hidden).not.toContain(hidden);
    for (const key of ['people', 'pinned']) expect(body, key).not.toHaveProperty(key);
    for (const key of ['timeline', 'consultations', 'participants', 'assigneeId', 'scores', 'fold']) expect(body.state, key).not.toHaveProperty(key);
    expect(body).toMatchObject({ id, access: 'applicant', state: { status: expect.any(String), payments: [{ totalVnd: 25_000, paidVnd: 25_000 }], steps: [{ unitId: unit[AN_PHU] }, { unitId: unit[AN_PHU] }] } });
    expect(Object.keys(body.units as object).map(Number)).toEqual([unit[AN_PHU]]);
    // An action the applicant may take answers with the same view.
    const w = await act('congdan', 'request_withdrawal', { reason: 'Không cần nữa' });
    expect(w.statusCode).toBe(200);
    expect(JSON.stringify(w.json())).not.toContain('Ghi chú nội bộ');
    expect(w.json()).not.toHaveProperty('people');
  });
});

describe(`D6: a ward administrator sees and manages only their scope, on ${engine}`, () => {
  const WARD = '000.00.41.H99'; // phường Đông Thành
  const PASSWORD = 'DongThanh@2026';
  // Shared by every test here: the ward's own administrator.
  beforeAll(async () => {
    const made = await api('POST', '/api/v1/users', { as: 'quantri', payload: { username: 'qt.dongthanh', fullName: 'Quản trị phường Đông Thành', password: PASSWORD, memberships: [{ unitId: unit[WARD], role: 'admin' }] } });
    expect(made.statusCode).toBe(201);
    cookies['qt.dongthanh'] = await t.loginAs('qt.dongthanh', PASSWORD);
  });

  it('lists the ward’s staff only: no applicant account, no other unit’s staff (API and page)', async () => {
    const congdanId = A.congdan!.userId;
    for (const kind of ['citizen', 'business']) {
      const r = await api('GET', `/api/v1/users?kind=${kind}&includeInactive=true`, { as: 'qt.dongthanh' });
      expect(r.statusCode).toBe(200);
      expect(r.json(), kind).toEqual([]);
    }
    const staff = (await api('GET', '/api/v1/users?includeInactive=true', { as: 'qt.dongthanh' })).json() as { username: string; memberships: { unitId: number }[] }[];
    expect(staff.map((u) => u.username)).toEqual(expect.arrayContaining(['qt.dongthanh', 'tiepnhan.dongthanh']));
    for (const u of staff) expect(u.memberships, u.username).toContainEqual(expect.objectContaining({ unitId: unit[WARD] }));
    // The province's administrator still sees every applicant.
    const all = (await api('GET', '/api/v1/users?kind=citizen', { as: 'quantri' })).json() as { username: string }[];
    expect(all.map((u) => u.username)).toContain('congdan');
    const page = await api('GET', '/admin/users', { as: 'qt.dongthanh', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('tiepnhan.dongthanh');
    for (const hidden of ['congdan', 'doanhnghiep', 'lanhdao.anphu', '036190000123']) expect(page.body, hidden).not.toContain(hidden);
    const one = await api('GET', `/api/v1/users/${congdanId}`, { as: 'qt.dongthanh' });
    expect(one.statusCode).toBe(403);
    expectErrorShape(one, 'forbidden');
  });

  it('cannot take over a retired account from outside the ward (read, reset its password, reactivate)', async () => {
    const target = (await api('GET', '/api/v1/users?q=chuyenvien.tanlap', { as: 'quantri' })).json() as { id: number; version: number }[];
    const retiredId = target[0]!.id;
    const retired = await api('PATCH', `/api/v1/users/${retiredId}`, { as: 'quantri', payload: { version: target[0]!.version, active: false, memberships: [] } });
    expect(retired.json()).toMatchObject({ active: false, memberships: [] });
    const version = (retired.json() as { version: number }).version;
    expect((await api('GET', `/api/v1/users/${retiredId}`, { as: 'qt.dongthanh' })).statusCode).toBe(403);
    for (const payload of [{ version, password: 'TakeOver@2026' }, { version, active: true }, { version, memberships: [{ unitId: unit[WARD], role: 'specialist' }] }, { version, email: 'x@example.vn' }]) {
      const r = await api('PATCH', `/api/v1/users/${retiredId}`, { as: 'qt.dongthanh', payload });
      expect(r.statusCode, JSON.stringify(payload)).toBe(403);
    }
    const page = await api('GET', `/admin/users/${retiredId}`, { as: 'qt.dongthanh', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(403);
    const after = (await api('GET', `/api/v1/users/${retiredId}`, { as: 'quantri' })).json();
    expect(after).toMatchObject({ version, active: false, memberships: [] });
  });

  it('reads only the audit entries of the ward (API and page); the province reads everything', async () => {
    const mine = (await api('GET', '/api/v1/audit?limit=500', { as: 'qt.dongthanh' })).json() as { unitId: number | null; actorLabel: string; action: string }[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine).toContainEqual(expect.objectContaining({ action: 'user.create', unitId: unit[WARD] }));
    // Each entry is the ward's, or unit-less by one of the ward's own people.
    const wardPeople = ['qt.dongthanh', 'tiepnhan.dongthanh', 'chuyenvien.dongthanh', 'lanhdao.dongthanh'];
    expect(mine.filter((e) => e.unitId !== unit[WARD] && !(e.unitId === null && wardPeople.includes(e.actorLabel)))).toEqual([]);
    const all = (await api('GET', '/api/v1/audit?limit=500', { as: 'quantri' })).json() as { unitId: number | null; actorLabel: string }[];
    expect(all).toContainEqual(expect.objectContaining({ unitId: unit[AN_PHU] }));
    const page = await api('GET', '/admin/audit', { as: 'qt.dongthanh', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('tiepnhan.anphu');
    expect((await api('GET', '/admin/audit', { as: 'quantri', headers: { accept: 'text/html' } })).body).toContain('tiepnhan.anphu');
  });
});

describe(`D12: one account per ID number; an idempotency key is for one request, on ${engine}`, () => {
  it('refuses to register an ID number another account holds, saying how to recover it', async () => {
    const body = { kind: 'citizen', username: 'mai.do2', fullName: 'Đỗ Thị Mai', password: 'CongDan2026', idNumber: '036190000123' };
    const r = await api('POST', '/api/v1/register', { payload: body });
    expect(r.statusCode).toBe(409);
    const e = expectErrorShape(r, 'id_number_taken');
    expect(e.fields.map((f) => f.path)).toEqual(['idNumber']);
    expect(e.message.vi).toContain('Bộ phận Một cửa');
    expect(e.message.en).toContain('desk');
    expect(await t.ctx.db.selectFrom('users').select('id').where('username', '=', 'mai.do2').executeTakeFirst()).toBeUndefined();
    const fresh = await api('POST', '/api/v1/register', { payload: { ...body, idNumber: '036190000999' } });
    expect(fresh.statusCode).toBe(201);
  });

  it('refuses a second account for an enterprise code, and writes nothing', async () => {
    const body = { kind: 'business', username: 'cty.hoalong', fullName: 'Lê Văn Long', password: 'DoanhNghiep2026', organisationName: 'Công ty TNHH Hòa Long', taxCode: '0312345678' };
    expect((await api('POST', '/api/v1/register', { payload: body })).statusCode).toBe(201);
    const r = await api('POST', '/api/v1/register', { payload: { ...body, username: 'cty.hoalong2' } });
    expect(r.statusCode).toBe(409);
    const e = expectErrorShape(r, 'tax_code_taken');
    expect(e.fields.map((f) => f.path)).toEqual(['taxCode']);
    expect(e.message.vi).toContain('Bộ phận Một cửa');
    expect(await t.ctx.db.selectFrom('users').select('id').where('username', '=', 'cty.hoalong2').executeTakeFirst()).toBeUndefined();
    // A branch has its own code (10-3 digits) and its own account.
    expect((await api('POST', '/api/v1/register', { payload: { ...body, username: 'cty.hoalong.cn1', taxCode: '0312345678-001' } })).statusCode).toBe(201);
  });

  it('answers a replay of the same reception with the first dossier, and a different body with 422 (writing nothing)', async () => {
    set('2026-12-01T02:00:00Z');
    delete cookies.tiepnhan; // a new day: sign in again
    const names = ((await getProcedure(t.ctx, null, LAWYER)).body as { documents: { name: string }[] }).documents.map((x) => ({ name: x.name, provided: true }));
    const body = { procedureCode: LAWYER, channel: 'counter', applicant: { kind: 'citizen', fullName: 'Lý Thị Thu', idNumber: '036190077777', phone: '0913077777' }, documents: names };
    const headers = { 'idempotency-key': 'authz-idem-1' };
    const first = await api('POST', '/api/v1/dossiers', { as: 'tiepnhan', payload: body, headers });
    expect(first.statusCode).toBe(201);
    const again = await api('POST', '/api/v1/dossiers', { as: 'tiepnhan', payload: body, headers });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, dossier: { id: first.json().dossier.id } });
    const count = async () => Number((await t.ctx.db.selectFrom('dossiers').select(t.ctx.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    for (const changed of [{ ...body, applicant: { ...body.applicant, fullName: 'Người Khác' } }, { ...body, comment: 'Khác' }, { ...body, channel: 'postal' }]) {
      const r = await api('POST', '/api/v1/dossiers', { as: 'tiepnhan', payload: changed, headers });
      expect(r.statusCode).toBe(422);
      expect(expectErrorShape(r, 'idempotency_key_reused').fields.map((f) => f.path)).toEqual(['idempotencyKey']);
      expect(JSON.stringify(r.json())).not.toContain(first.json().dossier.code);
    }
    expect(await count()).toBe(before);
  });
});
