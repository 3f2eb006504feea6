// Issue 10 B.10: an online submission still waiting at the desk one working day later is flagged in the desk's queue
// (API and page) and listed in the desk's daily reminder. Times come from the test clock only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '../../src/app/actor.js';
import { inbox, saveDraft, saveFile, submitOnline, userActor } from '../../src/app/dossiers/index.js';
import { sendDailyReminders } from '../../src/app/reminders.js';
import { createTestApp, formSession, type TestApp } from '../support/app.js';
import { engine } from '../support/db.js';
import { fullChecklist } from '../support/dossiers.js';

let t: TestApp;
const A: Record<string, UserActor> = {};
const MARITAL = '1.004873';
const pdf = (n: string) => new Uint8Array(Buffer.from(`%PDF-1.7\n% ${n}\n%%EOF\n`));

beforeAll(async () => {
  t = await createTestApp();
  for (const u of ['congdan', 'tiepnhan.anphu']) A[u] = await userActor(t.ctx, u);
  await t.ctx.db.updateTable('units').set({ email: 'donvi@hoagiang.gov.vn' }).execute();
});
afterAll(async () => t?.drop());

describe(`online submissions waiting at the desk on ${engine}`, () => {
  it('are flagged after one working day in the queue, on the desk page and in the daily reminder', async () => {
    t.clock.now = new Date('2026-12-04T08:00:00Z'); // Friday 4 Dec 15:00
    const draft = await saveDraft(t.ctx, A.congdan!, { procedureCode: MARITAL, competentUnitCode: '000.00.43.H99' });
    const files = [];
    for (const n of ['to-khai.pdf', 'cccd.pdf']) files.push((await saveFile(t.ctx, A.congdan!, { name: n, bytes: pdf(n), declaredType: 'application/pdf' })).id);
    const names = (await fullChecklist(t.ctx, MARITAL)).map((d) => d.name);
    await saveDraft(t.ctx, A.congdan!, { draftId: draft.id, procedureCode: MARITAL, competentUnitCode: '000.00.43.H99', applicant: { address: 'Thôn Trung, xã An Phú' }, documents: [{ name: names[0]!, fileIds: [files[0]!] }, { name: names[2]!, fileIds: [files[1]!] }] });
    const d = (await submitOnline(t.ctx, A.congdan!, { draftId: draft.id, idempotencyKey: 'wait-1' })).dossier;
    const mine = async () => (await inbox(t.ctx, A['tiepnhan.anphu']!, { scope: 'unit', filter: 'submitted' })).items.find((i) => i.id === d.id)!;

    // Two office hours on Friday, six on Monday: one working day ends Monday 7 Dec 15:00.
    t.clock.now = new Date('2026-12-07T07:59:00Z');
    expect((await mine()).receptionOverdue).toBe(false);
    t.clock.now = new Date('2026-12-07T08:01:00Z');
    expect((await mine()).receptionOverdue).toBe(true);

    const s = await formSession(t);
    await s.post('/login', { username: 'tiepnhan.anphu', password: 'MotCua@2026' });
    const page = await s.get('/desk');
    expect(page.body).toContain('Chờ tiếp nhận quá 01 ngày làm việc');
    const api = await s.get('/api/v1/dossiers?scope=unit&filter=submitted');
    expect(api.statusCode).toBe(200);
    expect(api.json().items.find((i: { id: number }) => i.id === d.id)).toMatchObject({ status: 'submitted', receptionOverdue: true });

    t.clock.now = new Date('2026-12-08T00:30:00Z'); // Tuesday 07:30
    const run = await sendDailyReminders(t.ctx);
    expect(run.workingDay).toBe(true);
    const anphu = (await t.ctx.db.selectFrom('units').select('id').where('code', '=', '000.00.43.H99').executeTakeFirstOrThrow()).id;
    const mail = await t.ctx.db.selectFrom('notification_outbox').selectAll().where('kind', '=', 'reminder.unit').where('dossier_id', 'is', null).execute();
    const body = mail.map((m) => `${m.subject}\n${m.body}`).find((b) => b.includes(`Số tham chiếu ${d.id}`));
    expect(body).toBeDefined();
    expect(body).toMatch(/\d+ hồ sơ trực tuyến chờ tiếp nhận/);
    expect(body).toContain('Hồ sơ nộp trực tuyến chờ tiếp nhận quá 01 ngày làm việc:');
    expect(body).toContain('nộp lúc 15:00 04/12');
    expect(anphu).toBeGreaterThan(0);
  });
});
