// The applicant's own dossier page: the supplement request as the citizen sees it, and the answer sent online with
// files, through HTTP as a browser without JavaScript would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '../../src/app/actor.js';
import { act, getDossier, receiveSubmitted, saveDraft, saveFile, submitOnline, userActor, type DossierView } from '../../src/app/dossiers/index.js';
import { getProcedure } from '../../src/app/catalogue.js';
import { DEMO_PASSWORD } from '../../src/seed/seed.js';
import { createTestApp, formSession, type TestApp } from '../support/app.js';
import { engine } from '../support/db.js';
import { multipart } from '../support/multipart.js';

let t: TestApp;
const A: Record<string, UserActor> = {};
const MARITAL = '1.004873'; // commune procedure, 2 working days
const pdf = (text: string) => Buffer.from(`%PDF-1.7\n% ${text}\n%%EOF\n`);
let d: DossierView;

beforeAll(async () => {
  t = await createTestApp();
  for (const u of ['congdan', 'doanhnghiep', 'tiepnhan.anphu', 'chuyenvien.anphu']) A[u] = await userActor(t.ctx, u);
  t.clock.now = new Date('2026-11-30T01:00:00Z');
  const names = ((await getProcedure(t.ctx, null, MARITAL)).body as { documents: { name: string }[] }).documents.map((x) => x.name);
  const files = [];
  for (const n of ['to-khai.pdf', 'cccd.pdf']) files.push((await saveFile(t.ctx, A.congdan!, { name: n, bytes: new Uint8Array(pdf(n)), declaredType: 'application/pdf' })).id);
  const draft = await saveDraft(t.ctx, A.congdan!, { procedureCode: MARITAL, competentUnitCode: '000.00.43.H99', documents: [{ name: names[0]!, fileIds: [files[0]!] }, { name: names[2]!, fileIds: [files[1]!] }] });
  d = (await submitOnline(t.ctx, A.congdan!, { draftId: draft.id, idempotencyKey: 'my-page-1' })).dossier;
  t.clock.now = new Date('2026-11-30T02:00:00Z');
  d = (await receiveSubmitted(t.ctx, A['tiepnhan.anphu']!, d.id, { expectedVersion: d.version })).dossier;
  d = await act(t.ctx, A['tiepnhan.anphu']!, d.id, { type: 'forward', payload: { toStepIndex: 1, assigneeId: A['chuyenvien.anphu']!.userId }, expectedVersion: d.version });
  t.clock.now = new Date('2026-11-30T03:30:00Z');
  d = await act(t.ctx, A['chuyenvien.anphu']!, d.id, { type: 'request_supplement', payload: { items: ['Bản sao quyết định ly hôn'], reason: 'Đã từng kết hôn' }, expectedVersion: d.version });
});
afterAll(async () => t?.drop());

async function citizen(username = 'congdan') {
  const s = await formSession(t);
  const r = await s.post('/login', { username, password: DEMO_PASSWORD });
  expect(r.statusCode).toBe(303);
  return s;
}

describe(`the applicant's dossier page on ${engine}`, () => {
  it('lists the dossier with a link, and shows the request with a form to answer it', async () => {
    const s = await citizen();
    const list = await s.get('/my/dossiers');
    expect(list.body).toContain(`href="/my/dossiers/${d.id}"`);
    const page = await s.get(`/my/dossiers/${d.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Bản sao quyết định ly hôn');
    expect(page.body).toContain('Đã từng kết hôn');
    expect(page.body).toContain(`action="/my/dossiers/${d.id}/supplement"`);
    expect(page.body).toContain(`href="/dossiers/${d.id}/forms/01"`);
    expect(page.body).toContain(`href="/dossiers/${d.id}/forms/02"`);
    // Another citizen does not learn that the dossier exists.
    const other = await citizen('doanhnghiep');
    expect((await other.get(`/my/dossiers/${d.id}`)).statusCode).toBe(404);
  });

  it('refuses a program disguised as a PDF next to the field, writing nothing, then takes the real answer', async () => {
    t.clock.now = new Date('2026-12-01T07:00:00Z'); // Tue 14:00
    const s = await citizen();
    const page = await s.get(`/my/dossiers/${d.id}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const cookie = [...s.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const send = (files: { name: string; bytes: Buffer }[], version = d.version) => {
      const m = multipart({ _csrf: csrf, expectedVersion: String(version), note: 'Gửi bản sao quyết định' }, files.map((f) => ({ field: 'files', name: f.name, type: 'application/pdf', bytes: f.bytes })));
      return t.app.inject({ method: 'POST', url: `/my/dossiers/${d.id}/supplement`, headers: { cookie, accept: 'text/html', 'content-type': m.type }, payload: m.payload });
    };
    const bad = await send([{ name: 'qd.pdf', bytes: Buffer.from('MZ\x90\x00 not a pdf', 'binary') }]);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="f-files-err"');
    expect((await getDossier(t.ctx, A.congdan!, d.id)).version).toBe(d.version);
    const stale = await send([{ name: 'qd.pdf', bytes: pdf('qd') }], d.version - 1);
    expect(stale.statusCode).toBe(409);
    expect((await getDossier(t.ctx, A.congdan!, d.id)).version).toBe(d.version);
    const ok = await send([{ name: 'qd.pdf', bytes: pdf('qd') }]);
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/my/dossiers/${d.id}?sent=1`);
    const after = await getDossier(t.ctx, A.congdan!, d.id);
    expect(after.state).toMatchObject({ waitingFor: null, status: 'assigned' });
    expect(after.state.timeline.at(-1)).toMatchObject({ type: 'supplement_received', actorRoles: ['applicant'] });
    expect(after.state.timeline.at(-1)!.attachments).toHaveLength(1);
    const again = await s.get(`/my/dossiers/${d.id}?sent=1`);
    expect(again.body).toContain('Đã gửi phần bổ sung');
    expect(again.body).not.toContain(`action="/my/dossiers/${d.id}/supplement"`);
  });
});
