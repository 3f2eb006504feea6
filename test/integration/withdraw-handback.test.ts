// Issue 10: an online applicant withdraws a submission before reception (withdrawn, not a desk refusal), through the
// page; the desk records that the paper documents went back after a stop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '../../src/app/actor.js';
import { act, getDossier, inbox, receiveAtDesk, saveDraft, saveFile, submitOnline, userActor } from '../../src/app/dossiers/index.js';
import { AppError } from '../../src/domain/errors.js';
import { createTestApp, formSession, type TestApp } from '../support/app.js';
import { engine } from '../support/db.js';
import { fullChecklist } from '../support/dossiers.js';

let t: TestApp;
const A: Record<string, UserActor> = {};
const MARITAL = '1.004873';
const LAWYER = '1.002099';
const pdf = (n: string) => new Uint8Array(Buffer.from(`%PDF-1.7\n% ${n}\n%%EOF\n`));

beforeAll(async () => {
  t = await createTestApp();
  for (const u of ['congdan', 'tiepnhan', 'tiepnhan.anphu', 'lanhdao']) A[u] = await userActor(t.ctx, u);
});
afterAll(async () => t?.drop());

describe(`withdrawal before reception and hand-back on ${engine}`, () => {
  it('the applicant withdraws an online submission from their page; it leaves the desk queue as withdrawn', async () => {
    t.clock.now = new Date('2026-11-23T02:00:00Z');
    const draft = await saveDraft(t.ctx, A.congdan!, { procedureCode: MARITAL, competentUnitCode: '000.00.43.H99' });
    const files = [];
    for (const n of ['to-khai.pdf', 'cccd.pdf']) files.push((await saveFile(t.ctx, A.congdan!, { name: n, bytes: pdf(n), declaredType: 'application/pdf' })).id);
    const names = (await fullChecklist(t.ctx, MARITAL)).map((d) => d.name);
    await saveDraft(t.ctx, A.congdan!, { draftId: draft.id, procedureCode: MARITAL, competentUnitCode: '000.00.43.H99', applicant: { address: 'Thôn Trung, xã An Phú' }, documents: [{ name: names[0]!, fileIds: [files[0]!] }, { name: names[2]!, fileIds: [files[1]!] }] });
    const d = (await submitOnline(t.ctx, A.congdan!, { draftId: draft.id, idempotencyKey: 'withdraw-1' })).dossier;
    const queue = async () => (await inbox(t.ctx, A['tiepnhan.anphu']!, { scope: 'unit', filter: 'submitted' })).items.map((i) => i.id);
    expect(await queue()).toContain(d.id);

    const s = await formSession(t);
    await s.post('/login', { username: 'congdan', password: 'MotCua@2026' });
    const page = await s.get(`/my/dossiers/${d.id}`);
    expect(page.body).toContain('Rút hồ sơ đã nộp');
    const r = await s.post(`/my/dossiers/${d.id}/withdraw`, { expectedVersion: String(d.version), reason: 'Nộp nhầm thủ tục' });
    expect(r.statusCode).toBe(303);
    const after = await getDossier(t.ctx, A.congdan!, d.id);
    expect(after.state).toMatchObject({ status: 'withdrawn', nationalStatus: 8, refusedAt: null });
    expect(after.state.timeline.at(-1)).toMatchObject({ type: 'request_withdrawal', actorId: A.congdan!.userId });
    expect(await queue()).not.toContain(d.id);
    expect((await s.get(`/my/dossiers/${d.id}`)).body).toContain('Đã rút trước khi tiếp nhận');
  });

  it('after a stop the receiving desk records the documents handed back, once', async () => {
    t.clock.now = new Date('2026-11-23T03:00:00Z');
    const applicant = { kind: 'citizen' as const, fullName: 'Nguyễn Văn Trả', idNumber: '036190054321', phone: '0913054321', address: 'Phường Đông Thành' };
    let d = (await receiveAtDesk(t.ctx, A.tiepnhan!, { procedureCode: LAWYER, channel: 'counter', applicant, documents: await fullChecklist(t.ctx, LAWYER), idempotencyKey: 'handback-1' })).dossier;
    const hand = (v: number) => act(t.ctx, A.tiepnhan!, d.id, { type: 'hand_back_documents', payload: { note: 'Ông Trả nhận lại bản chính' }, expectedVersion: v } as never);
    await expect(hand(d.version)).rejects.toBeInstanceOf(AppError);
    t.clock.now = new Date('2026-11-23T04:00:00Z');
    d = await act(t.ctx, A.lanhdao!, d.id, { type: 'stop', payload: { reason: 'Có giấy tờ giả mạo trong hồ sơ', ground: 'forged_documents', documentReference: '12/CV-STP' }, expectedVersion: d.version } as never);
    t.clock.now = new Date('2026-11-23T05:00:00Z');
    d = await hand(d.version);
    expect(d.state.timeline.at(-1)).toMatchObject({ type: 'hand_back_documents', ignored: null });
    const again = await hand(d.version).catch((e: AppError) => e);
    expect(again).toBeInstanceOf(AppError);
    expect((again as AppError).kind).toBe('conflict');
  });
});
