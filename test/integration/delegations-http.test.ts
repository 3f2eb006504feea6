// Delegation of signature (ủy quyền) over HTTP, on the engine MOTCUA_TEST_DB names: the /delegations page (list,
// create with its validation, revoke), the JSON API, and signing a dossier under a delegation through the dossier
// API, refused once the delegation is revoked or expired. The clock starts on Monday 23 November 2026, 09:00 in
// Vietnam (02:00Z).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '../../src/app/actor.js';
import { act, receiveAtDesk, userActor, type DossierView } from '../../src/app/dossiers/index.js';
import { parseVnLocal } from '../../src/http/vn-time.js';
import { createTestApp, formSession, unitId, type TestApp } from '../support/app.js';
import { engine } from '../support/db.js';

let t: TestApp;
const cookies: Record<string, string> = {};
const user: Record<string, number> = {};
const A: Record<string, UserActor> = {};
let stp: number;

const STP = '000.00.05.H99'; // Sở Tư pháp: lanhdao leads it, chuyenvien works there
const LAWYER = '1.002099'; // decided by Sở Tư pháp, received at the provincial centre
const at = (iso: string) => (t.clock.now = new Date(iso));

let ipSeq = 0;
async function call(method: 'GET' | 'POST', url: string, o: { as?: string; payload?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (o.as) headers.cookie = cookies[o.as] ??= await t.loginAs(o.as);
  return t.app.inject({ method, url, headers, payload: o.payload as never, remoteAddress: `10.88.0.${++ipSeq % 250}` });
}

async function signedIn(username: string) {
  const s = await formSession(t);
  const r = await s.post('/login', { username, password: 'MotCua@2026', next: '/' });
  expect(r.statusCode).toBe(303);
  return s;
}

const paths = (r: { json(): { error: { fields: { path: string }[] } } }) => r.json().error.fields.map((f) => f.path);

/** A LAWYER dossier received at the desk, handled by chuyenvien and approved by lanhdao: next comes the signature. */
async function approvedDossier(key: string): Promise<DossierView> {
  const v = await t.ctx.db
    .selectFrom('procedures as p')
    .innerJoin('procedure_versions as pv', 'pv.id', 'p.current_version_id')
    .select('pv.body')
    .where('p.code', '=', LAWYER)
    .executeTakeFirstOrThrow();
  const documents = (v.body as unknown as { documents: { name: string }[] }).documents.map((d) => ({ name: d.name, provided: true }));
  let d = (
    await receiveAtDesk(t.ctx, A.tiepnhan!, {
      procedureCode: LAWYER,
      channel: 'counter',
      applicant: { kind: 'citizen', fullName: 'Trịnh Văn Khải', idNumber: '036190054321', phone: '0913222333', address: 'Phường Đông Thành' },
      documents,
      idempotencyKey: key,
    })
  ).dossier;
  d = await act(t.ctx, A.tiepnhan!, d.id, { type: 'forward', payload: { toStepIndex: 1, assigneeId: A.chuyenvien!.userId }, expectedVersion: d.version });
  d = await act(t.ctx, A.chuyenvien!, d.id, { type: 'forward', payload: { toStepIndex: 2 }, expectedVersion: d.version });
  d = await act(t.ctx, A.lanhdao!, d.id, { type: 'approve', payload: {}, expectedVersion: d.version });
  expect(d.state.status).toBe('awaiting_signature');
  return d;
}

const sign = (d: DossierView, as: string) =>
  call('POST', `/api/v1/dossiers/${encodeURIComponent(d.code!)}/actions`, { as, payload: { type: 'sign', payload: { documentNumber: `${d.id}/GĐK-STP` }, expectedVersion: d.version } });

beforeAll(async () => {
  t = await createTestApp();
  stp = await unitId(t, STP);
  for (const u of await t.ctx.db.selectFrom('users').select(['id', 'username']).execute()) user[u.username] = u.id;
  for (const u of ['tiepnhan', 'chuyenvien', 'lanhdao']) A[u] = await userActor(t.ctx, u);
});
afterAll(async () => t?.drop());

describe('reading Vietnamese local times', () => {
  it('takes datetime-local and dd/mm/yyyy hh:mm as UTC+7, and refuses impossible dates', () => {
    expect(parseVnLocal('2026-12-01T07:30')?.toISOString()).toBe('2026-12-01T00:30:00.000Z');
    expect(parseVnLocal('2026-12-01T07:30:15')?.toISOString()).toBe('2026-12-01T00:30:15.000Z');
    expect(parseVnLocal('1/12/2026 7:30')?.toISOString()).toBe('2026-12-01T00:30:00.000Z');
    expect(parseVnLocal('2026-02-30T08:00')).toBeNull();
    expect(parseVnLocal('2026-12-01T25:00')).toBeNull();
    expect(parseVnLocal('mai')).toBeNull();
  });
});

describe(`the delegations page on ${engine}`, () => {
  let id: number;

  it('sends an anonymous visitor to sign in', async () => {
    const r = await t.app.inject({ url: '/delegations', headers: { accept: 'text/html' } });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/login?next=%2Fdelegations');
  });

  it('offers a leader the units they lead and those units’ officials', async () => {
    const s = await signedIn('lanhdao');
    const r = await s.get('/delegations');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Giao ủy quyền mới');
    expect(r.body).toMatch(new RegExp(`<option value="${stp}" selected>Sở Tư pháp \\(${STP.replace(/\./g, '\\.')}\\)</option>`));
    expect(r.body).toContain(`<option value="${user.chuyenvien}">Lê Minh Tuấn (chuyenvien)`);
    expect(r.body).not.toContain(`<option value="${user['chuyenvien.sxd']}">`);
    expect(r.body).not.toContain(`<option value="${user.lanhdao}">`);
    expect(r.body).toContain('<label for="f-validFrom">');
    expect(r.body).toContain('type="datetime-local"');
    expect(r.body).toMatch(/<input type="radio" id="f-scope-sign" name="scope" value="sign" checked\s*\/?>/);
    // The start defaults to now, in Vietnamese time.
    expect(r.body).toContain('value="2026-11-23T09:00"');
  });

  it('shows every problem at once, on the form with what was typed', async () => {
    const s = await signedIn('lanhdao');
    const back = await s.post('/delegations', {
      unitId: String(stp),
      toUserId: String(user.chuyenvien),
      scope: 'sign',
      procedureCodes: `${LAWYER}\n9.99`,
      validFrom: '2026-11-25T08:00',
      validTo: '2026-11-24T17:00',
    });
    expect(back.statusCode).toBe(400);
    expect(back.body).toContain('role="alert"');
    expect(back.body).toContain('href="#f-validTo"');
    expect(back.body).toContain('Thời điểm kết thúc phải sau thời điểm bắt đầu');
    expect(back.body).toContain('href="#f-procedureCodes"');
    expect(back.body).toMatch(/id="f-validTo"[^>]*aria-invalid="true"/);
    expect(back.body).toContain('value="2026-11-25T08:00"');
    expect(back.body).toContain(`${LAWYER}\n9.99</textarea>`);
    expect(back.body).toContain(`<option value="${user.chuyenvien}" selected>`);

    const other = await s.post('/delegations', {
      unitId: String(stp),
      toUserId: String(user['chuyenvien.sxd']),
      scope: 'approve_and_sign',
      procedureCodes: '',
      validFrom: 'ngày mai',
      validTo: '30/11/2026 17:00',
    });
    expect(other.statusCode).toBe(400);
    expect(other.body).toContain('Người được ủy quyền phải là cán bộ của đơn vị');
    expect(other.body).toContain('Thời điểm bắt đầu phải có dạng ngày/tháng/năm giờ:phút');
    // The summary follows the form: the delegate first, then the start.
    expect(other.body.indexOf('href="#f-toUserId"')).toBeLessThan(other.body.indexOf('href="#f-validFrom"'));
    expect(other.body).toMatch(/<input type="radio" id="f-scope-approve_and_sign" name="scope" value="approve_and_sign" checked/);

    const empty = await s.post('/delegations', { unitId: String(stp), toUserId: '', scope: 'sign', procedureCodes: '', validFrom: '', validTo: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Cần chọn người được ủy quyền');
    expect(empty.body).toContain('Cần nhập thời điểm kết thúc');
    expect(await t.ctx.db.selectFrom('delegations').select('id').execute()).toEqual([]);
  });

  it('refuses a forged form and a specialist who tries to delegate', async () => {
    const s = await signedIn('lanhdao');
    const fields = { unitId: String(stp), toUserId: String(user.chuyenvien), scope: 'sign', procedureCodes: '', validFrom: '2026-11-23T09:00', validTo: '2026-11-30T17:00' };
    expect((await s.post('/delegations', fields, 'x'.repeat(32))).statusCode).toBe(403);
    const cv = await signedIn('chuyenvien');
    const page = await cv.get('/delegations');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Giao ủy quyền mới');
    expect(page.body).toContain('Bạn chưa được ai ủy quyền.');
    const r = await cv.post('/delegations', { ...fields, toUserId: String(user.lanhdao) });
    expect(r.statusCode).toBe(403);
    expect(r.body).toContain('phạm vi (thẩm quyền)');
    expect(await t.ctx.db.selectFrom('delegations').select('id').execute()).toEqual([]);
  });

  it('creates a delegation, lists it for both sides, and revokes it', async () => {
    const s = await signedIn('lanhdao');
    const ok = await s.post('/delegations', {
      unitId: String(stp),
      toUserId: String(user.chuyenvien),
      scope: 'approve_and_sign',
      procedureCodes: `${LAWYER}, ${LAWYER}`,
      validFrom: '2026-11-23T08:00',
      validTo: '30/11/2026 17:00',
    });
    expect(ok.statusCode, ok.body).toBe(303);
    expect(ok.headers.location).toBe('/delegations?created=1');
    const row = await t.ctx.db.selectFrom('delegations').selectAll().executeTakeFirstOrThrow();
    id = row.id;
    expect(row).toMatchObject({ from_user_id: user.lanhdao, to_user_id: user.chuyenvien, unit_id: stp, scope: 'approve_and_sign', procedure_codes: [LAWYER], revoked_at: null });
    expect([row.valid_from.toISOString(), row.valid_to.toISOString()]).toEqual(['2026-11-23T01:00:00.000Z', '2026-11-30T10:00:00.000Z']);

    const mine = await s.get('/delegations?created=1');
    expect(mine.body).toContain('Đã giao ủy quyền.');
    const given = mine.body.slice(mine.body.indexOf('id="given-h"'));
    expect(given).toContain('Lê Minh Tuấn');
    expect(given).toContain('Duyệt và ký thay');
    expect(given).toContain(`<code>${LAWYER}</code>`);
    expect(given).toContain('<time datetime="2026-11-23T08:00:00+07:00">23/11/2026 08:00</time> – <time datetime="2026-11-30T17:00:00+07:00">30/11/2026 17:00</time>');
    expect(given).toContain('<span class="badge ok">Đang hiệu lực</span>');
    expect(given).toContain(`action="/delegations/${id}/revoke"`);

    const cv = await signedIn('chuyenvien');
    const theirs = await cv.get('/delegations');
    expect(theirs.body).toContain('Hoàng Văn Nam');
    expect(theirs.body).toContain('Đang hiệu lực');
    expect(theirs.body).not.toContain(`action="/delegations/${id}/revoke"`);
    // Only the delegator revokes.
    const notYours = await cv.post(`/delegations/${id}/revoke`, {});
    expect(notYours.statusCode).toBe(403);

    const revoked = await s.post(`/delegations/${id}/revoke`, {});
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe('/delegations?revoked=1');
    expect((await t.ctx.db.selectFrom('delegations').select('revoked_at').where('id', '=', id).executeTakeFirstOrThrow()).revoked_at?.toISOString()).toBe('2026-11-23T02:00:00.000Z');
    const after = await s.get('/delegations?revoked=1');
    expect(after.body).toContain('Đã thu hồi ủy quyền.');
    expect(after.body).toMatch(/<span class="badge err">Đã thu hồi<\/span> <span class="muted">lúc <time[^>]*>23\/11\/2026 09:00<\/time>/);
    expect(after.body).not.toContain(`action="/delegations/${id}/revoke"`);
    const twice = await s.post(`/delegations/${id}/revoke`, {});
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('Ủy quyền đã bị thu hồi');
  });

  it('speaks English too', async () => {
    const s = await signedIn('lanhdao');
    await s.get('/lang/en?next=/delegations');
    const r = await s.get('/delegations');
    expect(r.body).toContain('Delegations I gave');
    expect(r.body).toContain('Approve and sign on behalf');
    expect(r.body).toContain('<span class="badge err">Revoked</span>');
    const bad = await s.post('/delegations', { unitId: String(stp), toUserId: String(user.chuyenvien), scope: 'sign', procedureCodes: '', validFrom: '2026-11-25T08:00', validTo: '2026-11-24T08:00' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('The end must be after the start');
  });
});

describe(`the delegations API on ${engine}`, () => {
  const body = (extra: Record<string, unknown> = {}) => ({
    toUserId: user.chuyenvien,
    unitId: stp,
    scope: 'approve_and_sign',
    procedureCodes: [LAWYER],
    validFrom: '2026-11-23T08:00:00+07:00',
    validTo: '2026-12-04T17:00:00+07:00',
    ...extra,
  });
  let id: number;

  it('needs a signed-in official', async () => {
    expect((await call('GET', '/api/v1/delegations')).statusCode).toBe(401);
    expect((await call('POST', '/api/v1/delegations', { payload: body() })).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/delegations', { as: 'congdan' })).statusCode).toBe(403);
  });

  it('names the field at fault, in both languages', async () => {
    const local = await call('POST', '/api/v1/delegations', { as: 'lanhdao', payload: body({ validFrom: '2026-11-23T08:00:00' }) });
    expect(local.statusCode).toBe(400);
    expect(paths(local)).toEqual(['body.validFrom']);
    expect(local.json().error.fields[0].message.vi).toContain('múi giờ');
    expect(local.json().error.fields[0].message.en).toContain('offset');

    const backwards = await call('POST', '/api/v1/delegations', { as: 'lanhdao', payload: body({ validTo: '2026-11-23T07:59:00+07:00' }) });
    expect(backwards.statusCode).toBe(400);
    expect(paths(backwards)).toEqual(['validTo']);
    expect(backwards.json().error.fields[0].message).toEqual({ vi: 'Thời điểm kết thúc phải sau thời điểm bắt đầu', en: 'The end must be after the start' });

    const past = await call('POST', '/api/v1/delegations', { as: 'lanhdao', payload: body({ validFrom: '2026-11-20T08:00:00+07:00', validTo: '2026-11-22T17:00:00+07:00' }) });
    expect([past.statusCode, ...paths(past)]).toEqual([400, 'validTo']);

    const stranger = await call('POST', '/api/v1/delegations', { as: 'lanhdao', payload: body({ toUserId: user['chuyenvien.sxd'] }) });
    expect([stranger.statusCode, ...paths(stranger)]).toEqual([400, 'toUserId']);

    const unknown = await call('POST', '/api/v1/delegations', { as: 'lanhdao', payload: body({ procedureCodes: ['1.999999'] }) });
    expect([unknown.statusCode, ...paths(unknown)]).toEqual([400, 'procedureCodes']);
    expect(unknown.json().error.fields[0].message.vi).toContain('1.999999');

    const self = await call('POST', '/api/v1/delegations', { as: 'lanhdao', payload: body({ toUserId: user.lanhdao }) });
    expect([self.statusCode, ...paths(self)]).toEqual([400, 'toUserId']);

    const badScope = await call('POST', '/api/v1/delegations', { as: 'lanhdao', payload: body({ scope: 'everything' }) });
    expect([badScope.statusCode, ...paths(badScope)]).toEqual([400, 'body.scope']);
  });

  it('refuses a specialist (403) and a leader of another unit (403)', async () => {
    const r = await call('POST', '/api/v1/delegations', { as: 'chuyenvien', payload: body({ toUserId: user.lanhdao }) });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('forbidden');
    const other = await call('POST', '/api/v1/delegations', { as: 'lanhdao.sxd', payload: body() });
    expect(other.statusCode).toBe(403);
  });

  it('creates, lists for both sides, and revokes once', async () => {
    const before = (await t.ctx.db.selectFrom('delegations').select('id').execute()).length;
    const r = await call('POST', '/api/v1/delegations', { as: 'lanhdao', payload: body() });
    expect(r.statusCode, r.body).toBe(201);
    const d = r.json();
    id = d.id;
    expect(r.headers.location).toBe(`/api/v1/delegations/${id}`);
    expect(d).toMatchObject({
      fromUserId: user.lanhdao,
      toUserId: user.chuyenvien,
      unitId: stp,
      scope: 'approve_and_sign',
      procedureCodes: [LAWYER],
      validFrom: '2026-11-23T01:00:00.000Z',
      validTo: '2026-12-04T10:00:00.000Z',
      revokedAt: null,
      inForce: true,
      state: 'in_force',
      from: { id: user.lanhdao, username: 'lanhdao', fullName: 'Hoàng Văn Nam' },
      to: { id: user.chuyenvien, username: 'chuyenvien', fullName: 'Lê Minh Tuấn' },
      unit: { id: stp, code: STP, name: 'Sở Tư pháp' },
    });
    expect(d.procedures).toHaveLength(1);
    expect(d.procedures[0].code).toBe(LAWYER);
    expect(d.procedures[0].name).toEqual(expect.any(String));
    expect((await t.ctx.db.selectFrom('delegations').select('id').execute()).length).toBe(before + 1);
    const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'delegation.create').execute();
    expect(audit.map((a) => String(a.target_id))).toContain(String(id));

    const theirs = await call('GET', '/api/v1/delegations', { as: 'chuyenvien' });
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json().map((x: { id: number; state: string }) => [x.id, x.state])[0]).toEqual([id, 'in_force']);
    const mine = await call('GET', '/api/v1/delegations', { as: 'lanhdao' });
    expect(mine.json().map((x: { state: string }) => x.state)).toEqual(['in_force', 'revoked']);
    expect((await call('GET', `/api/v1/delegations/${id}`, { as: 'chuyenvien' })).json().id).toBe(id);
    expect((await call('GET', `/api/v1/delegations/${id}`, { as: 'chuyenvien.sxd' })).statusCode).toBe(404);
    const listOthers = await call('GET', '/api/v1/delegations', { as: 'chuyenvien.sxd' });
    expect(listOthers.json()).toEqual([]);

    const candidates = await call('GET', '/api/v1/delegations/candidates', { as: 'lanhdao' });
    expect(candidates.statusCode).toBe(200);
    const units = candidates.json();
    expect(units.map((u: { code: string }) => u.code)).toEqual([STP]);
    expect(units[0].candidates.map((c: { username: string }) => c.username)).toContain('chuyenvien');
    expect(units[0].candidates.map((c: { username: string }) => c.username)).not.toContain('lanhdao');
    expect(units[0].candidates.find((c: { username: string }) => c.username === 'chuyenvien').roles).toEqual(['specialist']);
    expect((await call('GET', '/api/v1/delegations/candidates', { as: 'chuyenvien' })).json()).toEqual([]);

    expect((await call('POST', `/api/v1/delegations/${id}/revoke`, { as: 'chuyenvien' })).statusCode).toBe(403);
    expect((await call('POST', '/api/v1/delegations/999999/revoke', { as: 'lanhdao' })).statusCode).toBe(404);
    expect((await call('POST', '/api/v1/delegations/abc/revoke', { as: 'lanhdao' })).statusCode).toBe(400);
    const revoked = await call('POST', `/api/v1/delegations/${id}/revoke`, { as: 'lanhdao' });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ id, state: 'revoked', inForce: false, revokedAt: '2026-11-23T02:00:00.000Z' });
    const again = await call('POST', `/api/v1/delegations/${id}/revoke`, { as: 'lanhdao' });
    expect([again.statusCode, again.json().error.code]).toEqual([400, 'already_revoked']);
  });

  it('is documented under the delegations tag', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json();
    expect(doc.paths['/api/v1/delegations'].post.tags).toEqual(['delegations']);
    expect(doc.paths['/api/v1/delegations'].get.summary).toContain(' / ');
    expect(doc.paths['/api/v1/delegations/{id}/revoke'].post.responses['403']).toBeDefined();
    expect(Object.keys(doc.paths['/api/v1/delegations'].post.requestBody.content['application/json'].schema.properties).sort()).toEqual(
      ['procedureCodes', 'scope', 'toUserId', 'unitId', 'validFrom', 'validTo'],
    );
  });
});

describe(`signing under a delegation through the dossier API on ${engine}`, () => {
  it('marks the act with the delegation while it is in force, and refuses it once revoked or expired', async () => {
    at('2026-11-23T02:00:00Z');
    const [d1, d2, d3] = [await approvedDossier('del-http-1'), await approvedDossier('del-http-2'), await approvedDossier('del-http-3')];
    // No delegation in force (the earlier ones were revoked): the specialist may not sign.
    const before = await sign(d1, 'chuyenvien');
    expect(before.statusCode).toBe(403);

    const created = await call('POST', '/api/v1/delegations', {
      as: 'lanhdao',
      payload: { toUserId: user.chuyenvien, unitId: stp, scope: 'sign', validFrom: '2026-11-23T08:30:00+07:00', validTo: '2026-11-23T10:00:00+07:00' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const del = created.json();
    expect(del.procedures).toEqual([]);
    const allowed = await call('GET', `/api/v1/dossiers/${encodeURIComponent(d1.code!)}/allowed-actions`, { as: 'chuyenvien' });
    expect(allowed.json().actions.find((a: { type: string }) => a.type === 'sign')).toMatchObject({ allowed: true, delegation: { fromUserId: user.lanhdao, scope: 'sign' } });

    const signed = await sign(d1, 'chuyenvien');
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().state.status).toBe('signed');
    expect(signed.json().state.timeline.at(-1).delegation).toEqual({ fromUserId: user.lanhdao, scope: 'sign' });
    const stored = await t.ctx.db.selectFrom('dossier_actions').select(['delegation', 'actor_user_id']).where('dossier_id', '=', d1.id).where('type', '=', 'sign').executeTakeFirstOrThrow();
    expect(stored).toEqual({ delegation: { fromUserId: user.lanhdao, scope: 'sign' }, actor_user_id: user.chuyenvien });
    // The dossier page names the delegator on that act.
    const page = await (await signedIn('lanhdao')).get(`/dossiers/${d1.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Ký thay theo ủy quyền của Hoàng Văn Nam');

    // Expired: an hour and a half later the same delegation no longer applies.
    at('2026-11-23T03:30:00Z');
    const late = await sign(d2, 'chuyenvien');
    expect(late.statusCode).toBe(403);
    expect(await t.ctx.db.selectFrom('dossier_actions').select('seq').where('dossier_id', '=', d2.id).where('type', '=', 'sign').execute()).toEqual([]);
    const states = (await call('GET', '/api/v1/delegations', { as: 'chuyenvien' })).json();
    expect(states.find((x: { id: number }) => x.id === del.id)).toMatchObject({ state: 'expired', inForce: false });
    const listPage = await (await signedIn('chuyenvien')).get('/delegations');
    expect(listPage.body).toMatch(new RegExp(`id="delegation-${del.id}" data-state="expired"[\\s\\S]*?<span class="badge">Hết hạn</span>`));

    // Revoked: a fresh delegation works until the leader withdraws it.
    const fresh = await call('POST', '/api/v1/delegations', {
      as: 'lanhdao',
      payload: { toUserId: user.chuyenvien, unitId: stp, scope: 'sign', procedureCodes: [LAWYER], validFrom: '2026-11-23T10:30:00+07:00', validTo: '2026-11-27T17:00:00+07:00' },
    });
    expect(fresh.statusCode).toBe(201);
    expect((await sign(d2, 'chuyenvien')).statusCode).toBe(200);
    expect((await call('POST', `/api/v1/delegations/${fresh.json().id}/revoke`, { as: 'lanhdao' })).statusCode).toBe(200);
    const afterRevoke = await sign(d3, 'chuyenvien');
    expect(afterRevoke.statusCode).toBe(403);
    expect(afterRevoke.json().error.message.vi).toEqual(expect.any(String));

    // Not yet in force: a delegation from tomorrow does not let them sign today either.
    const tomorrow = await call('POST', '/api/v1/delegations', {
      as: 'lanhdao',
      payload: { toUserId: user.chuyenvien, unitId: stp, scope: 'approve_and_sign', validFrom: '2026-11-24T07:30:00+07:00', validTo: '2026-11-27T17:00:00+07:00' },
    });
    expect(tomorrow.json().state).toBe('upcoming');
    expect((await sign(d3, 'chuyenvien')).statusCode).toBe(403);
    // The leader still signs in their own name.
    const own = await sign(d3, 'lanhdao');
    expect(own.statusCode).toBe(200);
    expect(own.json().state.timeline.at(-1).delegation ?? null).toBeNull();
  });
});
