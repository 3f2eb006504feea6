// The applicant is told of the receipt, a supplement request, an apology, the result ready and the result returned,
// through the outbox written in the action's own transaction; e-mail goes through a real SMTP conversation with a
// server this test starts on a local port.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { UserActor } from '../../src/app/actor.js';
import { act, receiveAtDesk, saveDraft, saveFile, submitOnline, userActor, type DossierView } from '../../src/app/dossiers/index.js';
import { seedDemo } from '../../src/seed/seed.js';
import { AppError } from '../../src/domain/errors.js';
import { LogChannel, SmtpChannel } from '../../src/jobs/channels/index.js';
import { handlers, useChannels } from '../../src/jobs/handlers.js';
import { Worker } from '../../src/jobs/worker.js';
import { createTestDb, engine, type TestDb } from '../support/db.js';
import { fullChecklist } from '../support/dossiers.js';

let t: TestDb;
const A: Record<string, UserActor> = {};
let stp = 0;
const LAWYER = '1.002099'; // Sở Tư pháp through the provincial centre, 5 working days
const set = (iso: string) => (t.clock.now = new Date(iso));

const documentsOf = (code: string) => fullChecklist(t.ctx, code);

const outboxOf = (dossierId: number) =>
  t.ctx.db.selectFrom('notification_outbox').select(['id', 'channel', 'recipient', 'subject', 'body', 'kind', 'status']).where('dossier_id', '=', dossierId).orderBy('id').execute();

/** Decodes a received message's text part (nodemailer picks quoted-printable or base64 for non-ASCII text). */
function textOf(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/content-transfer-encoding:\s*base64/i.test(head!)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head!)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.ctx);
  for (const u of ['tiepnhan', 'chuyenvien', 'lanhdao', 'congdan']) A[u] = await userActor(t.ctx, u);
  stp = (await t.ctx.db.selectFrom('units').select('id').where('code', '=', '000.00.05.H99').executeTakeFirstOrThrow()).id;
});
afterAll(async () => t?.drop());

describe(`messages to the applicant on ${engine}`, () => {
  let d: DossierView;
  const step = async (actor: UserActor, type: string, payload: Record<string, unknown> = {}) => {
    d = await act(t.ctx, actor, d.id, { type, payload, expectedVersion: d.version } as never);
    return d;
  };

  it('queues the receipt on every channel the applicant gave, with the appointment and the tracking link', async () => {
    set('2026-12-03T02:00:00Z'); // Thu 3 Dec 09:00 → due Thu 10 Dec 09:00
    d = (
      await receiveAtDesk(t.ctx, A.tiepnhan!, {
        procedureCode: LAWYER,
        channel: 'counter',
        applicant: { kind: 'citizen', fullName: 'Phan Thị Ngọc', idNumber: '036190012345', phone: '0913 012 345', email: 'ngoc@example.vn' },
        documents: await documentsOf(LAWYER),
        idempotencyKey: 'notify-1',
      })
    ).dossier;
    const rows = await outboxOf(d.id);
    expect(rows.map((r) => [r.channel, r.kind])).toEqual([
      ['email', 'dossier.receipt'],
      ['sms', 'dossier.receipt'],
    ]);
    const [mail, sms] = rows;
    expect(mail!.recipient).toBe('ngoc@example.vn');
    expect(mail!.subject).toContain(d.code!);
    expect(mail!.body).toContain('Kính gửi ông/bà Phan Thị Ngọc');
    expect(mail!.body).toContain('09:00 ngày 10/12/2026');
    expect(mail!.body).toContain(`${t.ctx.config.publicBaseUrl}/tra-cuu/${d.code}?t=${d.trackingToken}`);
    expect(sms!.recipient).toBe('0913012345');
    expect(sms!.body).toBe(`HS ${d.code} da duoc tiep nhan. Hen tra ket qua 09:00 ngay 10/12/2026. Tra cuu: ${t.ctx.config.publicBaseUrl}/tra-cuu/${d.code}?t=${d.trackingToken}`);
    expect(sms!.body).toMatch(/^[\x20-\x7e]+$/);
  });

  it('says nothing of internal hand-overs, and nothing for an action that was refused', async () => {
    set('2026-12-03T03:00:00Z');
    await step(A.tiepnhan!, 'forward', { toStepIndex: 1, assigneeId: A.chuyenvien!.userId });
    expect(await outboxOf(d.id)).toHaveLength(2);
    // A stale version writes nothing: no action, no message.
    await expect(act(t.ctx, A.chuyenvien!, d.id, { type: 'request_supplement', payload: { items: ['x'], reason: 'y' }, expectedVersion: d.version - 1 })).rejects.toBeInstanceOf(AppError);
    expect(await outboxOf(d.id)).toHaveLength(2);
  });

  it('tells of an apology with the new appointment, then the result ready and returned', async () => {
    set('2026-12-09T03:00:00Z'); // Wed 9 Dec 10:00, the day before the due instant
    await step(A.lanhdao!, 'apologise', { lateUnitId: stp, reason: 'Cần xác minh thêm với cơ quan thuế', newDueAt: '2026-12-11T10:00:00.000Z' });
    const apology = (await outboxOf(d.id)).filter((r) => r.kind === 'dossier.apology');
    expect(apology.map((r) => r.channel)).toEqual(['email', 'sms']);
    expect(apology[0]!.body).toContain('Cần xác minh thêm với cơ quan thuế');
    expect(apology[0]!.body).toContain('17:00 ngày 11/12/2026');
    expect(apology[1]!.body).toContain('Hen lai 17:00 ngay 11/12/2026');

    set('2026-12-10T02:00:00Z');
    await step(A.chuyenvien!, 'forward', { toStepIndex: 2 });
    await step(A.lanhdao!, 'approve');
    await step(A.lanhdao!, 'sign', { documentNumber: '123/QĐ-STP' });
    // Issue 10: finished at the approval step; the result comes back to the desk's final step by itself.
    await step(A.lanhdao!, 'finish', {});
    await step(A.tiepnhan!, 'return_result', { method: 'counter' });
    const kinds = (await outboxOf(d.id)).map((r) => `${r.channel}:${r.kind}`);
    expect(kinds.filter((k) => k.endsWith('result_ready'))).toEqual(['email:dossier.result_ready', 'sms:dossier.result_ready']);
    expect(kinds.filter((k) => k.endsWith('returned'))).toEqual(['email:dossier.returned', 'sms:dossier.returned']);
  });

  it('delivers the e-mails through a real SMTP server, once each', async () => {
    const received: { to: string[]; raw: string }[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, done) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
          done();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.server.address() as AddressInfo).port;
      useChannels(t.ctx, { email: new SmtpChannel(`smtp://127.0.0.1:${port}?ignoreTLS=true`, 'Một Cửa <no-reply@hoagiang.gov.vn>'), sms: new LogChannel() });
      const w = new Worker(t.ctx, { handlers });
      await w.drain();
      await w.drain();
      const mine = (await outboxOf(d.id)).filter((r) => r.channel === 'email');
      expect(mine.every((r) => r.status === 'sent')).toBe(true);
      const toApplicant = received.filter((m) => m.to.includes('ngoc@example.vn'));
      expect(toApplicant).toHaveLength(mine.length);
      const receipt = toApplicant.map((m) => textOf(m.raw)).find((x) => x.includes('đã được tiếp nhận'));
      expect(receipt).toContain(d.code!);
      expect(receipt).toContain('Kính gửi ông/bà Phan Thị Ngọc');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe(`payment and withdrawal messages on ${engine} (issue 10)`, () => {
  it('tells of a payment requested (items and total), of the payment recorded and of a declined withdrawal', async () => {
    set('2026-12-14T02:00:00Z');
    let p = (
      await receiveAtDesk(t.ctx, A.tiepnhan!, {
        procedureCode: LAWYER,
        channel: 'counter',
        applicant: { kind: 'citizen', fullName: 'Lò Văn Phí', idNumber: '036190067890', phone: '0913067890', email: 'phi@example.vn' },
        documents: await documentsOf(LAWYER),
        idempotencyKey: 'notify-pay',
      })
    ).dossier;
    const on = async (who: UserActor, type: string, payload: Record<string, unknown>, at: string) => {
      set(at);
      p = await act(t.ctx, who, p.id, { type, payload, expectedVersion: p.version } as never);
    };
    await on(A.tiepnhan!, 'request_payment', { items: [{ name: 'Lệ phí', amountVnd: 100_000 }, { name: 'Phí thẩm định', amountVnd: 50_000 }] }, '2026-12-14T03:00:00Z');
    await on(A.tiepnhan!, 'payment_recorded', { amountVnd: 150_000, receipt: 'BL-0012' }, '2026-12-14T04:00:00Z');
    await on(A.tiepnhan!, 'request_withdrawal', { reason: 'Đổi ý' }, '2026-12-14T05:00:00Z');
    const leader = await userActor(t.ctx, 'lanhdao');
    await on(leader, 'decline_withdrawal', { reason: 'Hồ sơ đã thẩm định xong' }, '2026-12-14T06:00:00Z');
    const rows = (await outboxOf(p.id)).filter((r) => r.channel === 'email');
    expect(rows.map((r) => r.kind)).toEqual(['dossier.receipt', 'dossier.payment_request', 'dossier.payment_recorded', 'dossier.withdrawal_declined']);
    expect(rows[1]!.body).toContain('Tổng cộng: 150.000 đồng');
    expect(rows[2]!.body).toContain('biên lai BL-0012');
    expect(rows[3]!.body).toContain('Hồ sơ đã thẩm định xong');
  });
});

describe(`online submission acknowledged on ${engine} (issue 10)`, () => {
  it('queues the acknowledgement with the submission reference, once, when the submission commits', async () => {
    set('2026-12-15T02:00:00Z');
    const MARITAL = '1.004873';
    const pdf = (n: string) => new Uint8Array(Buffer.from(`%PDF-1.7\n% ${n}\n%%EOF\n`));
    const files = [];
    for (const n of ['to-khai.pdf', 'cccd.pdf']) files.push((await saveFile(t.ctx, A.congdan!, { name: n, bytes: pdf(n), declaredType: 'application/pdf' })).id);
    const names = (await documentsOf(MARITAL)).map((x) => x.name);
    const draft = await saveDraft(t.ctx, A.congdan!, {
      procedureCode: MARITAL,
      competentUnitCode: '000.00.43.H99',
      applicant: { address: 'Thôn Trung, xã An Phú', email: 'mai@example.vn', phone: '0913 099 888' },
      documents: [{ name: names[0]!, fileIds: [files[0]!] }, { name: names[2]!, fileIds: [files[1]!] }],
    });
    expect(await outboxOf(draft.id)).toEqual([]);
    const r = await submitOnline(t.ctx, A.congdan!, { draftId: draft.id, idempotencyKey: 'notify-online', resultDelivery: 'post' });
    expect(r.dossier.state.resultDelivery).toBe('post');
    const again = await submitOnline(t.ctx, A.congdan!, { draftId: draft.id, idempotencyKey: 'notify-online' });
    expect(again.created).toBe(false);
    const rows = await outboxOf(r.dossier.id);
    expect(rows.map((x) => [x.channel, x.kind, x.recipient])).toEqual([
      ['email', 'dossier.submitted', 'mai@example.vn'],
      ['sms', 'dossier.submitted', '0913099888'],
    ]);
    expect(rows[0]!.body).toContain(`số tham chiếu ${r.dossier.id}`);
    expect(rows[1]!.body).toContain(`so tham chieu ${r.dossier.id}`);
  });
});
