// Issue 10 B.11: the applicant's choice of how to get the result is chosen on the desk's reception form (radios) and
// on the apply page, recorded with the action, printed on form 01 and shown on the dossier page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '../../src/app/actor.js';
import { dossierForm, getDossier, receiveAtDesk, userActor } from '../../src/app/dossiers/index.js';
import { DEMO_PASSWORD } from '../../src/seed/seed.js';
import { createTestApp, formSession, type TestApp } from '../support/app.js';
import { engine } from '../support/db.js';
import { fullChecklist } from '../support/dossiers.js';
import { multipart } from '../support/multipart.js';

let t: TestApp;
const A: Record<string, UserActor> = {};
const LAWYER = '1.002099';
const MARITAL = '1.004873';
const attr = (html: string, name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1] ?? null;

beforeAll(async () => {
  t = await createTestApp();
  A.tiepnhan = await userActor(t.ctx, 'tiepnhan');
});
afterAll(async () => t?.drop());

describe(`result delivery on ${engine}`, () => {
  it('is recorded at reception through the API use case and printed on form 01', async () => {
    t.clock.now = new Date('2026-11-23T02:00:00Z');
    const d = (
      await receiveAtDesk(t.ctx, A.tiepnhan!, {
        procedureCode: LAWYER,
        channel: 'counter',
        applicant: { kind: 'citizen', fullName: 'Vũ Thị Bưu', idNumber: '036190011111', address: '12 phố Hàng Bài, phường Đông Thành', phone: '0913011111' },
        documents: await fullChecklist(t.ctx, LAWYER),
        idempotencyKey: 'delivery-1',
        resultDelivery: 'post',
      })
    ).dossier;
    expect(d.state.resultDelivery).toBe('post');
    const form = JSON.stringify(await dossierForm(t.ctx, A.tiepnhan!, d.id, '01'));
    expect(form).toContain('Trả qua dịch vụ bưu chính công ích, đến địa chỉ 12 phố Hàng Bài, phường Đông Thành');
  });

  it('is chosen with radios on the desk form, and shown on the dossier page', async () => {
    const s = await formSession(t);
    expect((await s.post('/login', { username: 'tiepnhan', password: DEMO_PASSWORD })).statusCode).toBe(303);
    const page = await s.get(`/desk/receive/${LAWYER}`);
    expect(page.body).toContain('Cách nhận kết quả');
    expect(page.body).toMatch(/type="radio" name="resultDelivery" value="counter" checked/);
    expect(page.body).toContain('value="online"');
    const fields = {
      _csrf: attr(page.body, '_csrf')!,
      idempotencyKey: attr(page.body, 'idempotencyKey')!,
      kind: 'citizen',
      fullName: 'Lê Văn Mạng',
      idNumber: '036190022222',
      address: 'phường Đông Thành',
      phone: '0913022222',
      doc0: '1',
      doc1: '1',
      doc2: '1',
      resultDelivery: 'online',
      intent: 'receive',
    };
    const { payload, type } = multipart(fields, []);
    const cookie = [...s.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const r = await t.app.inject({ method: 'POST', url: `/desk/receive/${LAWYER}`, headers: { cookie, accept: 'text/html', 'content-type': type }, payload });
    expect(r.statusCode, r.body).toBe(303);
    const id = Number(/^\/desk\/receipts\/(\d+)/.exec(r.headers.location as string)?.[1]);
    expect((await getDossier(t.ctx, A.tiepnhan!, id)).state.resultDelivery).toBe('online');
    const shown = await s.get(`/dossiers/${id}`);
    expect(shown.body).toContain('Cách nhận kết quả: Trả kết quả điện tử trực tuyến');
    expect(JSON.stringify(await dossierForm(t.ctx, A.tiepnhan!, id, '01'))).toContain('Trả kết quả điện tử trực tuyến trên Cổng Dịch vụ công');
  });

  it('is offered on the apply page', async () => {
    const s = await formSession(t);
    expect((await s.post('/login', { username: 'congdan', password: DEMO_PASSWORD })).statusCode).toBe(303);
    const page = await s.get(`/apply/${MARITAL}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Cách nhận kết quả');
    expect(page.body).toMatch(/name="resultDelivery" value="online" checked/);
    expect(page.body).toContain('Trả qua dịch vụ bưu chính công ích');
  });
});
